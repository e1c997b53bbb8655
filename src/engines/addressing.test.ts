import { describe, expect, it } from 'vitest';
import { HarnessError } from '../errors.js';
import { addressObject, encodeKey, parseEndpoint } from './addressing.js';

describe('parseEndpoint', () => {
  it('defaults to the regional AWS endpoint over https', () => {
    expect(parseEndpoint(undefined, 'eu-west-1')).toEqual({ protocol: 'https:', hostname: 's3.eu-west-1.amazonaws.com', port: 443, host: 's3.eu-west-1.amazonaws.com' });
  });

  it('keeps an explicit port in the Host header and drops a default one', () => {
    expect(parseEndpoint('http://127.0.0.1:9000', 'us-east-1')).toEqual({ protocol: 'http:', hostname: '127.0.0.1', port: 9000, host: '127.0.0.1:9000' });
    expect(parseEndpoint('http://minio.local:80/', 'us-east-1')).toMatchObject({ port: 80, host: 'minio.local' });
  });

  it('connects to an IPv6 literal without brackets and sends it with them', () => {
    expect(parseEndpoint('http://[::1]:9000', 'us-east-1')).toMatchObject({ hostname: '::1', host: '[::1]:9000' });
  });

  it.each(['not a url', 'ftp://host', 'http://host:9000/base', 'http://user:pw@host'])('rejects %s with a HarnessError naming it', (endpoint) => {
    expect(() => parseEndpoint(endpoint, 'us-east-1')).toThrow(HarnessError);
    expect(() => parseEndpoint(endpoint, 'us-east-1')).toThrow(endpoint);
  });
});

describe('addressObject', () => {
  const endpoint = parseEndpoint('http://s3.example.test:9000', 'us-east-1');

  it('path-style: /<bucket>/<key> on the endpoint host', () => {
    expect(addressObject(endpoint, 'bucket-a', 'k/obj 1', true)).toEqual({
      protocol: 'http:', hostname: 's3.example.test', port: 9000, host: 's3.example.test:9000', path: '/bucket-a/k/obj%201',
    });
  });

  it('virtual-host: /<key> on <bucket>.<host>', () => {
    expect(addressObject(endpoint, 'bucket-a', 'k/obj 1', false)).toEqual({
      protocol: 'http:', hostname: 'bucket-a.s3.example.test', port: 9000, host: 'bucket-a.s3.example.test:9000', path: '/k/obj%201',
    });
  });

  it('refuses virtual-host addressing on an IP endpoint or with a bucket that is no DNS label', () => {
    expect(() => addressObject(parseEndpoint('http://127.0.0.1:9000', 'us-east-1'), 'bucket-a', 'k', false)).toThrow(/path-style/);
    expect(() => addressObject(endpoint, 'Bucket_A', 'k', false)).toThrow(/DNS-compatible/);
  });
});

describe('encodeKey', () => {
  it('encodes as the AWS SDK does: unreserved characters and / kept, everything else percent-encoded', () => {
    expect(encodeKey("a b/c!'()*~é+")).toBe('a%20b/c%21%27%28%29%2A~%C3%A9%2B');
    expect(encodeKey('plain/key-1_2.3~x')).toBe('plain/key-1_2.3~x');
    expect(encodeKey('a//b/')).toBe('a//b/');
  });
});
