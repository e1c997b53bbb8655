// head-if-match's If-Match ETags are hashed once per object size when the run is built, never while probes fire.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { realClock } from '../src/clock.js';
import type { ProbeEngine } from '../src/engines/engine.js';
import { defaultIdentities } from '../src/local-s3/identities.js';
import { startLocalS3, type LocalS3 } from '../src/local-s3/server.js';
import { expectedEtag } from '../src/probes/head-if-match.js';
import type { ObjectRecord, ProbeRecord } from '../src/probes/probe-record.js';
import { runProbe, type ProbeOrder } from '../src/probes/run-probe.js';
import { PlanRun } from '../src/run-plan.js';
import { SocketLedger } from '../src/s3/attempt-capture.js';
import { createS3Client, type ProbeClient } from '../src/s3/client.js';
import { objectBody } from '../src/s3/upload.js';
import { parseScenario } from '../src/scenario/parse.js';
import { planRun } from '../src/scenario/plan.js';

// The real function, counted: every hash the run makes goes through it.
vi.mock('../src/probes/head-if-match.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/probes/head-if-match.js')>();
  return { ...actual, expectedEtag: vi.fn(actual.expectedEtag) };
});
const hashes = vi.mocked(expectedEtag);

const identity = defaultIdentities()[0];
const BUCKET = 'run-plan-etags';
let server: LocalS3;
let client: ProbeClient;

beforeAll(async () => {
  server = await startLocalS3({ identities: [identity] });
  client = createS3Client({
    region: 'us-east-1', endpoint: server.endpoint, pathStyle: true, credentials: { accessKeyId: identity.accessKeyId, secretAccessKey: identity.secretAccessKey },
    maxAttempts: 1, requestTimeoutMs: 5000, requestChecksumCalculation: 'WHEN_SUPPORTED', concurrency: 4,
  });
  await client.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

afterAll(async () => {
  client.destroy();
  await server.close();
});

const md5EtagOf = (sizeBytes: number) => `"${createHash('md5').update(objectBody(sizeBytes)).digest('hex')}"`;

/** Builds the run of `methods` over six objects of sizes 0, 1 and 70,000 bytes, then walks it; notes the hash count as each probe fires. */
async function walk(name: string, methods: string) {
  const scenario = parseScenario(
    `version: 1\nname: ${name}\ntarget: local\nbucket: ${BUCKET}\nmethods: [${methods}]\nobjects: { count: 6, size-bytes: [0, 1, 70000] }\n` +
      'schedule: { before-upload-ms: [-10], after-upload-ms: [0, 5], upload-interval-ms: 2 }\n',
    'inline.yaml',
  );
  const plan = planRun(scenario, `${name}/`);
  const fired: Array<{ order: ProbeOrder; hashesSoFar: number }> = [];
  const context = { runId: 'run-e', s3: client.s3, bucket: BUCKET, ledger: new SocketLedger(), now: realClock.now };
  const engine: ProbeEngine = {
    name: 'sdk',
    probe: (order) => {
      fired.push({ order, hashesSoFar: hashes.mock.calls.length });
      return runProbe(context, order);
    },
    destroy: () => undefined,
  };
  const probes: ProbeRecord[] = [];
  const objects: ObjectRecord[] = [];
  hashes.mockClear();
  const run = new PlanRun({
    plan, runId: 'run-e', s3: client.s3, bucket: BUCKET, clock: realClock, concurrency: 4, engines: new Map([['default', engine]]),
    sink: { probe: (r) => probes.push(r), object: (r) => objects.push(r) },
  });
  const hashedWhenBuilt = hashes.mock.calls.map(([sizeBytes]) => sizeBytes);
  await run.execute();
  expect(run.progress).toMatchObject({ probesDone: plan.counts.probes, uploadsFailed: 0 });
  return { hashedWhenBuilt, fired, probes, objects };
}

describe('head-if-match ETags', () => {
  it('are hashed once per distinct size when the run is built, and none while probes fire', async () => {
    const { hashedWhenBuilt, fired } = await walk('etags', 'head, head-if-match');
    expect(hashedWhenBuilt).toEqual([0, 1, 70_000]);
    expect(fired.length).toBeGreaterThan(0);
    for (const { hashesSoFar } of fired) expect(hashesSoFar).toBe(3);
    expect(hashes).toHaveBeenCalledTimes(3);
  });

  it('equal the MD5 of the body uploaded: S3 answers the If-Match with 200 once the object is there', async () => {
    const { fired, probes, objects } = await walk('etags-match', 'head-if-match');
    const sizeOf = new Map(objects.map((o) => [o.key, o.sizeBytes]));
    for (const object of objects) expect(object.etag).toBe(md5EtagOf(object.sizeBytes));
    for (const { order } of fired) expect(order.ifMatch).toBe(md5EtagOf(sizeOf.get(order.objectKey)!));
    expect(probes.filter((p) => p.phase === 'after-upload').map((p) => p.status)).toEqual(new Array(6 * 2).fill(200));
    expect(probes.filter((p) => p.phase === 'before-upload').map((p) => p.status)).toEqual(new Array(6).fill(404));
  });

  it('are not hashed at all when the scenario does not fire head-if-match', async () => {
    const { hashedWhenBuilt, fired } = await walk('no-etags', 'head, get');
    expect(hashedWhenBuilt).toEqual([]);
    expect(fired.every(({ order }) => order.ifMatch === undefined)).toBe(true);
    expect(hashes).not.toHaveBeenCalled();
  });
});
