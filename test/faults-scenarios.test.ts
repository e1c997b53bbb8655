// The shipped scenarios: each loads, says what it simulates, and the embedded endpoint it describes behaves as its comments claim.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3ServiceException, type S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it, test } from 'vitest';
import { createFaultDecider, type RequestMethod } from '../src/faults/decide.js';
import { loadScenario } from '../src/scenario/load.js';
import type { Scenario } from '../src/scenario/scenario.js';
import { wilsonInterval } from '../src/summary/wilson.js';
import { connectTarget, type ConnectedTarget } from '../src/target.js';
import { ROOT } from './helpers/cli.js';

const SCENARIOS = join(ROOT, 'scenarios');
const LOCAL_SCENARIOS = ['quickstart', 'no-list-permission', 'visibility-lag', 'throttling', 'flaky-network'];

function load(name: string): Scenario {
  return loadScenario(join(SCENARIOS, `${name}.yaml`)).scenario;
}

const targets: ConnectedTarget[] = [];

afterEach(async () => {
  for (const target of targets.splice(0)) await target.close();
});

async function connect(scenario: Scenario): Promise<ConnectedTarget> {
  const target = await connectTarget({ ...scenario, sdk: { ...scenario.sdk, maxAttempts: 1 } });
  targets.push(target);
  return target;
}

async function statusOf(client: S3Client, command: HeadObjectCommand | GetObjectCommand): Promise<number | undefined> {
  try {
    return (await client.send(command as GetObjectCommand)).$metadata.httpStatusCode;
  } catch (error) {
    if (error instanceof S3ServiceException) return error.$metadata.httpStatusCode;
    throw error;
  }
}

describe('every file in scenarios/', () => {
  test.each(readdirSync(SCENARIOS).filter((name) => name.endsWith('.yaml')))('%s loads and opens with a comment saying what it is for', (file) => {
    const scenario = loadScenario(join(SCENARIOS, file)).scenario;
    expect(`${scenario.name}.yaml`).toBe(file);
    expect(readFileSync(join(SCENARIOS, file), 'utf8')).toMatch(/^# .+\n#/);
  });

  test.each(LOCAL_SCENARIOS)('%s is local and says plainly that it is a simulation', (name) => {
    expect(load(name).target).toBe('local');
    expect(readFileSync(join(SCENARIOS, `${name}.yaml`), 'utf8')).toMatch(/simulation, not AWS/i);
  });

  test('aws-nightly stays the real-bucket template', () => {
    const scenario = load('aws-nightly');
    expect([scenario.target, scenario.faults, scenario.followUp.onHead403]).toEqual(['s3', [], 'ranged-get']);
  });
});

describe('quickstart: the reported pattern', () => {
  const scenario = load('quickstart');

  it('keeps its shape: 200 objects, the schedule, concurrency 32', () => {
    expect([scenario.objects.count, scenario.concurrency, scenario.methods]).toEqual([200, 32, ['head', 'ranged-get', 'get']]);
    expect(scenario.schedule).toEqual({ beforeUploadMs: [-1000, -100], afterUploadMs: [0, 10, 50, 100, 250, 500, 1000, 2000], uploadIntervalMs: 20 });
  });

  it('answers HEAD 403 AccessDenied about 3% of the time before and after upload; ranged GET and GET never', () => {
    const decider = createFaultDecider(scenario.faults, scenario.seed);
    const fired = (method: RequestMethod, keyExists: boolean) => {
      let count = 0;
      for (let i = 0; i < 10_000; i++) {
        const decision = decider.decide({ method, key: `s3probe/run/obj-${i}`, keyExists, msSincePut: keyExists ? 5 : null });
        if (decision !== null) {
          expect(decision.action).toEqual({ kind: 'status', status: 403, code: 'AccessDenied' });
          count++;
        }
      }
      return count;
    };
    for (const keyExists of [false, true]) {
      const [low, high] = wilsonInterval(fired('head', keyExists), 10_000, 3.29);
      expect([low <= 0.03, high >= 0.03]).toEqual([true, true]);
      expect([fired('ranged-get', keyExists), fired('get', keyExists), fired('put', keyExists)]).toEqual([0, 0, 0]);
    }
  });
});

describe('the endpoint each local scenario describes', () => {
  it('no-list-permission: the prober gets 403 for a missing key and reads what the uploader put; the uploader gets 404', async () => {
    const scenario = load('no-list-permission');
    const target = await connect(scenario);
    expect(target.prober).not.toBe(target.uploader);
    const { bucket } = scenario;
    expect(await statusOf(target.prober.s3, new HeadObjectCommand({ Bucket: bucket, Key: 'k' }))).toBe(403);
    expect(await statusOf(target.prober.s3, new GetObjectCommand({ Bucket: bucket, Key: 'k', Range: 'bytes=0-0' }))).toBe(403);
    expect(await statusOf(target.uploader.s3, new HeadObjectCommand({ Bucket: bucket, Key: 'k' }))).toBe(404);
    await target.uploader.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'hello' }));
    expect(await statusOf(target.prober.s3, new GetObjectCommand({ Bucket: bucket, Key: 'k', Range: 'bytes=0-0' }))).toBe(206);
  });

  it('visibility-lag: a new object is 404 right after its PUT', async () => {
    const scenario = load('visibility-lag');
    expect(scenario.consistency.visibilityDelayMs).toEqual({ head: 200, 'ranged-get': 200, get: 200, 'get-object-attributes': 200, 'list-prefix': 200, 'head-if-match': 200 });
    const target = await connect(scenario);
    await target.uploader.s3.send(new PutObjectCommand({ Bucket: scenario.bucket, Key: 'k', Body: 'hello' }));
    expect(await statusOf(target.prober.s3, new HeadObjectCommand({ Bucket: scenario.bucket, Key: 'k' }))).toBe(404);
  });

  it('throttling: 503 SlowDown rules, and an SDK that retries three times', () => {
    const scenario = load('throttling');
    expect(scenario.sdk.maxAttempts).toBe(3);
    expect(scenario.faults.map((rule) => rule.action)).toEqual(Array(2).fill({ kind: 'status', status: 503, code: 'SlowDown' }));
  });

  it('flaky-network: reset, stall, truncate and delay, with a timeout short enough to end a stall within a second', () => {
    const scenario = load('flaky-network');
    expect(scenario.faults.map((rule) => rule.action.kind)).toEqual(['reset', 'stall', 'truncate', 'delay']);
    expect(scenario.sdk.requestTimeoutMs).toBeLessThanOrEqual(1000);
  });
});
