// The raw and presigned engines against the embedded endpoint: the SDK engine's outcomes on the same keys, and S3's auth answers.
import { createHash } from 'node:crypto';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realClock } from '../src/clock.js';
import { createPresignedEngine, createRawEngine, sdkEngine, type HttpEngineOptions, type ProbeEngine, type RawProbeRecord } from '../src/engines/index.js';
import { defaultIdentities, type LocalS3Identity } from '../src/local-s3/identities.js';
import { startLocalS3, type LocalS3 } from '../src/local-s3/server.js';
import { METHODS, type Method, type ProbeRecord } from '../src/probes/probe-record.js';
import type { ProbeOrder } from '../src/probes/run-probe.js';
import { SocketLedger } from '../src/s3/attempt-capture.js';
import { createS3Client, type ProbeClient } from '../src/s3/client.js';

const BUCKET = 'engines-bucket';
const OWNER = defaultIdentities()[0];
const TEMPORARY: LocalS3Identity = {
  name: 'temporary', accessKeyId: 'S3PROBETEMPKEY00ABCD', secretAccessKey: 'temporary-fake-secret-for-tests', sessionToken: 'temporary-fake-session-token',
};
const KEYS = { existing: 'objects/hello.txt', zeroByte: 'objects/empty', missing: 'objects/missing', oddName: "objects/odd key+é!'()*~.txt" };
const BODIES: Record<string, string> = { [KEYS.existing]: 'hello world', [KEYS.zeroByte]: '', [KEYS.oddName]: 'odd' };
/** head-if-match sends the ETag of the key's body (or of an empty body for the missing key). */
const etagOf = (key: string) => `"${createHash('md5').update(BODIES[key] ?? '').digest('hex')}"`;

let server: LocalS3;
let sdkClient: ProbeClient;
const engines: ProbeEngine[] = [];

beforeAll(async () => {
  server = await startLocalS3({ identities: [OWNER, TEMPORARY] });
  const uploader = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: OWNER, maxAttempts: 1 });
  await uploader.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await uploader.send(new PutObjectCommand({ Bucket: BUCKET, Key: KEYS.existing, Body: 'hello world' }));
  await uploader.send(new PutObjectCommand({ Bucket: BUCKET, Key: KEYS.zeroByte, Body: new Uint8Array(0) }));
  await uploader.send(new PutObjectCommand({ Bucket: BUCKET, Key: KEYS.oddName, Body: 'odd' }));
  uploader.destroy();
  sdkClient = createS3Client({
    region: 'us-east-1', endpoint: server.endpoint, pathStyle: true, credentials: OWNER,
    maxAttempts: 1, requestTimeoutMs: 5000, requestChecksumCalculation: 'WHEN_SUPPORTED', concurrency: 4,
  });
});

afterAll(async () => {
  for (const engine of engines) engine.destroy();
  sdkClient.destroy();
  await server.close();
});

function engineOptions(overrides: Partial<HttpEngineOptions> = {}): HttpEngineOptions {
  return {
    runId: 'run-engines', bucket: BUCKET, region: 'us-east-1', endpoint: server.endpoint, pathStyle: true,
    credentials: OWNER, concurrency: 4, requestTimeoutMs: 5000, ...overrides,
  };
}

function track<E extends ProbeEngine>(engine: E): E {
  engines.push(engine);
  return engine;
}

function order(objectKey: string, method: Method, extra: Partial<ProbeOrder> = {}): ProbeOrder {
  return { objectKey, method, phase: 'after-upload', offsetMs: 250, plannedAtMs: 1_700_000_000_000, ifMatch: etagOf(objectKey), ...extra };
}

const HTTP_ENGINES = {
  raw: (overrides: Partial<HttpEngineOptions> = {}) => track(createRawEngine(engineOptions(overrides))),
  presigned: (overrides: Partial<HttpEngineOptions> = {}) => track(createPresignedEngine(engineOptions(overrides))),
};

/** Everything an engine records that must not depend on the engine: timings, request ids and ports left out. */
function comparable(record: ProbeRecord) {
  const stripIds = (body: string | null) => body?.replace(/<(RequestId|HostId)>[^<]*<\/\1>/g, '') ?? null;
  return {
    runId: record.runId, objectKey: record.objectKey, method: record.method, phase: record.phase, offsetMs: record.offsetMs,
    plannedAtMs: record.plannedAtMs, seq: record.seq, trigger: record.trigger, followsSeq: record.followsSeq,
    status: record.status, errorCode: record.errorCode, errorClass: record.errorClass, errorBody: stripIds(record.errorBody),
    bytes: record.bytes, keyListed: record.keyListed, attempts: record.attempts, hasRequestIds: [record.requestId !== null, record.extendedRequestId !== null],
    attemptRecords: record.attemptRecords.map((a) => ({
      attempt: a.attempt, status: a.status, errorCode: a.errorCode, errorClass: a.errorClass, errorBody: stripIds(a.errorBody),
      contentRange: a.contentRange, etag: a.etag, remoteAddress: a.remoteAddress, hasDate: a.responseDate !== null,
    })),
  };
}

describe.each(['raw', 'presigned'] as const)('%s engine', (engineName) => {
  it('records what the SDK engine records for existing, zero-byte, missing and oddly named keys, on every method', async () => {
    const engine = HTTP_ENGINES[engineName]();
    const sdk = sdkEngine({ runId: 'run-engines', s3: sdkClient.s3, bucket: BUCKET, ledger: new SocketLedger(), now: realClock.now });
    const seen: Array<[string, Method, number | null]> = [];
    for (const key of Object.values(KEYS)) {
      for (const method of METHODS) {
        const planned = order(key, method, { seq: 7, trigger: 'follow-up', followsSeq: 3 });
        const expected = await sdk.probe(planned);
        const actual = await engine.probe(planned);
        expect(comparable(actual), `${method} ${key}`).toEqual(comparable(expected));
        seen.push([key, method, actual.status]);
      }
    }
    // The comparison covered the interesting answers, not just 200s.
    expect(seen).toContainEqual([KEYS.zeroByte, 'ranged-get', 416]);
    expect(seen).toContainEqual([KEYS.missing, 'head', 404]);
    expect(seen).toContainEqual([KEYS.existing, 'ranged-get', 206]);
    expect(seen).toContainEqual([KEYS.missing, 'get-object-attributes', 404]);
    expect(seen).toContainEqual([KEYS.oddName, 'head-if-match', 200]);
    expect(seen).toContainEqual([KEYS.missing, 'list-prefix', 200]);
  });

  it('list-prefix: keyListed true for an existing key, false for a missing one, null for a refused listing (as the SDK engine)', async () => {
    const engine = HTTP_ENGINES[engineName]();
    const sdk = sdkEngine({ runId: 'run-engines', s3: sdkClient.s3, bucket: BUCKET, ledger: new SocketLedger(), now: realClock.now });
    for (const probe of [engine, sdk]) {
      expect(await probe.probe(order(KEYS.oddName, 'list-prefix'))).toMatchObject({ status: 200, keyListed: true, bytes: null });
      // `objects/hello` is a prefix of `objects/hello.txt`, which the listing names: the key itself is not listed.
      expect(await probe.probe(order('objects/hello', 'list-prefix'))).toMatchObject({ status: 200, keyListed: false });
    }
    const refused = await HTTP_ENGINES[engineName]({ credentials: { accessKeyId: OWNER.accessKeyId, secretAccessKey: 'wrong' } }).probe(order(KEYS.existing, 'list-prefix'));
    expect(refused).toMatchObject({ status: 403, errorCode: 'SignatureDoesNotMatch', keyListed: null });
  });

  it('head-if-match: 412 with no body when the ETag differs, 200 when it matches', async () => {
    const engine = HTTP_ENGINES[engineName]();
    expect(await engine.probe(order(KEYS.existing, 'head-if-match', { ifMatch: etagOf(KEYS.oddName) }))).toMatchObject({ status: 412, errorCode: null, errorBody: null });
    expect(await engine.probe(order(KEYS.existing, 'head-if-match'))).toMatchObject({ status: 200, errorCode: null });
  });

  it('get-object-attributes: 200 with the ETag in the XML body, not in a header', async () => {
    const engine = HTTP_ENGINES[engineName]();
    const record = (await engine.probe(order(KEYS.existing, 'get-object-attributes'))) as RawProbeRecord;
    expect(record).toMatchObject({ status: 200, errorCode: null, bytes: null });
    expect(record.attemptRecords[0].etag).toBeNull(); // the ETag is in the XML body, not a header
  });

  it('records the signing facts of every attempt, and no secret', async () => {
    const before = Date.now();
    const record = (await HTTP_ENGINES[engineName]().probe(order(KEYS.existing, 'get'))) as RawProbeRecord;
    const attempt = record.attemptRecords[0];
    expect(record).toMatchObject({ status: 200, bytes: 11, attempts: 1 });
    expect(attempt.signedAtMs).toBeGreaterThanOrEqual(before - 1);
    expect(attempt.amzDate).toBe(new Date(attempt.signedAtMs).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, ''));
    expect(attempt).toMatchObject({ accessKeyIdSuffix: '0001', credentialKind: 'static', credentialExpiresAtMs: null, socketRequests: 1, resolvedAddress: null, tlsProtocol: null });
    expect(JSON.stringify(record)).not.toContain(OWNER.secretAccessKey);
  });

  it('answers a wrong secret with 403 SignatureDoesNotMatch on GET and a bare 403 on HEAD', async () => {
    const engine = HTTP_ENGINES[engineName]({ credentials: { accessKeyId: OWNER.accessKeyId, secretAccessKey: 'not-the-secret' } });
    const get = await engine.probe(order(KEYS.existing, 'get'));
    expect(get).toMatchObject({ status: 403, errorCode: 'SignatureDoesNotMatch', bytes: null, attempts: 1 });
    expect(get.errorBody).toContain('<Code>SignatureDoesNotMatch</Code>');
    const head = await engine.probe(order(KEYS.existing, 'head'));
    expect(head).toMatchObject({ status: 403, errorCode: null, errorBody: null, attempts: 1 });
    expect(head.requestId).not.toBeNull();
  });

  it('answers an unknown access key with 403 InvalidAccessKeyId', async () => {
    const engine = HTTP_ENGINES[engineName]({ credentials: { accessKeyId: 'AKIDUNKNOWN000000000', secretAccessKey: 'whatever' } });
    expect(await engine.probe(order(KEYS.existing, 'ranged-get'))).toMatchObject({ status: 403, errorCode: 'InvalidAccessKeyId' });
  });

  it('signs with temporary credentials from a provider, resolved once and reported', async () => {
    const expiration = new Date(Date.now() + 3_600_000);
    let calls = 0;
    const refreshes: unknown[] = [];
    const engine = HTTP_ENGINES[engineName]({
      credentials: async () => {
        calls++;
        return { ...TEMPORARY, expiration };
      },
      onCredentialRefresh: (event) => refreshes.push(event),
    });
    const records = (await Promise.all(METHODS.map((method) => engine.probe(order(KEYS.existing, method))))) as RawProbeRecord[];
    expect(records.map((r) => r.status)).toEqual([200, 206, 200, 200, 200, 200]);
    expect(records[0].attemptRecords[0]).toMatchObject({ credentialKind: 'temporary', accessKeyIdSuffix: 'ABCD', credentialExpiresAtMs: expiration.getTime() });
    expect(calls).toBe(1);
    expect(refreshes).toEqual([expect.objectContaining({ accessKeyIdSuffix: 'ABCD', credentialKind: 'temporary', expiresAtMs: expiration.getTime() })]);
    expect(JSON.stringify(records)).not.toContain(TEMPORARY.sessionToken);
  });

  it('addresses the bucket virtual-host style, and the endpoint verifies the signed Host', async () => {
    // The endpoint is path-style only: the key `<bucket>/<key>` makes the virtual-host path `/<bucket>/<key>` it serves,
    // while the Host header (part of the signature) is `<bucket>.s3.engines.test:<port>`.
    const lookup = async () => ({ address: '127.0.0.1', family: 4 });
    const endpoint = `http://s3.engines.test:${server.port}`;
    const good = HTTP_ENGINES[engineName]({ endpoint, pathStyle: false, lookup });
    expect(await good.probe(order(`${BUCKET}/${KEYS.existing}`, 'get'))).toMatchObject({ status: 200, bytes: 11 });
    const bad = HTTP_ENGINES[engineName]({ endpoint, pathStyle: false, lookup, credentials: { accessKeyId: OWNER.accessKeyId, secretAccessKey: 'wrong' } });
    expect(await bad.probe(order(`${BUCKET}/${KEYS.existing}`, 'get'))).toMatchObject({ status: 403, errorCode: 'SignatureDoesNotMatch' });
  });
});

describe('signing edge cases', () => {
  it('presigned: an expired URL answers 403 (AccessDenied, "Request has expired")', async () => {
    const anHourAgo = () => Date.now() - 3_600_000;
    const engine = track(createPresignedEngine({ ...engineOptions({ signingClock: anHourAgo }), expiresInSeconds: 60 }));
    const get = await engine.probe(order(KEYS.existing, 'get'));
    expect(get).toMatchObject({ status: 403, errorCode: 'AccessDenied' });
    expect(get.errorBody).toContain('Request has expired');
    expect(await engine.probe(order(KEYS.existing, 'head'))).toMatchObject({ status: 403, errorCode: null });
  });

  it('raw: a signing clock 20 minutes behind answers 403 RequestTimeTooSkewed, and the record shows the skewed x-amz-date', async () => {
    const skewMs = 20 * 60_000;
    const engine = HTTP_ENGINES.raw({ signingClock: () => Date.now() - skewMs });
    const record = (await engine.probe(order(KEYS.existing, 'get'))) as RawProbeRecord;
    expect(record).toMatchObject({ status: 403, errorCode: 'RequestTimeTooSkewed' });
    const attempt = record.attemptRecords[0];
    expect(attempt.startedAtMs - attempt.signedAtMs).toBeGreaterThanOrEqual(skewMs);
    expect(Date.parse(attempt.responseDate ?? '') - Date.parse(attempt.amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'))).toBeGreaterThanOrEqual(skewMs - 1000);
  });

  it('raw: UNSIGNED-PAYLOAD is accepted as well as the empty-body hash', async () => {
    const engine = track(createRawEngine({ ...engineOptions(), payloadHash: 'unsigned' }));
    expect(await engine.probe(order(KEYS.existing, 'ranged-get'))).toMatchObject({ status: 206, bytes: 1, errorClass: null });
  });
});
