import { describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { HarnessError } from '../errors.js';
import { parseScenario } from './parse.js';

const FILE = 'scenarios/x.yaml';
const BASE = { version: 1, name: 'constraints', target: 's3', bucket: 'my-team-s3probe' };

/** BASE with `value` set at the dotted `key` (undefined removes it), as YAML text. */
function documentWith(key: string, value: unknown, base: Record<string, unknown> = BASE): string {
  const document = structuredClone(base) as Record<string, unknown>;
  const parts = key.split('.');
  let holder = document;
  for (const part of parts.slice(0, -1)) holder = (holder[part] ??= {}) as Record<string, unknown>;
  if (value === undefined) delete holder[parts.at(-1)!];
  else holder[parts.at(-1)!] = value;
  return stringify(document);
}

function problemsOf(text: string): string {
  try {
    parseScenario(text, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(HarnessError);
    expect((error as HarnessError).code).toBe('E_SCENARIO');
    expect((error as HarnessError).exitCode).toBe(2);
    return (error as HarnessError).message;
  }
  throw new Error('expected the scenario to be rejected');
}

const ACCEPTED: [string, unknown][] = [
  ['name', 'a'],
  ['name', 'Nightly.us-east-1_v2'],
  ['bucket', 'abc'],
  ['bucket', 'a'.repeat(63)],
  ['bucket', 'my.bucket-1'],
  ['prefix', ''],
  ['prefix', 'a/b/'],
  ['region', 'eu-west-3'],
  ['endpoint', 'http://127.0.0.1:9000'],
  ['endpoint', 'https://s3.example.com/base'],
  ['profile', 'research'],
  ['objects.count', 1],
  ['objects.count', 1_000_000],
  ['objects.size-bytes', [0]],
  ['objects.size-bytes', [5368709120]],
  ['methods', ['get']],
  ['methods', ['ranged-get', 'head']],
  ['schedule.before-upload-ms', [-86_400_000, -1]],
  ['schedule.before-upload-ms', []],
  ['schedule.after-upload-ms', [0, 0.5, 86_400_000]],
  ['schedule.after-upload-ms', []],
  ['schedule.upload-interval-ms', 0],
  ['schedule.upload-interval-ms', 2.5],
  ['concurrency', 1],
  ['concurrency', 4096],
  ['seed', 0],
  ['seed', 4294967295],
  ['sdk.max-attempts', 10],
  ['sdk.request-timeout-ms', 1],
  ['sdk.request-timeout-ms', 600_000],
  ['sdk.request-checksum-calculation', 'WHEN_REQUIRED'],
  ['cleanup', false],
  ['path-style', false],
];

describe('accepted values', () => {
  test.each(ACCEPTED)('%s: %j', (key, value) => {
    expect(() => parseScenario(documentWith(key, value), FILE)).not.toThrow();
  });
});

/** [key, value, the key path the message names, a fragment of what it says was expected, how it shows the value received]. */
const REJECTED: [string, unknown, string, string, string][] = [
  ['version', 2, 'version', '1 (the only scenario format version this build reads)', '2'],
  ['version', '1', 'version', '1 (the only', '"1"'],
  ['version', undefined, 'version', '1 (the only', 'nothing (the key is missing)'],
  ['name', '', 'name', 'a non-empty name', '""'],
  ['name', 'has space', 'name', 'letters, digits', '"has space"'],
  ['name', 'a'.repeat(129), 'name', 'at most 128 characters', '"aaaa'],
  ['name', 5, 'name', 'a non-empty name', '5'],
  ['target', 'aws', 'target', '"local" (the embedded endpoint) or "s3"', '"aws"'],
  ['target', undefined, 'target', '"local"', 'nothing (the key is missing)'],
  ['bucket', 'ab', 'bucket', 'a valid S3 bucket name: 3–63 characters', '"ab"'],
  ['bucket', 'a'.repeat(64), 'bucket', 'a valid S3 bucket name', '"aaaa'],
  ['bucket', 'Upper-case', 'bucket', 'lowercase', '"Upper-case"'],
  ['bucket', '-abc', 'bucket', 'starting and ending with a letter or digit', '"-abc"'],
  ['bucket', 'abc-', 'bucket', 'a valid S3 bucket name', '"abc-"'],
  ['bucket', 'a..b', 'bucket', 'a valid S3 bucket name', '"a..b"'],
  ['bucket', '192.168.1.1', 'bucket', 'a valid S3 bucket name', '"192.168.1.1"'],
  ['bucket', 'under_score', 'bucket', 'a valid S3 bucket name', '"under_score"'],
  ['bucket', undefined, 'bucket', 'a bucket name (required with target s3)', 'nothing (the key is missing)'],
  ['prefix', '/s3probe/', 'prefix', 'does not start with "/"', '"/s3probe/"'],
  ['prefix', 's3probe', 'prefix', 'ends with "/" (or "" for the bucket root)', '"s3probe"'],
  ['prefix', `${'a'.repeat(512)}/`, 'prefix', 'at most 512 characters', '"aaaa'],
  ['prefix', 7, 'prefix', 'a key prefix such as "s3probe/"', '7'],
  ['region', '', 'region', 'a region name such as "us-east-1"', '""'],
  ['region', 'us east', 'region', 'a region name', '"us east"'],
  ['endpoint', 'ftp://example.com', 'endpoint', 'an http:// or https:// URL', '"ftp://example.com"'],
  ['endpoint', 'not a url', 'endpoint', 'an http:// or https:// URL', '"not a url"'],
  ['endpoint', 'http://user:secret@example.com', 'endpoint', 'without user:password', '"http://user:secret@example.com"'],
  ['profile', '', 'profile', 'a profile name from ~/.aws/config', '""'],
  ['profile', ' research', 'profile', 'no surrounding spaces', '" research"'],
  ['objects.count', 0, 'objects.count', 'an integer 1..1,000,000', '0'],
  ['objects.count', 1_000_001, 'objects.count', 'an integer 1..1,000,000', '1000001'],
  ['objects.count', 1.5, 'objects.count', 'an integer 1..1,000,000', '1.5'],
  ['objects.count', '10', 'objects.count', 'an integer 1..1,000,000', '"10"'],
  ['objects.size-bytes', [], 'objects.size-bytes', 'a non-empty list of object sizes', '[]'],
  ['objects.size-bytes', 4096, 'objects.size-bytes', 'a list of object sizes in bytes', '4096'],
  ['objects.size-bytes', [0, -1], 'objects.size-bytes[1]', 'an integer 0..5,368,709,120', '-1'],
  ['objects.size-bytes', [5368709121], 'objects.size-bytes[0]', 'an integer 0..5,368,709,120', '5368709121'],
  ['objects.size-bytes', [1.5], 'objects.size-bytes[0]', 'an integer 0..5,368,709,120', '1.5'],
  ['objects', 200, 'objects', 'a mapping with the keys count, size-bytes', '200'],
  ['methods', [], 'methods', 'a non-empty list of methods from head, ranged-get, get', '[]'],
  ['methods', 'head', 'methods', 'a list of methods', '"head"'],
  ['methods', ['head', 'put'], 'methods[1]', 'one of head, ranged-get, get', '"put"'],
  ['methods', ['head', 'get', 'head'], 'methods[2]', 'a method not listed before (it is already methods[0])', '"head"'],
  ['schedule.before-upload-ms', [0], 'schedule.before-upload-ms[0]', 'a number < 0', '0'],
  ['schedule.before-upload-ms', [-10, 5], 'schedule.before-upload-ms[1]', 'a number < 0', '5'],
  ['schedule.before-upload-ms', [-100, -1000], 'schedule.before-upload-ms[1]', 'greater than the one before it (-100)', '-1000'],
  ['schedule.before-upload-ms', [-5, -5], 'schedule.before-upload-ms[1]', 'strictly ascending', '-5'],
  ['schedule.before-upload-ms', [-86_400_001], 'schedule.before-upload-ms[0]', 'a number ≥ -86,400,000 (one day)', '-86400001'],
  ['schedule.after-upload-ms', [0, 10, -5], 'schedule.after-upload-ms[2]', 'a number ≥ 0', '-5'],
  ['schedule.after-upload-ms', [10, 5], 'schedule.after-upload-ms[1]', 'greater than the one before it (10)', '5'],
  ['schedule.after-upload-ms', [0, 0], 'schedule.after-upload-ms[1]', 'strictly ascending', '0'],
  ['schedule.after-upload-ms', [86_400_001], 'schedule.after-upload-ms[0]', 'a number ≤ 86,400,000', '86400001'],
  ['schedule.after-upload-ms', ['10'], 'schedule.after-upload-ms[0]', 'a number ≥ 0', '"10"'],
  ['schedule.upload-interval-ms', -1, 'schedule.upload-interval-ms', 'a number ≥ 0', '-1'],
  ['schedule.upload-interval-ms', '20', 'schedule.upload-interval-ms', 'a number ≥ 0', '"20"'],
  ['concurrency', 0, 'concurrency', 'an integer 1..4096', '0'],
  ['concurrency', 4097, 'concurrency', 'an integer 1..4096', '4097'],
  ['concurrency', 2.5, 'concurrency', 'an integer 1..4096', '2.5'],
  ['seed', -1, 'seed', 'an integer 0..4,294,967,295', '-1'],
  ['seed', 4294967296, 'seed', 'an integer 0..4,294,967,295', '4294967296'],
  ['seed', 0.5, 'seed', 'an integer 0..4,294,967,295', '0.5'],
  ['sdk.max-attempts', 0, 'sdk.max-attempts', 'an integer 1..10', '0'],
  ['sdk.max-attempts', 11, 'sdk.max-attempts', 'an integer 1..10', '11'],
  ['sdk.request-timeout-ms', 0, 'sdk.request-timeout-ms', 'an integer 1..600,000', '0'],
  ['sdk.request-timeout-ms', 600_001, 'sdk.request-timeout-ms', 'an integer 1..600,000', '600001'],
  ['sdk.request-checksum-calculation', 'ALWAYS', 'sdk.request-checksum-calculation', '"WHEN_SUPPORTED" or "WHEN_REQUIRED"', '"ALWAYS"'],
  ['sdk', null, 'sdk', 'a mapping with the keys max-attempts', 'null (an empty value)'],
  ['cleanup', 'yes', 'cleanup', 'true or false', '"yes"'],
  ['cleanup', 1, 'cleanup', 'true or false', '1'],
  ['path-style', 'true', 'path-style', 'true or false', '"true"'],
];

describe('rejected values', () => {
  test.each(REJECTED)('%s: %j', (key, value, keyPath, expected, got) => {
    const message = problemsOf(documentWith(key, value));
    const line = message.split('\n').find((candidate) => candidate.startsWith(`${FILE}: ${keyPath}: `));
    expect(line, message).toBeDefined();
    const [, expectedText, gotText] = /: expected (.+), got (.+)\. Fix: \S/.exec(line!) ?? [];
    expect(expectedText, line).toContain(expected);
    expect(gotText, line).toContain(got);
  });
});

describe('rules across keys', () => {
  const local = { version: 1, name: 'local-rules', target: 'local' };

  test.each(['endpoint', 'profile'])('%s is refused with target local, naming the reason and the fix', (key) => {
    const message = problemsOf(documentWith(key, key === 'endpoint' ? 'http://127.0.0.1:9000' : 'research', local));
    expect(message).toMatch(new RegExp(`^${FILE}: ${key}: expected no ${key} with target local \\(.+\\), got ".+"\\. Fix: remove \`${key}\`, or set \`target: s3\`$`));
  });

  test('bucket may be left out for target local only', () => {
    expect(parseScenario(stringify(local), FILE).bucket).toBe('s3probe-local');
    expect(problemsOf(documentWith('bucket', undefined))).toContain('bucket: expected a bucket name (required with target s3), got nothing');
  });

  test('a schedule needs at least one offset overall', () => {
    const message = problemsOf(documentWith('schedule', { 'before-upload-ms': [], 'after-upload-ms': [] }));
    expect(message).toBe(`${FILE}: schedule: expected at least one offset in before-upload-ms or after-upload-ms, got two empty lists. Fix: add an offset, e.g. \`after-upload-ms: [0, 100, 1000]\``);
  });

  test('one empty offset list is fine because the other one defaults', () => {
    expect(parseScenario(documentWith('schedule', { 'after-upload-ms': [] }), FILE).schedule.beforeUploadMs).toEqual([-1000, -100]);
  });

  test('YAML .nan and .inf are not numbers a scenario accepts', () => {
    expect(problemsOf(documentWith('concurrency', Number.NaN))).toContain('concurrency: expected an integer 1..4096, got NaN');
    expect(problemsOf(documentWith('schedule.after-upload-ms', [Number.POSITIVE_INFINITY]))).toContain('schedule.after-upload-ms[0]: expected a number');
  });
});
