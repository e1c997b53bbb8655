// The raw and presigned engines against scripted servers: network failures, cut bodies and retries are recorded as data, like the SDK engine does.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { realClock } from '../src/clock.js';
import { createPresignedEngine, createRawEngine, sdkEngine, type HttpEngineOptions, type ProbeEngine, type RawProbeRecord } from '../src/engines/index.js';
import type { Method } from '../src/probes/probe-record.js';
import { SocketLedger } from '../src/s3/attempt-capture.js';
import { createS3Client, type ProbeClient } from '../src/s3/client.js';
import { s3ErrorXml, startScriptedServer, type ScriptedServer } from './helpers/scripted-server.js';

const cleanups: Array<() => unknown> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function engineOptions(endpoint: string, overrides: Partial<HttpEngineOptions> = {}): HttpEngineOptions {
  return {
    runId: 'run-failures', bucket: 'bucket-a', region: 'us-east-1', endpoint, pathStyle: true,
    credentials: { accessKeyId: 'AKIDTESTENGINES00001', secretAccessKey: 'engines-secret' }, concurrency: 4, requestTimeoutMs: 5000,
    retryBaseDelayMs: 0, ...overrides,
  };
}

const MAKERS = {
  raw: (endpoint: string, overrides?: Partial<HttpEngineOptions>) => createRawEngine(engineOptions(endpoint, overrides)),
  presigned: (endpoint: string, overrides?: Partial<HttpEngineOptions>) => createPresignedEngine(engineOptions(endpoint, overrides)),
};

function connect(engineName: 'raw' | 'presigned', endpoint: string, overrides?: Partial<HttpEngineOptions>): ProbeEngine<RawProbeRecord> {
  const engine = MAKERS[engineName](endpoint, overrides);
  cleanups.push(() => engine.destroy());
  return engine;
}

function connectSdk(endpoint: string, maxAttempts: number, requestTimeoutMs = 5000): ProbeEngine {
  const client: ProbeClient = createS3Client({
    region: 'us-east-1', endpoint, pathStyle: true, credentials: { accessKeyId: 'AKIDTESTENGINES00001', secretAccessKey: 'engines-secret' },
    maxAttempts, requestTimeoutMs, requestChecksumCalculation: 'WHEN_SUPPORTED', concurrency: 4,
  });
  const engine = sdkEngine({ runId: 'run-failures', s3: client.s3, bucket: 'bucket-a', ledger: new SocketLedger(), now: realClock.now }, () => client.destroy());
  cleanups.push(() => engine.destroy());
  return engine;
}

async function scripted(steps: Parameters<typeof startScriptedServer>[0]): Promise<ScriptedServer> {
  const server = await startScriptedServer(steps);
  cleanups.push(() => server.close());
  return server;
}

/** A bare TCP server answering every request with `answer` bytes, then doing `after` to the socket. */
async function rawServer(answer: string, after: 'destroy' | 'stall'): Promise<string> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('data', () => {
      if (after === 'destroy') socket.end(answer);
      else socket.write(answer);
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(resolve));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const order = (method: Method) => ({ objectKey: 'k/obj-000001', method, phase: 'after-upload' as const, offsetMs: 0, plannedAtMs: Date.now() });
const CUT_BODY = 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\nx-amz-request-id: CUT0000000000001\r\n\r\nhello';

describe.each(['raw', 'presigned'] as const)('%s engine failures', (engineName) => {
  it('turns a connection reset into ECONNRESET with no status', async () => {
    const server = await scripted([{ reset: true }]);
    expect(await connect(engineName, server.endpoint).probe(order('head'))).toMatchObject({ status: null, errorClass: 'ECONNRESET', attempts: 1 });
  });

  it('turns a stalled answer into a timeout', async () => {
    const server = await scripted([{ stall: true }]);
    const record = await connect(engineName, server.endpoint, { requestTimeoutMs: 200 }).probe(order('head'));
    expect(record).toMatchObject({ status: null, errorClass: 'timeout', attempts: 1 });
    expect(record.latencyMs).toBeGreaterThanOrEqual(200);
  });

  it('turns a body cut short into status null + truncated, as the SDK engine does', async () => {
    const endpoint = await rawServer(CUT_BODY, 'destroy');
    const record = await connect(engineName, endpoint).probe(order('get'));
    expect(record).toMatchObject({ status: null, errorClass: 'truncated', bytes: null, requestId: 'CUT0000000000001', attempts: 1 });
    expect(record.attemptRecords[0]).toMatchObject({ status: 200, errorClass: 'truncated' });
    const sdk = await connectSdk(endpoint, 1).probe(order('get'));
    expect({ status: sdk.status, errorClass: sdk.errorClass, bytes: sdk.bytes }).toEqual({ status: null, errorClass: 'truncated', bytes: null });
  });

  it('turns a body that stops arriving into status null + timeout', async () => {
    const endpoint = await rawServer(CUT_BODY, 'stall');
    const record = await connect(engineName, endpoint, { requestTimeoutMs: 200 }).probe(order('get'));
    expect(record).toMatchObject({ status: null, errorClass: 'timeout', bytes: null });
    expect(record.attemptRecords[0]).toMatchObject({ status: 200, errorClass: 'timeout' });
  });

  it('turns a refused connection into ECONNREFUSED', async () => {
    const server = await startScriptedServer([{ status: 200 }]);
    await server.close();
    expect(await connect(engineName, server.endpoint).probe(order('get'))).toMatchObject({ status: null, errorClass: 'ECONNREFUSED', attempts: 1 });
  });

  it('retries 503 SlowDown up to maxAttempts and records every attempt, as the SDK engine does', async () => {
    const slowDown = { status: 503, headers: { 'content-type': 'application/xml' }, body: s3ErrorXml('SlowDown', 'Please reduce your request rate.') };
    const steps = [slowDown, slowDown, { status: 206, headers: { 'content-range': 'bytes 0-0/10', etag: '"abc"' }, body: 'x' }];
    const server = await scripted(steps);
    const record = await connect(engineName, server.endpoint, { maxAttempts: 3 }).probe(order('ranged-get'));
    expect(record.attemptRecords.map((a) => [a.attempt, a.status, a.errorCode])).toEqual([[1, 503, 'SlowDown'], [2, 503, 'SlowDown'], [3, 206, null]]);
    expect(record).toMatchObject({ status: 206, attempts: 3, bytes: 1 });
    expect(new Set(record.attemptRecords.map((a) => a.requestId)).size).toBe(3);
    const sdkServer = await scripted(steps);
    const sdk = await connectSdk(sdkServer.endpoint, 3).probe(order('ranged-get'));
    expect(sdk.attemptRecords.map((a) => [a.attempt, a.status, a.errorCode])).toEqual(record.attemptRecords.map((a) => [a.attempt, a.status, a.errorCode]));
  });

  it('does not retry a 403, and stops at maxAttempts', async () => {
    const denied = await scripted([{ status: 403, headers: { 'content-type': 'application/xml' }, body: s3ErrorXml('AccessDenied', 'Access Denied') }]);
    expect(await connect(engineName, denied.endpoint, { maxAttempts: 3 }).probe(order('get'))).toMatchObject({ status: 403, errorCode: 'AccessDenied', attempts: 1 });
    const failing = await scripted([{ status: 500 }]);
    expect(await connect(engineName, failing.endpoint, { maxAttempts: 2 }).probe(order('head'))).toMatchObject({ status: 500, attempts: 2 });
  });

  it('ends a probe in flight with ECONNABORTED when the engine is destroyed, in every connection mode', async () => {
    const server = await scripted([{ stall: true }]);
    for (const connection of ['keep-alive', 'fresh'] as const) {
      const engine = MAKERS[engineName](server.endpoint, { connection });
      const pending = engine.probe(order('head'));
      while (server.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
      engine.destroy();
      expect(await pending, connection).toMatchObject({ status: null, errorClass: 'ECONNABORTED', attempts: 1 });
      server.requests.length = 0;
    }
  });

  it('records a credential provider failure as a probe with no attempt', async () => {
    const server = await scripted([{ status: 200 }]);
    const credentials = async () => {
      throw Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    };
    const record = await connect(engineName, server.endpoint, { credentials }).probe(order('head'));
    expect(record).toMatchObject({ status: null, errorClass: 'CredentialsProviderError', attempts: 0, attemptRecords: [] });
    expect(server.requests).toHaveLength(0);
  });
});
