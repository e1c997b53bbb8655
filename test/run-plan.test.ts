// A plan walked against the embedded endpoint with the real SDK: what each phase and method records.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { realClock } from '../src/clock.js';
import { defaultIdentities } from '../src/local-s3/identities.js';
import { startLocalS3, type LocalS3 } from '../src/local-s3/server.js';
import type { ObjectRecord, ProbeRecord } from '../src/probes/probe-record.js';
import { runProbe } from '../src/probes/run-probe.js';
import { PlanRun } from '../src/run-plan.js';
import { SocketLedger } from '../src/s3/attempt-capture.js';
import { createS3Client, type ProbeClient } from '../src/s3/client.js';
import { parseScenario } from '../src/scenario/parse.js';
import { planRun } from '../src/scenario/plan.js';

const identity = defaultIdentities()[0];
let server: LocalS3;
let owner: ProbeClient;

function client(credentials = { accessKeyId: identity.accessKeyId, secretAccessKey: identity.secretAccessKey }, concurrency = 8): ProbeClient {
  return createS3Client({
    region: 'us-east-1', endpoint: server.endpoint, pathStyle: true, credentials, maxAttempts: 1, requestTimeoutMs: 5000,
    requestChecksumCalculation: 'WHEN_SUPPORTED', concurrency,
  });
}

beforeAll(async () => {
  server = await startLocalS3({ identities: [identity] });
  owner = client();
  await owner.s3.send(new CreateBucketCommand({ Bucket: 'run-plan-test' }));
});

afterAll(async () => {
  owner.destroy();
  await server.close();
});

async function walk(yaml: string, concurrency: number): Promise<{ probes: ProbeRecord[]; objects: ObjectRecord[] }> {
  const scenario = parseScenario(yaml, 'inline.yaml');
  const plan = planRun(scenario, `walk/${scenario.name}/`);
  const probes: ProbeRecord[] = [];
  const objects: ObjectRecord[] = [];
  const probeClient = client(undefined, concurrency);
  try {
    const run = new PlanRun({
      plan, runId: 'run-1', s3: probeClient.s3, bucket: 'run-plan-test', clock: realClock, concurrency, followUp: scenario.followUp,
      sink: { probe: (r) => probes.push(r), object: (r) => objects.push(r) },
    });
    await run.execute();
    expect(run.progress).toMatchObject({ probesDone: plan.counts.probes, uploadsDone: plan.counts.objects, uploadsFailed: 0 });
  } finally {
    probeClient.destroy();
  }
  return { probes, objects };
}

describe('walking a plan', () => {
  it('answers 404 before upload and 200/206/416 after, with every attempt recorded', async () => {
    const { probes, objects } = await walk(
      'version: 1\nname: walk\ntarget: local\nbucket: run-plan-test\nobjects: { count: 9, size-bytes: [0, 1, 4096] }\n' +
        'schedule: { before-upload-ms: [-30], after-upload-ms: [0, 20], upload-interval-ms: 5 }\n',
      8,
    );
    expect(objects).toHaveLength(9);
    expect(probes).toHaveLength(9 * 3 * 3);
    for (const p of probes) {
      expect(p.attemptRecords).toHaveLength(1);
      expect(p.requestId).toMatch(/^[0-9A-F]{16}$/);
      expect(p.startedAtMs).toBeGreaterThanOrEqual(p.plannedAtMs - 1);
    }
    const sizeOf = new Map(objects.map((o) => [o.key, o.sizeBytes]));
    for (const p of probes.filter((p) => p.phase === 'before-upload')) expect(p.status).toBe(404);
    for (const p of probes.filter((p) => p.phase === 'after-upload')) {
      const size = sizeOf.get(p.objectKey)!;
      const expected = p.method === 'ranged-get' ? (size === 0 ? 416 : 206) : 200;
      expect({ key: p.objectKey, method: p.method, status: p.status }).toEqual({ key: p.objectKey, method: p.method, status: expected });
      if (p.method === 'ranged-get' && size === 0) expect(p.errorCode).toBe('InvalidRange');
      if (p.method === 'get') expect(p.bytes).toBe(size);
    }
  });

  it('keeps before-upload probes before the upload even when they fire late (saturated harness)', async () => {
    const { probes, objects } = await walk(
      'version: 1\nname: saturated\ntarget: local\nbucket: run-plan-test\nobjects: { count: 40, size-bytes: [1] }\n' +
        'schedule: { before-upload-ms: [-2, -1], after-upload-ms: [0], upload-interval-ms: 0 }\n',
      16,
    );
    const uploadStart = new Map(objects.map((o) => [o.key, o.uploadStartedAtMs]));
    const before = probes.filter((p) => p.phase === 'before-upload');
    expect(before).toHaveLength(40 * 2 * 3);
    for (const p of before) {
      expect(p.status).toBe(404);
      expect(p.startedAtMs + p.latencyMs).toBeLessThanOrEqual(uploadStart.get(p.objectKey)!);
    }
  });
});

describe('bad credentials', () => {
  const order = (method: 'head' | 'ranged-get' | 'get') => ({ objectKey: 'creds/obj-000000', method, phase: 'after-upload' as const, offsetMs: 0, plannedAtMs: Date.now() });

  it('records 403 SignatureDoesNotMatch from GET bodies, and a bare 403 from HEAD, for a wrong secret', async () => {
    await owner.s3.send(new PutObjectCommand({ Bucket: 'run-plan-test', Key: 'creds/obj-000000', Body: 'x' }));
    const wrong = client({ accessKeyId: identity.accessKeyId, secretAccessKey: 'not-the-secret' });
    try {
      const context = { runId: 'r', s3: wrong.s3, bucket: 'run-plan-test', ledger: new SocketLedger(), now: realClock.now };
      const get = await runProbe(context, order('get'));
      const ranged = await runProbe(context, order('ranged-get'));
      const head = await runProbe(context, order('head'));
      expect(get).toMatchObject({ status: 403, errorCode: 'SignatureDoesNotMatch' });
      expect(ranged).toMatchObject({ status: 403, errorCode: 'SignatureDoesNotMatch' });
      expect(head).toMatchObject({ status: 403, errorCode: null, errorBody: null });
      expect(JSON.stringify([get, ranged, head])).not.toContain('not-the-secret');
    } finally {
      wrong.destroy();
    }
  });

  it('records 403 InvalidAccessKeyId for an unknown access key', async () => {
    const unknown = client({ accessKeyId: 'AKIDUNKNOWN000000001', secretAccessKey: 'whatever' });
    try {
      const context = { runId: 'r', s3: unknown.s3, bucket: 'run-plan-test', ledger: new SocketLedger(), now: realClock.now };
      expect(await runProbe(context, order('ranged-get'))).toMatchObject({ status: 403, errorCode: 'InvalidAccessKeyId' });
      expect(await runProbe(context, order('head'))).toMatchObject({ status: 403, errorCode: null });
    } finally {
      unknown.destroy();
    }
  });
});

describe('follow-up after a HEAD 403', () => {
  /** Walks `yaml` uploading as the owner and probing with a wrong secret, so every probe answers 403. */
  async function walkWrongSecret(yaml: string, concurrency: number, followUp: 'ranged-get' | 'none' | undefined) {
    const scenario = parseScenario(yaml, 'inline.yaml');
    const plan = planRun(scenario, `follow/${scenario.name}/`);
    const probes: ProbeRecord[] = [];
    const objects: ObjectRecord[] = [];
    const wrong = client({ accessKeyId: identity.accessKeyId, secretAccessKey: 'not-the-secret' }, concurrency);
    try {
      const run = new PlanRun({
        plan, runId: 'run-f', s3: wrong.s3, uploaderS3: owner.s3, bucket: 'run-plan-test', clock: realClock, concurrency,
        followUp: followUp === undefined ? undefined : { onHead403: followUp },
        sink: { probe: (r) => probes.push(r), object: (r) => objects.push(r) },
      });
      await run.execute();
      return { plan, probes, objects, progress: run.progress };
    } finally {
      wrong.destroy();
    }
  }

  const YAML =
    'version: 1\nname: follow\ntarget: local\nbucket: run-plan-test\nobjects: { count: 4, size-bytes: [0, 1] }\n' +
    'schedule: { before-upload-ms: [-30], after-upload-ms: [0, 200], upload-interval-ms: 5 }\n';

  it('fires a ranged GET on the same key at once, linked to the HEAD by seq, with the error code HEAD could not carry', async () => {
    // Concurrency 1: the follow-up needs the slot its HEAD just held, so waiting for it inside that slot would deadlock.
    const { plan, probes, objects, progress } = await walkWrongSecret(YAML, 1, 'ranged-get');
    const planned = probes.filter((p) => p.trigger === 'plan');
    const followUps = probes.filter((p) => p.trigger === 'follow-up');
    const heads = planned.filter((p) => p.method === 'head');
    expect(planned).toHaveLength(plan.counts.probes);
    expect(heads.every((p) => p.status === 403 && p.errorCode === null)).toBe(true);
    expect(followUps).toHaveLength(heads.length);
    expect(followUps.filter((p) => p.phase === 'before-upload')).toHaveLength(4);
    expect(progress).toMatchObject({ probesDone: plan.counts.probes, followUpsDone: heads.length, forbidden: plan.counts.probes });

    expect(probes.map((p) => p.seq).sort((a, b) => a! - b!)).toEqual(probes.map((_, i) => i + 1));
    const bySeq = new Map(probes.map((p) => [p.seq, p]));
    const uploadStart = new Map(objects.map((o) => [o.key, o.uploadStartedAtMs]));
    for (const followUp of followUps) {
      const head = bySeq.get(followUp.followsSeq)!;
      expect(head).toMatchObject({ method: 'head', trigger: 'plan', status: 403, followsSeq: null });
      expect(followUp).toMatchObject({
        method: 'ranged-get', objectKey: head.objectKey, phase: head.phase, offsetMs: head.offsetMs,
        status: 403, errorCode: 'SignatureDoesNotMatch', attempts: 1,
      });
      expect(followUp.seq!).toBeGreaterThan(head.seq!);
      // Planned the moment its HEAD was recorded, not at a slot of the plan.
      expect(followUp.plannedAtMs).toBeGreaterThanOrEqual(head.startedAtMs + head.latencyMs);
      // It fired before any probe the plan put at a later offset of the same object.
      const later = planned.filter((p) => p.objectKey === head.objectKey && p.phase === head.phase && p.offsetMs > head.offsetMs);
      for (const p of later) expect(followUp.seq!).toBeLessThan(p.seq!);
      // A before-upload follow-up still saw the key before its upload started.
      if (head.phase === 'before-upload') expect(followUp.startedAtMs + followUp.latencyMs).toBeLessThanOrEqual(uploadStart.get(head.objectKey)!);
    }
  });

  it('fires nothing when the scenario says none, or says nothing', async () => {
    for (const followUp of ['none', undefined] as const) {
      const { plan, probes, progress } = await walkWrongSecret(YAML, 4, followUp);
      expect(probes).toHaveLength(plan.counts.probes);
      expect(probes.every((p) => p.trigger === 'plan' && p.followsSeq === null)).toBe(true);
      expect(progress.followUpsDone).toBe(0);
    }
  });

  it('does not follow up a HEAD that answered as expected (follow-up on by default)', async () => {
    expect(parseScenario(YAML, 'inline.yaml').followUp).toEqual({ onHead403: 'ranged-get' });
    const { probes } = await walk(YAML.replace('name: follow', 'name: no-follow'), 4);
    expect(probes.filter((p) => p.method === 'head').map((p) => p.status)).not.toContain(403);
    expect(probes.filter((p) => p.trigger !== 'plan')).toEqual([]);
  });
});
