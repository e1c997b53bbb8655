import { describe, expect, it } from 'vitest';
import { Redactor, scenarioPrefixOf } from './redact.js';

describe('Redactor', () => {
  it('gives the same value the same token everywhere, and different values different tokens', () => {
    const redactor = new Redactor();
    expect(redactor.add('bucket', 'logs-prod')).toBe('bucket-1');
    expect(redactor.add('bucket', 'logs')).toBe('bucket-2');
    expect(redactor.add('bucket', 'logs-prod')).toBe('bucket-1');
    expect(redactor.text('s3://logs-prod/x and s3://logs/y, not logs-production')).toBe('s3://bucket-1/x and s3://bucket-2/y, not logs-production');
    expect(redactor.text('https://logs-prod.s3.eu-west-1.amazonaws.com')).toBe('https://bucket-1.s3.eu-west-1.amazonaws.com');
  });

  it('numbers account ids in order of appearance, only where twelve digits stand alone', () => {
    const redactor = new Redactor();
    expect(redactor.text('arn:aws:iam::123456789012:role/a arn:aws:iam::210987654321:role/b 123456789012')).toBe(
      'arn:aws:iam::account-1:role/a arn:aws:iam::account-2:role/b account-1',
    );
    expect(redactor.text('1733300000000 REQ123456789012A 12345678901')).toBe('1733300000000 REQ123456789012A 12345678901');
  });

  it('replaces a key prefix glued to what follows it, keeping its separator', () => {
    const redactor = new Redactor();
    redactor.add('prefix', 'team-a/', { glued: true });
    redactor.add('prefix', 'nightly-', { glued: true });
    expect(redactor.text('team-a/20261204T000000Z-abcdef/obj-000001 nightly-20261204T000000Z-abcdef/ s3probe run')).toBe(
      'prefix-1/20261204T000000Z-abcdef/obj-000001 prefix-2-20261204T000000Z-abcdef/ s3probe run',
    );
  });

  it('escapes regular-expression characters in values', () => {
    const redactor = new Redactor();
    redactor.add('host', 'a.b+c');
    expect(redactor.text('a.b+c axb+c')).toBe('host-1 axb+c');
  });
});

describe('scenarioPrefixOf', () => {
  it('strips the run id from the run prefix', () => {
    expect(scenarioPrefixOf({ id: 'R1', prefix: 'team-a/R1/' })).toBe('team-a/');
    expect(scenarioPrefixOf({ id: 'R1', prefix: 'R1/' })).toBe('');
    expect(scenarioPrefixOf({ id: 'R1', prefix: 'odd' })).toBe('odd');
  });
});
