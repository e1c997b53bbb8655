// Faults on the wire are outcomes: a whole run goes on through resets, stalls, cut bodies, 503 storms, DNS failure and a dying endpoint.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { realClock } from '../src/clock.js';
import { createLocalIdentity } from '../src/local-s3/identities.js';
import { startLocalS3 } from '../src/local-s3/server.js';
import { runProbe } from '../src/probes/run-probe.js';
import { SocketLedger } from '../src/s3/attempt-capture.js';
import { createS3Client } from '../src/s3/client.js';
import { runMain } from './helpers/run-main.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 's3probe-faults-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

function writeScenario(name: string, lines: string[]): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, [`version: 1`, `name: ${name}`, ...lines, ''].join('\n'));
  return path;
}

function rows<T>(dbPath: string, sql: string): T[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

describe('faults injected by the embedded endpoint, through a whole run', () => {
  it('reset, stall past the timeout and truncated body are recorded per probe, and the run completes with a summary', async () => {
    const scenario = writeScenario('wire-faults', [
      'target: local', 'bucket: s3probe-wire-faults',
      'objects: { count: 6, size-bytes: [4096] }', 'methods: [head, ranged-get, get]',
      'schedule: { before-upload-ms: [], after-upload-ms: [0, 20], upload-interval-ms: 5 }',
      'sdk: { max-attempts: 1, request-timeout-ms: 300 }',
      'faults:',
      '  - { method: head, every: 3, reset: true }',
      '  - { method: ranged-get, every: 4, stall: true }',
      '  - { method: get, every: 2, truncate: true }',
    ]);
    const dbPath = join(dir, 'wire-faults.sqlite');
    const result = await runMain(['run', scenario, '--db', dbPath, '--no-progress']);
    expect([result.code, result.stderr]).toEqual([0, expect.any(String)]);
    expect(result.stdout).toMatch(/^head\s+12\b/m);
    const outcomes = rows<{ method: string; status: number | null; error_class: string | null; n: number }>(
      dbPath,
      'SELECT method, status, error_class, count(*) n FROM probes GROUP BY 1, 2, 3 ORDER BY 1, 2, 3',
    );
    expect(outcomes).toEqual([
      { method: 'get', status: null, error_class: 'truncated', n: 6 },
      { method: 'get', status: 200, error_class: null, n: 6 },
      { method: 'head', status: null, error_class: 'ECONNRESET', n: 4 },
      { method: 'head', status: 200, error_class: null, n: 8 },
      { method: 'ranged-get', status: null, error_class: 'timeout', n: 3 },
      { method: 'ranged-get', status: 206, error_class: null, n: 9 },
    ]);
    expect(rows(dbPath, 'SELECT status FROM runs')).toEqual([{ status: 'completed' }]);
  });

  it('a 503 storm with max-attempts 3: every attempt is recorded, each probe ends 503', async () => {
    const scenario = writeScenario('storm', [
      'target: local', 'bucket: s3probe-storm',
      'objects: { count: 3, size-bytes: [1] }', 'methods: [head]',
      'schedule: { before-upload-ms: [], after-upload-ms: [0], upload-interval-ms: 5 }',
      'sdk: { max-attempts: 3 }',
      'faults:',
      '  - { method: head, probability: 1, status: 503, code: ServiceUnavailable }',
    ]);
    const dbPath = join(dir, 'storm.sqlite');
    const result = await runMain(['run', scenario, '--db', dbPath, '--no-progress']);
    expect([result.code, result.stderr]).toEqual([0, expect.any(String)]);
    expect(rows(dbPath, 'SELECT status, attempts, count(*) n FROM probes GROUP BY 1, 2')).toEqual([{ status: 503, attempts: 3, n: 3 }]);
    expect(rows(dbPath, 'SELECT status, count(*) n FROM attempts GROUP BY 1')).toEqual([{ status: 503, n: 9 }]);
    expect(rows(dbPath, "SELECT count(*) n FROM endpoint_log WHERE operation = 'HeadObject'")).toEqual([{ n: 9 }]);
  });
});

describe('DNS failure', () => {
  it('a probe to an unresolvable host is recorded with error class ENOTFOUND', async () => {
    const client = createS3Client({
      region: 'us-east-1', endpoint: 'http://s3probe-does-not-exist.invalid:9000', pathStyle: true,
      credentials: { accessKeyId: 'AKIDDNSCHECK00000001', secretAccessKey: 'dns-check-secret' },
      maxAttempts: 1, requestTimeoutMs: 5000, requestChecksumCalculation: 'WHEN_SUPPORTED', concurrency: 1,
    });
    try {
      const record = await runProbe(
        { runId: 'dns', s3: client.s3, bucket: 'b', ledger: new SocketLedger(), now: realClock.now },
        { objectKey: 'k', method: 'head', phase: 'after-upload', offsetMs: 0, plannedAtMs: 0 },
      );
      expect(record).toMatchObject({ status: null, errorClass: 'ENOTFOUND' });
    } finally {
      client.destroy();
    }
  });

  it('a target-s3 run whose endpoint host does not resolve stops at preflight with exit 3, writing no run', async () => {
    const scenario = writeScenario('dns', ['target: s3', 'bucket: s3probe-dns', 'endpoint: http://s3probe-does-not-exist.invalid:9000', 'path-style: true',
      'objects: { count: 2, size-bytes: [1] }', 'methods: [head]', 'schedule: { after-upload-ms: [0] }']);
    stubCredentials('AKIDDNSCHECK00000001', 'dns-check-secret');
    const dbPath = join(dir, 'dns.sqlite');
    const result = await runMain(['run', scenario, '--db', dbPath, '--no-progress']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('s3probe-does-not-exist.invalid');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(rows(dbPath, 'SELECT count(*) n FROM runs')).toEqual([{ n: 0 }]);
  });
});

function stubCredentials(accessKeyId: string, secretAccessKey: string): void {
  vi.stubEnv('AWS_ACCESS_KEY_ID', accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', secretAccessKey);
  vi.stubEnv('AWS_SESSION_TOKEN', '');
  vi.stubEnv('AWS_PROFILE', '');
  vi.stubEnv('AWS_CONFIG_FILE', join(dir, 'no-config'));
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(dir, 'no-credentials'));
}

describe('an endpoint that dies mid-run', () => {
  it('probes after its death are recorded as ECONNREFUSED/ECONNRESET; the run completes with a summary', async () => {
    const identity = createLocalIdentity('owner');
    let answered = 0;
    let dead: Promise<void> | null = null;
    const server = await startLocalS3({
      identities: [identity],
      onLog: (entry) => {
        if (entry.operation === 'HeadObject' && ++answered === 15) dead = server.close();
      },
    });
    const setup = createS3Client({
      region: 'us-east-1', endpoint: server.endpoint, pathStyle: true, credentials: identity,
      maxAttempts: 1, requestTimeoutMs: 5000, requestChecksumCalculation: 'WHEN_SUPPORTED', concurrency: 1,
    });
    await setup.s3.send(new CreateBucketCommand({ Bucket: 's3probe-dying' }));
    setup.destroy();
    stubCredentials(identity.accessKeyId, identity.secretAccessKey);
    const scenario = writeScenario('dying', ['target: s3', 'bucket: s3probe-dying', `endpoint: ${server.endpoint}`, 'path-style: true',
      'objects: { count: 10, size-bytes: [1] }', 'methods: [head]', 'schedule: { before-upload-ms: [], after-upload-ms: [0, 100, 300], upload-interval-ms: 20 }',
      'concurrency: 4', 'sdk: { max-attempts: 1 }']);
    const dbPath = join(dir, 'dying.sqlite');
    try {
      const result = await runMain(['run', scenario, '--db', dbPath, '--no-progress']);
      expect([result.code, result.stderr]).toEqual([0, expect.any(String)]);
      expect(result.stdout).toMatch(/^head\s+\d+/m);
      expect(result.stderr).toMatch(/cleanup: \d+ of 10 objects could not be deleted/);
    } finally {
      await (dead ?? server.close());
    }
    const outcomes = rows<{ error_class: string | null; n: number }>(dbPath, 'SELECT error_class, count(*) n FROM probes GROUP BY 1');
    const byClass = Object.fromEntries(outcomes.map((o) => [o.error_class ?? 'answered', o.n]));
    expect(byClass.answered).toBeGreaterThanOrEqual(15);
    expect((byClass.ECONNREFUSED ?? 0) + (byClass.ECONNRESET ?? 0)).toBeGreaterThan(0);
    expect(Object.keys(byClass).every((c) => ['answered', 'ECONNREFUSED', 'ECONNRESET'].includes(c))).toBe(true);
    expect(rows(dbPath, 'SELECT status FROM runs')).toEqual([{ status: 'completed' }]);
  });
});
