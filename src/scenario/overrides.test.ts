import { describe, expect, test } from 'vitest';
import { HarnessError } from '../errors.js';
import { applyOverrides, parseScenario, type ScenarioOverrides } from './parse.js';

const LOCAL = parseScenario('version: 1\nname: local-one\ntarget: local\n', 'local.yaml');
const S3 = parseScenario('version: 1\nname: aws-one\ntarget: s3\nbucket: my-team-s3probe\n', 'aws.yaml');

function usageErrorOf(scenario: typeof LOCAL, overrides: ScenarioOverrides): string {
  try {
    applyOverrides(scenario, overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(HarnessError);
    expect((error as HarnessError).code).toBe('E_USAGE');
    expect((error as HarnessError).exitCode).toBe(2);
    return (error as HarnessError).message;
  }
  throw new Error('expected the overrides to be rejected');
}

describe('applyOverrides', () => {
  test('no overrides: an equal scenario that shares no lists with the original', () => {
    const copy = applyOverrides(S3, {});
    expect(copy).toEqual(S3);
    copy.methods.pop();
    copy.schedule.afterUploadMs.push(1);
    expect(S3.methods).toHaveLength(3);
    expect(S3.schedule.afterUploadMs).toHaveLength(8);
  });

  test('applies every override to its key', () => {
    const result = applyOverrides(S3, {
      endpoint: 'http://127.0.0.1:9000',
      bucket: 'other-bucket',
      prefix: '',
      region: 'eu-west-1',
      profile: 'research',
      pathStyle: true,
      concurrency: 8,
      seed: 0,
      objects: 5,
    });
    expect(result).toMatchObject({
      endpoint: 'http://127.0.0.1:9000',
      bucket: 'other-bucket',
      prefix: '',
      region: 'eu-west-1',
      profile: 'research',
      pathStyle: true,
      concurrency: 8,
      seed: 0,
      objects: { count: 5, sizeBytes: [0, 1, 4096] },
    });
  });

  test('undefined overrides leave the scenario alone', () => {
    expect(applyOverrides(LOCAL, { concurrency: undefined, endpoint: undefined })).toEqual(LOCAL);
  });

  test.each<[ScenarioOverrides, string]>([
    [{ concurrency: 0 }, '--concurrency: expected an integer 1..4096, got 0. Fix: pass e.g. --concurrency 32'],
    [{ concurrency: Number.NaN }, '--concurrency: expected an integer 1..4096, got NaN'],
    [{ seed: -1 }, '--seed: expected an integer 0..4,294,967,295, got -1'],
    [{ objects: 1_000_001 }, '--objects: expected an integer 1..1,000,000, got 1000001'],
    [{ bucket: 'Bad_Bucket' }, '--bucket: expected a valid S3 bucket name'],
    [{ prefix: '/abs/' }, '--prefix: expected a prefix that does not start with "/"'],
    [{ prefix: 'no-slash' }, '--prefix: expected a prefix that ends with "/"'],
    [{ region: 'us east' }, '--region: expected a region name'],
    [{ endpoint: 'ftp://x' }, '--endpoint: expected an http:// or https:// URL'],
    [{ profile: '' }, '--profile: expected a profile name'],
    [{ pathStyle: 'yes' as unknown as boolean }, '--path-style: expected true or false, got "yes". Fix: pass --path-style or --no-path-style'],
  ])('%j is rejected naming the flag', (overrides, expected) => {
    expect(usageErrorOf(S3, overrides)).toContain(expected);
  });

  test.each(['endpoint', 'profile'] as const)('--%s is refused for a local scenario', (name) => {
    const value = name === 'endpoint' ? 'http://127.0.0.1:9000' : 'research';
    expect(usageErrorOf(LOCAL, { [name]: value })).toBe(
      `--${name}: only allowed with target s3; scenario "local-one" has target local. Fix: drop --${name}, or use a scenario with \`target: s3\``,
    );
  });

  test('reports every bad flag, one per line', () => {
    const lines = usageErrorOf(S3, { concurrency: 0, seed: 1.5, bucket: 'x' }).split('\n');
    expect(lines.map((line) => line.split(':')[0])).toEqual(['--bucket', '--concurrency', '--seed']);
  });
});
