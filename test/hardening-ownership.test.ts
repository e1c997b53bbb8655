// Only our objects, only our budget: other objects survive runs, an interrupted run and `cleanup`; a target-s3 run keeps to its request budget.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLocalIdentity } from '../src/local-s3/identities.js';
import { startLocalS3, type LocalS3 } from '../src/local-s3/server.js';
import { createS3Client, type ProbeClient } from '../src/s3/client.js';
import { parseScenario } from '../src/scenario/parse.js';
import { buildPrivateCli, type PrivateCli } from './helpers/private-cli.js';
import { runMain } from './helpers/run-main.js';

const OWNER = createLocalIdentity('owner');
const BUCKET = 's3probe-ours';
/** Not ours: beside the prefix, under it, and under another run's `<prefix><run-id>/` with the key names a run uses. */
const OTHERS = ['unrelated/data.csv', 's3probe/notes.txt', 's3probe/obj-000000', 's3probe/20200101T000000Z-abcdef/obj-000000', 's3probe/20200101T000000Z-abcdef/obj-000001'];
/** Every HEAD answers 503: with `sdk.max-attempts: 3` a run sends three requests per HEAD probe, more than its plan. */
const STORM = parseScenario('version: 1\nname: storm\ntarget: local\nbucket: storm-bucket\nfaults: [{ method: head, every: 1, status: 503, code: SlowDown }]\n', 'storm').faults;

let dir: string;
let privateCli: PrivateCli;
let server: LocalS3;
let client: ProbeClient;
let faulty = false;
let served = 0;

beforeAll(async () => {
  privateCli = buildPrivateCli('ownership');
  dir = mkdtempSync(join(tmpdir(), 's3probe-ours-'));
  server = await startLocalS3({ identities: [OWNER], onLog: () => void served++ });
  client = createS3Client({
    region: 'us-east-1', endpoint: server.endpoint, pathStyle: true, credentials: OWNER,
    maxAttempts: 1, requestTimeoutMs: 5000, requestChecksumCalculation: 'WHEN_SUPPORTED', concurrency: 1,
  });
  await client.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  for (const key of OTHERS) await client.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'not yours' }));
}, 120_000);

afterAll(async () => {
  privateCli?.remove();
  client.destroy();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => vi.unstubAllEnvs());

const CREDENTIALS_ENV = { AWS_ACCESS_KEY_ID: OWNER.accessKeyId, AWS_SECRET_ACCESS_KEY: OWNER.secretAccessKey, AWS_SESSION_TOKEN: '', AWS_PROFILE: '' };

function useCredentials(): void {
  for (const [name, value] of Object.entries(CREDENTIALS_ENV)) vi.stubEnv(name, value);
}

function writeScenario(name: string, extra: string[] = []): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, ['version: 1', `name: ${name}`, 'target: s3', `bucket: ${BUCKET}`, `endpoint: ${server.endpoint}`, 'path-style: true', 'prefix: s3probe/',
    'objects: { count: 10, size-bytes: [1] }', 'methods: [head]', 'schedule: { before-upload-ms: [], after-upload-ms: [0, 50] }', 'seed: 5', ...extra, ''].join('\n'));
  return path;
}

async function listKeys(): Promise<string[]> {
  const listed = await client.s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  return (listed.Contents ?? []).map((o) => o.Key!).sort();
}

function query<T>(dbPath: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

describe('only our objects', () => {
  it('a completed run deletes its own objects and nothing else', async () => {
    useCredentials();
    const result = await runMain(['run', writeScenario('clean-run'), '--db', join(dir, 'clean.sqlite'), '--no-progress']);
    expect([result.code, result.stderr]).toEqual([0, expect.any(String)]);
    expect(await listKeys()).toEqual([...OTHERS].sort());
  });

  it.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('a run interrupted by %s cleans up its own objects and nothing else, exit %i', async (signal, exitCode) => {
    const dbPath = join(dir, `${signal}.sqlite`);
    const scenario = join(dir, 'sigint.yaml');
    writeFileSync(scenario, [
      'version: 1', 'name: sigint', 'target: s3', `bucket: ${BUCKET}`, `endpoint: ${server.endpoint}`, 'path-style: true', 'prefix: s3probe/',
      'objects: { count: 40, size-bytes: [1] }', 'methods: [head]', 'schedule: { after-upload-ms: [0, 2000], upload-interval-ms: 50 }', 'seed: 5', '',
    ].join('\n'));
    const cli = privateCli.start(['run', scenario, '--db', dbPath, '--no-progress'], CREDENTIALS_ENV);
    await new Promise<void>((resolve) => {
      let stderr = '';
      cli.child.stderr!.on('data', (chunk) => {
        stderr += chunk;
        if (/\nrun \S+: /.test(`\n${stderr}`)) setTimeout(resolve, 1200);
      });
    });
    cli.child.kill(signal);
    const result = await cli.done;
    expect([result.code, result.stderr]).toEqual([exitCode, expect.stringContaining(`${signal}: stopped firing`)]);
    const [run] = query<{ status: string; uploaded: number }>(dbPath, "SELECT status, (SELECT count(*) FROM objects) uploaded FROM runs");
    expect(run.status).toBe('interrupted');
    expect(run.uploaded).toBeGreaterThan(0);
    expect(await listKeys()).toEqual([...OTHERS].sort());
  }, 60_000);

  it('`cleanup --run ID` deletes exactly the run\'s recorded keys under its prefix, marks them, and refuses another endpoint', async () => {
    useCredentials();
    const dbPath = join(dir, 'left-behind.sqlite');
    const result = await runMain(['run', writeScenario('left-behind', ['cleanup: false']), '--db', dbPath, '--no-progress']);
    expect(result.code).toBe(0);
    const [{ id, prefix }] = query<{ id: string; prefix: string }>(dbPath, 'SELECT id, prefix FROM runs');
    expect((await listKeys()).filter((key) => key.startsWith(prefix))).toHaveLength(10);
    // A recorded key outside the run's prefix (a tampered or foreign row) is never deleted.
    const db = new Database(dbPath);
    db.prepare("INSERT INTO objects (run_id, key, size_bytes, upload_started_at_ms, status) VALUES (?, 's3probe/notes.txt', 9, 0, 200)").run(id);
    db.close();

    const elsewhere = await runMain(['cleanup', '--db', dbPath, '--run', id, '--endpoint', 'http://127.0.0.1:1']);
    expect([elsewhere.code, elsewhere.stderr]).toEqual([2, expect.stringContaining('--endpoint http://127.0.0.1:1')]);
    const otherBucket = await runMain(['cleanup', '--db', dbPath, '--run', id, '--bucket', 'someone-else']);
    expect(otherBucket.code).toBe(2);
    expect((await listKeys()).filter((key) => key.startsWith(prefix))).toHaveLength(10);

    const cleaned = await runMain(['cleanup', '--db', dbPath, '--run', id, '--endpoint', server.endpoint]);
    expect([cleaned.code, cleaned.stderr]).toEqual([0, expect.stringMatching(/skipping 1 recorded keys outside[\s\S]*deleted 10 of 10 objects/)]);
    expect(await listKeys()).toEqual([...OTHERS].sort());
    expect(query(dbPath, 'SELECT deleted, count(*) n FROM objects GROUP BY 1 ORDER BY 1')).toEqual([{ deleted: 0, n: 1 }, { deleted: 1, n: 10 }]);
    const again = await runMain(['cleanup', '--db', dbPath, '--run', id]);
    expect([again.code, again.stderr]).toEqual([0, expect.stringContaining('no objects left to delete')]);
  });
});

describe('only our budget (target s3)', () => {
  it('refuses a plan above --max-requests or --max-cost-usd before writing anything, naming the flag and the figure', async () => {
    useCredentials();
    const scenario = writeScenario('over-budget');
    const dbPath = join(dir, 'over-budget.sqlite');
    const requests = await runMain(['run', scenario, '--db', dbPath, '--max-requests', '20']);
    expect(requests.code).toBe(2);
    expect(requests.stderr).toMatch(/plan: 32 requests, estimated cost/);
    expect(requests.stderr).toMatch(/--max-requests: the plan sends 32 requests, above the budget of 20/);
    const cost = await runMain(['run', scenario, '--db', dbPath, '--max-cost-usd', '0.00001']);
    expect(cost.code).toBe(2);
    expect(cost.stderr).toMatch(/--max-cost-usd: the plan is estimated at \$0\.0001, above the budget of \$0\.00001/);
    expect(query<{ n: number }>(join(dir, 'clean.sqlite'), 'SELECT count(*) n FROM runs')).toEqual([{ n: 1 }]);
    expect(() => query(dbPath, 'SELECT 1')).toThrow();
  });

  it('a running run stops firing when its requests reach the budget, and says so on the run', async () => {
    useCredentials();
    const dbPath = join(dir, 'budget.sqlite');
    const scenario = writeScenario('budget', ['concurrency: 2', 'sdk: { max-attempts: 3 }']);
    const stormServer = await startLocalS3({ identities: [OWNER], faults: STORM, onLog: () => void served++ });
    try {
      const stormClient = createS3Client({
        region: 'us-east-1', endpoint: stormServer.endpoint, pathStyle: true, credentials: OWNER,
        maxAttempts: 1, requestTimeoutMs: 5000, requestChecksumCalculation: 'WHEN_SUPPORTED', concurrency: 1,
      });
      await stormClient.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
      stormClient.destroy();
      writeFileSync(scenario, readScenario(scenario).replace(server.endpoint, stormServer.endpoint));
      served = 0;
      // The plan: 10 PUTs + 20 HEADs + 1 HeadBucket + 1 DeleteObjects = 32; every HEAD is tried 3 times, so the budget runs out.
      const result = await runMain(['run', scenario, '--db', dbPath, '--no-progress', '--max-requests', '32']);
      expect([result.code, result.stderr]).toEqual([0, expect.stringContaining('budget reached')]);
      const [run] = query<{ status: string; note: string }>(dbPath, 'SELECT status, note FROM runs');
      expect(run.status).toBe('interrupted');
      expect(run.note).toMatch(/budget reached: \d+ requests answered \(--max-requests 32\)/);
      const [{ probes }] = query<{ probes: number }>(dbPath, 'SELECT count(*) probes FROM probes');
      expect(probes).toBeLessThan(20);
      // Overshoot is bounded by what was in flight when the budget was reached: concurrency × max-attempts, plus cleanup.
      expect(served).toBeLessThanOrEqual(32 + 2 * 3 + 2);
    } finally {
      await stormServer.close();
    }
  });
});

function readScenario(path: string): string {
  return readFileSync(path, 'utf8');
}
