// The capture middleware against a scripted server: every attempt recorded, failures are fields, never exceptions.
import { afterEach, describe, expect, it } from 'vitest';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { realClock } from '../src/clock.js';
import { runProbe, type ProbeContext } from '../src/probes/run-probe.js';
import { CAPTURE_MIDDLEWARE_NAME, SocketLedger, attemptCapturePlugin } from '../src/s3/attempt-capture.js';
import { createS3Client, type ProbeClient } from '../src/s3/client.js';
import { s3ErrorXml, startScriptedServer, type ScriptedServer } from './helpers/scripted-server.js';

let server: ScriptedServer | null = null;
let client: ProbeClient | null = null;

afterEach(async () => {
  client?.destroy();
  await server?.close();
  server = null;
  client = null;
});

function connect(endpoint: string, maxAttempts: number, requestTimeoutMs = 5000): ProbeContext {
  client = createS3Client({
    region: 'us-east-1', endpoint, pathStyle: true, credentials: { accessKeyId: 'AKIDTESTCAPTURE0001', secretAccessKey: 'capture-secret' },
    maxAttempts, requestTimeoutMs, requestChecksumCalculation: 'WHEN_SUPPORTED', concurrency: 4,
  });
  return { runId: 'run-1', s3: client.s3, bucket: 'bucket-a', ledger: new SocketLedger(), now: realClock.now };
}

const order = (method: 'head' | 'ranged-get' | 'get') => ({ objectKey: 'k/obj-000001', method, phase: 'after-upload' as const, offsetMs: 0, plannedAtMs: Date.now() });

describe('per-attempt capture', () => {
  it('sits right after the deserializer in the resolved stack', () => {
    const ctx = connect('http://127.0.0.1:9', 1);
    const command = new GetObjectCommand({ Bucket: 'b', Key: 'k' });
    command.middlewareStack.use(attemptCapturePlugin([], new SocketLedger(), Date.now));
    const stack = ctx.s3.middlewareStack.clone().concat(command.middlewareStack).identify();
    const at = stack.findIndex((entry) => entry.startsWith(CAPTURE_MIDDLEWARE_NAME));
    expect(at).toBeGreaterThan(0);
    expect(stack[at - 1]).toMatch(/^deserializerMiddleware/);
  });

  it('records every attempt the SDK retries (503 SlowDown twice, then 200) with its own request id', async () => {
    server = await startScriptedServer([
      { status: 503, headers: { 'content-type': 'application/xml' }, body: s3ErrorXml('SlowDown', 'Please reduce your request rate.') },
      { status: 503, headers: { 'content-type': 'application/xml' }, body: s3ErrorXml('SlowDown', 'Please reduce your request rate.') },
      { status: 206, headers: { 'content-range': 'bytes 0-0/10', etag: '"abc"' }, body: 'x' },
    ]);
    const record = await runProbe(connect(server.endpoint, 3), order('ranged-get'));
    expect(record.attemptRecords.map((a) => a.status)).toEqual([503, 503, 206]);
    expect(record.attemptRecords.map((a) => a.errorCode)).toEqual(['SlowDown', 'SlowDown', null]);
    expect(new Set(record.attemptRecords.map((a) => a.requestId)).size).toBe(3);
    expect(record).toMatchObject({ status: 206, attempts: 3, bytes: 1, errorCode: null });
    expect(record.attemptRecords[2]).toMatchObject({ contentRange: 'bytes 0-0/10', etag: '"abc"', remoteAddress: '127.0.0.1' });
    expect(server.requests.map((r) => r.headers['amz-sdk-request'])).toEqual(['attempt=1; max=3', 'attempt=2; max=3', 'attempt=3; max=3']);
  });

  it('keeps the XML error body and code of a GET 403, and HEAD 403 has neither', async () => {
    server = await startScriptedServer([{ status: 403, headers: { 'content-type': 'application/xml' }, body: s3ErrorXml('AccessDenied', 'Access Denied') }]);
    const ctx = connect(server.endpoint, 1);
    const get = await runProbe(ctx, order('get'));
    expect(get).toMatchObject({ status: 403, errorCode: 'AccessDenied', attempts: 1 });
    expect(get.errorBody).toContain('<Code>AccessDenied</Code>');
    const head = await runProbe(ctx, order('head'));
    expect(head).toMatchObject({ status: 403, errorCode: null, errorBody: null, attempts: 1 });
    expect(head.requestId).toMatch(/^SCRIPTED/);
  });

  it('notes whether the socket was reused', async () => {
    server = await startScriptedServer([{ status: 200 }]);
    const ctx = connect(server.endpoint, 1);
    const first = await runProbe(ctx, order('head'));
    const second = await runProbe(ctx, order('head'));
    expect(first.attemptRecords[0].socketReused).toBe(false);
    expect(second.attemptRecords[0].socketReused).toBe(true);
    expect(second.attemptRecords[0].localPort).toBe(first.attemptRecords[0].localPort);
  });

  it('turns a connection reset into a recorded outcome with no status', async () => {
    server = await startScriptedServer([{ reset: true }]);
    const record = await runProbe(connect(server.endpoint, 1), order('head'));
    expect(record).toMatchObject({ status: null, errorClass: 'ECONNRESET', attempts: 1 });
  });

  it('turns a stalled response into a recorded timeout', async () => {
    server = await startScriptedServer([{ stall: true }]);
    const record = await runProbe(connect(server.endpoint, 1, 300), order('head'));
    expect(record).toMatchObject({ status: null, errorClass: 'timeout', attempts: 1 });
  });

  it('turns a refused connection into ECONNREFUSED', async () => {
    server = await startScriptedServer([{ status: 200 }]);
    const endpoint = server.endpoint;
    await server.close();
    server = null;
    const record = await runProbe(connect(endpoint, 1), order('get'));
    expect(record).toMatchObject({ status: null, errorClass: 'ECONNREFUSED', attempts: 1 });
  });
});
