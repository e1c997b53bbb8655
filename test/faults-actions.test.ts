// Integration: every fault action against the embedded endpoint over real sockets, fired with the real SDK and recorded by runProbe.
import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultIdentities } from '../src/local-s3/identities.js';
import { startLocalS3, type LocalS3, type LocalS3LogEntry } from '../src/local-s3/server.js';
import type { Method, ProbeRecord } from '../src/probes/probe-record.js';
import { runProbe } from '../src/probes/run-probe.js';
import { SocketLedger } from '../src/s3/attempt-capture.js';
import { createS3Client, type ProbeClient } from '../src/s3/client.js';
import type { FaultRule } from '../src/scenario/scenario.js';

const BUCKET = 'faults-bucket';
const [IDENTITY] = defaultIdentities();

interface Rig {
  server: LocalS3;
  client: ProbeClient;
  log: LocalS3LogEntry[];
  probe(method: Method, key: string): Promise<ProbeRecord>;
  put(key: string, body: string): Promise<void>;
}

const rigs: Rig[] = [];

afterEach(async () => {
  for (const rig of rigs.splice(0)) {
    rig.client.destroy();
    await rig.server.close();
  }
});

/** An endpoint with `faults` and a bucket, and an SDK client configured as a run configures it. */
async function startRig(faults: FaultRule[], sdk: { maxAttempts?: number; requestTimeoutMs?: number } = {}): Promise<Rig> {
  const log: LocalS3LogEntry[] = [];
  const server = await startLocalS3({ identities: [IDENTITY], faults, seed: 7, onLog: (entry) => log.push(entry) });
  const client = createS3Client({
    region: 'us-east-1', endpoint: server.endpoint, pathStyle: true, credentials: { accessKeyId: IDENTITY.accessKeyId, secretAccessKey: IDENTITY.secretAccessKey },
    maxAttempts: sdk.maxAttempts ?? 1, requestTimeoutMs: sdk.requestTimeoutMs ?? 5000, requestChecksumCalculation: 'WHEN_SUPPORTED', concurrency: 4,
  });
  await client.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const ledger = new SocketLedger();
  const rig: Rig = {
    server,
    client,
    log,
    probe: (method, key) =>
      runProbe({ runId: 'test', s3: client.s3, bucket: BUCKET, ledger, now: () => performance.timeOrigin + performance.now() }, {
        objectKey: key, method, phase: 'after-upload', offsetMs: 0, plannedAtMs: 0,
      }),
    put: async (key, body) => {
      await client.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
    },
  };
  rigs.push(rig);
  return rig;
}

function entryFor(log: LocalS3LogEntry[], operation: string): LocalS3LogEntry {
  const entries = log.filter((entry) => entry.operation === operation);
  expect(entries).toHaveLength(1);
  return entries[0];
}

describe('status', () => {
  const forbidReads: FaultRule[] = [
    { method: 'head', when: 'any', every: 1, action: { kind: 'status', status: 403, code: 'AccessDenied' } },
    { method: 'get', when: 'any', every: 1, action: { kind: 'status', status: 403, code: 'AccessDenied' } },
  ];

  it('HEAD gets the status without a body; GET gets S3 XML with Code, Message, Key, RequestId and HostId', async () => {
    const rig = await startRig(forbidReads);
    await rig.put('k', 'hello');
    const head = await rig.probe('head', 'k');
    expect([head.status, head.errorCode, head.errorBody]).toEqual([403, null, null]);
    const get = await rig.probe('get', 'k');
    expect([get.status, get.errorCode]).toEqual([403, 'AccessDenied']);
    expect(get.errorBody).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message><Key>k</Key><RequestId>${get.requestId}</RequestId><HostId>${get.extendedRequestId}</HostId></Error>`,
    );
    const ranged = await rig.probe('ranged-get', 'k');
    expect(ranged.status).toBe(206);
    expect(rig.log.filter((entry) => entry.operation !== 'CreateBucket' && entry.operation !== 'PutObject')).toMatchObject([
      { operation: 'HeadObject', requestId: head.requestId, status: 403, errorCode: 'AccessDenied', decidedBy: 'faults[0]', faultAction: 'status', keyExisted: true },
      { operation: 'GetObject', requestId: get.requestId, status: 403, errorCode: 'AccessDenied', decidedBy: 'faults[1]', faultAction: 'status', keyExisted: true },
      { operation: 'GetObject', requestId: ranged.requestId, status: 206, errorCode: null, decidedBy: null, faultAction: null, keyExisted: true },
    ]);
  });

  it('a custom message is sent as given; an unknown code names the rule', async () => {
    const rig = await startRig([
      { method: 'get', when: 'before-upload', every: 1, action: { kind: 'status', status: 500, code: 'InternalError', message: 'custom words' } },
      { method: 'ranged-get', when: 'before-upload', every: 1, action: { kind: 'status', status: 409, code: 'OddCode' } },
    ]);
    expect((await rig.probe('get', 'missing')).errorBody).toContain('<Message>custom words</Message>');
    expect((await rig.probe('ranged-get', 'missing')).errorBody).toContain('<Code>OddCode</Code><Message>OddCode (injected by s3probe fault rule faults[1])</Message>');
  });

  it('a PUT answered by a status rule stores nothing', async () => {
    const rig = await startRig([{ method: 'put', when: 'any', every: 1, action: { kind: 'status', status: 503, code: 'SlowDown' } }]);
    const failure = await rig.put('never', 'x').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(S3ServiceException);
    expect((failure as S3ServiceException).name).toBe('SlowDown');
    expect((await rig.probe('head', 'never')).status).toBe(404);
  });

  it('503 SlowDown with max-attempts 3: every attempt is recorded and logged under its own request ID', async () => {
    const rig = await startRig([{ method: 'head', when: 'any', every: 1, action: { kind: 'status', status: 503, code: 'SlowDown' } }], { maxAttempts: 3 });
    const probe = await rig.probe('head', 'k');
    expect([probe.status, probe.attempts]).toEqual([503, 3]);
    const logged = rig.log.filter((entry) => entry.operation === 'HeadObject');
    expect(logged.map((entry) => [entry.requestId, entry.status, entry.decidedBy])).toEqual(
      probe.attemptRecords.map((attempt) => [attempt.requestId, 503, 'faults[0]']),
    );
  });
});

describe('wire actions', () => {
  it('delay-ms answers normally after the delay', async () => {
    const rig = await startRig([{ method: 'get', when: 'after-upload', every: 1, action: { kind: 'delay', delayMs: 150 } }]);
    await rig.put('k', 'hello');
    const get = await rig.probe('get', 'k');
    expect([get.status, get.bytes]).toEqual([200, 5]);
    expect(get.latencyMs).toBeGreaterThanOrEqual(150);
    expect(entryFor(rig.log, 'GetObject')).toMatchObject({ status: 200, decidedBy: 'faults[0]', faultAction: 'delay' });
  });

  it('reset closes the connection before any header: the probe records ECONNRESET, the log a null status', async () => {
    const rig = await startRig([{ method: 'head', when: 'any', every: 1, action: { kind: 'reset' } }]);
    const head = await rig.probe('head', 'k');
    expect([head.status, head.errorClass, head.requestId, head.attempts]).toEqual([null, 'ECONNRESET', null, 1]);
    expect(entryFor(rig.log, 'HeadObject')).toMatchObject({ status: null, errorCode: null, decidedBy: 'faults[0]', faultAction: 'reset', keyExisted: false });
  });

  it('stall never answers: the request timeout ends the probe as a timeout, and close() still returns', async () => {
    const rig = await startRig([{ method: 'get', when: 'any', every: 1, action: { kind: 'stall' } }], { requestTimeoutMs: 300 });
    const get = await rig.probe('get', 'k');
    expect([get.status, get.errorClass, get.attempts]).toEqual([null, 'timeout', 1]);
    expect(get.latencyMs).toBeGreaterThanOrEqual(300);
    expect(entryFor(rig.log, 'GetObject')).toMatchObject({ status: null, decidedBy: 'faults[0]', faultAction: 'stall' });
  });

  it('close() ends a connection that is still stalled', async () => {
    const rig = await startRig([{ method: 'head', when: 'any', every: 1, action: { kind: 'stall' } }], { requestTimeoutMs: 60_000 });
    const pending = rig.client.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'k' })).catch((error: unknown) => error);
    await expect.poll(() => rig.log.some((entry) => entry.faultAction === 'stall')).toBe(true);
    await rig.server.close();
    expect(await pending).toBeInstanceOf(Error);
  });

  it('truncate sends the headers and half the body: the probe records truncated, the log the status sent', async () => {
    const rig = await startRig([{ method: 'any', when: 'after-upload', every: 1, action: { kind: 'truncate' } }]);
    await rig.put('big', 'x'.repeat(4096));
    await rig.put('one', 'y');
    const get = await rig.probe('get', 'big');
    expect([get.status, get.errorClass, get.attemptRecords[0].status]).toEqual([null, 'truncated', 200]);
    const ranged = await rig.probe('ranged-get', 'one');
    expect([ranged.status, ranged.errorClass, ranged.attemptRecords[0].status]).toEqual([null, 'truncated', 206]);
    const gets = rig.log.filter((entry) => entry.operation === 'GetObject');
    expect(gets.map((entry) => [entry.requestId, entry.status, entry.faultAction])).toEqual([
      [get.attemptRecords[0].requestId, 200, 'truncate'],
      [ranged.attemptRecords[0].requestId, 206, 'truncate'],
    ]);
  });

  it('truncate on an answer without body bytes (HEAD via method any) sends it whole, then closes', async () => {
    const rig = await startRig([{ method: 'any', when: 'after-upload', every: 1, action: { kind: 'truncate' } }]);
    await rig.put('k', 'hello');
    const head = await rig.probe('head', 'k');
    expect([head.status, head.errorClass]).toEqual([200, null]);
    expect(entryFor(rig.log, 'HeadObject')).toMatchObject({ status: 200, decidedBy: 'faults[0]', faultAction: 'truncate' });
  });
});

describe('determinism', () => {
  it('same seed, same requests: the same decisions in the log, whatever the run id in the key prefix', async () => {
    const rules: FaultRule[] = [{ method: 'head', when: 'any', probability: 0.3, action: { kind: 'status', status: 403, code: 'AccessDenied' } }];
    const decisionsFor = async (prefix: string) => {
      const rig = await startRig(rules);
      for (let i = 0; i < 40; i++) await rig.probe('head', `${prefix}obj-${i}`);
      return rig.log.filter((entry) => entry.operation === 'HeadObject').map((entry) => entry.decidedBy);
    };
    const first = await decisionsFor('s3probe/run-one/');
    expect(first).toContain('faults[0]');
    expect(first).toContain(null);
    expect(await decisionsFor('s3probe/run-two/')).toEqual(first);
  });
});
