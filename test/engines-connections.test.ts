// What the raw and presigned engines put on the wire (headers, URL, addressing) and how each connection mode uses sockets.
import { lookup as dnsLookup } from 'node:dns/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createPresignedEngine, createRawEngine, type ConnectionMode, type HttpEngineOptions, type ProbeEngine, type RawProbeRecord } from '../src/engines/index.js';
import type { Method } from '../src/probes/probe-record.js';
import { startScriptedServer, type ScriptedServer } from './helpers/scripted-server.js';

const CREDENTIALS = { accessKeyId: 'AKIDTESTENGINES00001', secretAccessKey: 'engines-secret' };
const cleanups: Array<() => unknown> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function scripted(): Promise<ScriptedServer> {
  const server = await startScriptedServer([{ status: 200, body: 'a' }]);
  cleanups.push(() => server.close());
  return server;
}

function connect(engineName: 'raw' | 'presigned', endpoint: string, overrides: Partial<HttpEngineOptions> = {}): ProbeEngine<RawProbeRecord> {
  const options: HttpEngineOptions = {
    runId: 'run-wire', bucket: 'bucket-a', region: 'eu-west-1', endpoint, pathStyle: true, credentials: CREDENTIALS,
    concurrency: 4, requestTimeoutMs: 5000, ...overrides,
  };
  const engine = engineName === 'raw' ? createRawEngine(options) : createPresignedEngine(options);
  cleanups.push(() => engine.destroy());
  return engine;
}

const order = (method: Method, objectKey = 'k/obj-000001') => ({ objectKey, method, phase: 'after-upload' as const, offsetMs: 0, plannedAtMs: Date.now() });

describe('what goes on the wire', () => {
  it('raw: a SigV4 Authorization header over host, range, payload hash and date; no SDK headers', async () => {
    const server = await scripted();
    await connect('raw', server.endpoint).probe(order('ranged-get'));
    const [{ method, url, headers }] = server.requests;
    expect([method, url]).toEqual(['GET', '/bucket-a/k/obj-000001']);
    expect(headers).toMatchObject({ host: server.endpoint.replace('http://', ''), range: 'bytes=0-0', 'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' });
    expect(headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDTESTENGINES00001\/\d{8}\/eu-west-1\/s3\/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
    expect(Object.keys(headers).filter((name) => name.startsWith('amz-sdk') || name === 'x-amz-user-agent')).toEqual([]);
  });

  it('raw: temporary credentials add x-amz-security-token (signed)', async () => {
    const server = await scripted();
    await connect('raw', server.endpoint, { credentials: { ...CREDENTIALS, sessionToken: 'fake-session-token' } }).probe(order('head'));
    const [{ method, headers }] = server.requests;
    expect(method).toBe('HEAD');
    expect(headers['x-amz-security-token']).toBe('fake-session-token');
    expect(headers.authorization).toContain('SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,');
  });

  it('presigned: the signature is in the URL (host signed only), the Range header goes unsigned', async () => {
    const server = await scripted();
    await connect('presigned', server.endpoint, { credentials: { ...CREDENTIALS, sessionToken: 'fake-session-token' } }).probe(order('ranged-get', "k/odd name+é!"));
    const [{ method, url, headers }] = server.requests;
    expect(method).toBe('GET');
    const parsed = new URL(url, server.endpoint);
    expect(parsed.pathname).toBe('/bucket-a/k/odd%20name%2B%C3%A9%21');
    expect(Object.fromEntries(parsed.searchParams)).toMatchObject({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': expect.stringMatching(/^AKIDTESTENGINES00001\/\d{8}\/eu-west-1\/s3\/aws4_request$/),
      'X-Amz-Expires': '900',
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Security-Token': 'fake-session-token',
      'X-Amz-Signature': expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(headers.authorization).toBeUndefined();
    expect(headers.range).toBe('bytes=0-0');
  });

  it('virtual-host style: Host is <bucket>.<endpoint host>, the path is the key alone', async () => {
    const server = await scripted();
    const port = new URL(server.endpoint).port;
    const lookup = async () => ({ address: '127.0.0.1', family: 4 });
    await connect('raw', `http://s3.engines.test:${port}`, { pathStyle: false, lookup }).probe(order('get'));
    expect(server.requests[0]).toMatchObject({ url: '/k/obj-000001', headers: { host: `bucket-a.s3.engines.test:${port}` } });
  });
});

describe.each(['raw', 'presigned'] as const)('%s engine connection modes', (engineName) => {
  async function probeThrice(mode: ConnectionMode, overrides: Partial<HttpEngineOptions> = {}, endpointHost = '127.0.0.1') {
    const server = await scripted();
    const endpoint = server.endpoint.replace('127.0.0.1', endpointHost);
    const engine = connect(engineName, endpoint, { connection: mode, ...overrides });
    const attempts = [];
    for (const method of ['head', 'get', 'ranged-get'] as const) attempts.push((await engine.probe(order(method))).attemptRecords[0]);
    return { attempts, server };
  }

  it('keep-alive reuses one socket and counts its requests', async () => {
    const { attempts } = await probeThrice('keep-alive');
    expect(attempts.map((a) => [a.status, a.socketReused, a.socketRequests])).toEqual([[200, false, 1], [200, true, 2], [200, true, 3]]);
    expect(new Set(attempts.map((a) => a.localPort)).size).toBe(1);
  });

  it('fresh opens a new connection for every probe and asks the server to close it', async () => {
    const { attempts, server } = await probeThrice('fresh');
    expect(attempts.map((a) => [a.status, a.socketReused, a.socketRequests, a.resolvedAddress])).toEqual([[200, false, 1, null], [200, false, 1, null], [200, false, 1, null]]);
    expect(new Set(attempts.map((a) => a.localPort)).size).toBe(3);
    expect(server.requests.map((r) => r.headers.connection)).toEqual(['close', 'close', 'close']);
  });

  it('fresh-dns resolves the host for every probe and records the address it connected to', async () => {
    const looked: string[] = [];
    const lookup = async (hostname: string) => {
      looked.push(hostname);
      return dnsLookup(hostname, { family: 4 });
    };
    const { attempts, server } = await probeThrice('fresh-dns', { lookup }, 'localhost');
    expect(looked).toEqual(['localhost', 'localhost', 'localhost']);
    expect(attempts.map((a) => [a.status, a.socketReused, a.resolvedAddress, a.remoteAddress])).toEqual(Array(3).fill([200, false, '127.0.0.1', '127.0.0.1']));
    expect(server.requests.map((r) => r.headers.host)).toEqual(Array(3).fill(`localhost:${new URL(server.endpoint).port}`));
  });

  it('fresh-dns with the system resolver: localhost is 127.0.0.1 here', async () => {
    const { attempts } = await probeThrice('fresh-dns', {}, 'localhost');
    expect(attempts.map((a) => a.resolvedAddress)).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1']);
  });

  it('fresh-dns records a failed lookup as an attempt with no status', async () => {
    const lookup = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.test'), { code: 'ENOTFOUND' });
    };
    const record = await connect(engineName, 'http://nowhere.test:9', { connection: 'fresh-dns', lookup }).probe(order('head'));
    expect(record).toMatchObject({ status: null, errorClass: 'ENOTFOUND', attempts: 1 });
  });
});
