// Integration at the HTTP level: exact error bodies and headers, payload encodings and robustness, with hand-signed requests.
import { createHash } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultIdentities } from '../src/local-s3/identities.js';
import { startLocalS3, type LocalS3, type LocalS3LogEntry } from '../src/local-s3/server.js';

const BUCKET = 'wire-bucket';
let server: LocalS3;
const log: LocalS3LogEntry[] = [];
const signer = new SignatureV4({ credentials: defaultIdentities()[0], region: 'us-east-1', service: 's3', sha256: Sha256, uriEscapePath: false, applyChecksum: false });

interface RawResponse { status: number; headers: IncomingHttpHeaders; body: Buffer }

/** With `expect: 100-continue` the body is only sent once the server answered 100 Continue. */
function sendRaw(method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(`${server.endpoint}${path}`, { method, headers }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks) }));
    });
    outgoing.on('error', reject);
    if (headers.expect === '100-continue') outgoing.on('continue', () => outgoing.end(body));
    else outgoing.end(body);
  });
}

interface SignedOptions { query?: Record<string, string>; headers?: Record<string, string>; body?: Buffer; payloadHash?: string }

async function sendSigned(method: string, path: string, options: SignedOptions = {}): Promise<RawResponse> {
  const body = options.body ?? Buffer.alloc(0);
  const { host, hostname } = new URL(server.endpoint);
  const payloadHash = options.payloadHash ?? createHash('sha256').update(body).digest('hex');
  const headers = { host, 'x-amz-content-sha256': payloadHash, 'content-length': String(body.length), ...options.headers };
  const query = options.query ?? {};
  const signed = await signer.sign({ method, protocol: 'http:', hostname, path, query, headers });
  const queryString = Object.entries(query).map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');
  return sendRaw(method, queryString === '' ? path : `${path}?${queryString}`, signed.headers as Record<string, string>, body);
}

function base64Md5(data: Buffer | string): string {
  return createHash('md5').update(data).digest('base64');
}

beforeAll(async () => {
  server = await startLocalS3({ identities: defaultIdentities(), onLog: (entry) => log.push(entry) });
  expect((await sendSigned('PUT', `/${BUCKET}`)).status).toBe(200);
  expect((await sendSigned('PUT', `/${BUCKET}/empty`)).status).toBe(200);
});

afterAll(async () => {
  await server.close();
});

describe('local S3 on the wire: error bodies and headers', () => {
  it('sends the S3 error document, with RequestId and HostId equal to the headers, plus Date and Server', async () => {
    const response = await sendSigned('GET', `/${BUCKET}/missing`);
    const requestId = String(response.headers['x-amz-request-id']);
    const hostId = String(response.headers['x-amz-id-2']);
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toBe('application/xml');
    expect(response.body.toString()).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>' +
        `<Key>missing</Key><RequestId>${requestId}</RequestId><HostId>${hostId}</HostId></Error>`,
    );
    expect(response.headers.server).toBe('s3probe-local');
    expect(response.headers.date).toMatch(/^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$/);
  });

  it('sends HEAD errors without a body', async () => {
    const response = await sendSigned('HEAD', `/${BUCKET}/missing`);
    expect([response.status, response.headers['content-length'], response.body.length]).toEqual([404, '0', 0]);
    expect(response.headers['x-amz-request-id']).toMatch(/^[0-9A-F]{16}$/);
  });

  it('describes a 416 with RangeRequested and ActualObjectSize', async () => {
    const response = await sendSigned('GET', `/${BUCKET}/empty`, { headers: { range: 'bytes=0-0' } });
    expect([response.status, response.headers['content-range']]).toEqual([416, 'bytes */0']);
    expect(response.body.toString()).toContain(
      '<Code>InvalidRange</Code><Message>The requested range is not satisfiable</Message><RangeRequested>bytes=0-0</RangeRequested><ActualObjectSize>0</ActualObjectSize>',
    );
  });

  it('stores binary/octet-stream when PutObject had no Content-Type', async () => {
    await sendSigned('PUT', `/${BUCKET}/untyped`, { body: Buffer.from('x') });
    expect((await sendSigned('GET', `/${BUCKET}/untyped`)).headers['content-type']).toBe('binary/octet-stream');
  });

  it.each([
    ['GET', `/${BUCKET}/empty`, { acl: '' }, 501, 'NotImplemented', 'GetObjectAcl'],
    ['PATCH', `/${BUCKET}/empty`, {}, 405, 'MethodNotAllowed', 'unknown'],
  ])('answers %s %s %j with %i %s', async (method, path, query, status, code, operation) => {
    const response = await sendSigned(method, path, { query });
    expect(response.status).toBe(status);
    expect(response.body.toString()).toContain(`<Code>${code}</Code>`);
    expect(log.find((entry) => entry.requestId === response.headers['x-amz-request-id'])).toMatchObject({ operation, status, errorCode: code });
  });

  it('answers an undecodable URI with 400 InvalidURI and a malformed Authorization header with 400', async () => {
    const badUri = await sendRaw('GET', `/${BUCKET}/%E0%A4%A`, {});
    expect([badUri.status, badUri.body.toString().includes('<Code>InvalidURI</Code>')]).toEqual([400, true]);
    const badAuth = await sendRaw('GET', `/${BUCKET}/empty`, { authorization: 'AWS4-HMAC-SHA256 Credential=x' });
    expect([badAuth.status, badAuth.body.toString().includes('<Code>AuthorizationHeaderMalformed</Code>')]).toEqual([400, true]);
  });

  it('applies response-* overrides and refuses values that cannot be a header', async () => {
    const overridden = await sendSigned('GET', `/${BUCKET}/empty`, { query: { 'response-content-type': 'text/x-probe' } });
    expect([overridden.status, overridden.headers['content-type']]).toEqual([200, 'text/x-probe']);
    const injected = await sendSigned('GET', `/${BUCKET}/empty`, { query: { 'response-content-type': 'text/plain\r\nx-injected: 1' } });
    expect([injected.status, injected.headers['x-injected'], injected.body.toString().includes('<Code>InvalidArgument</Code>')]).toEqual([400, undefined, true]);
  });

  it('survives bytes that are not HTTP, and keeps serving', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () => socket.end('NOT HTTP AT ALL\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect((await sendSigned('HEAD', `/${BUCKET}/empty`)).status).toBe(200);
  });
});

describe('local S3 on the wire: payloads', () => {
  it('rejects a body that does not match x-amz-content-sha256 with 400 XAmzContentSHA256Mismatch', async () => {
    const claimed = createHash('sha256').update('other').digest('hex');
    const response = await sendSigned('PUT', `/${BUCKET}/sha`, { body: Buffer.from('body'), payloadHash: claimed });
    expect(response.status).toBe(400);
    expect(response.body.toString()).toContain(`<Code>XAmzContentSHA256Mismatch</Code>`);
    expect(response.body.toString()).toContain(`<ClientComputedContentSHA256>${claimed}</ClientComputedContentSHA256>`);
  });

  it('accepts a body sent after Expect: 100-continue, as the AWS CLI sends large uploads', async () => {
    const body = Buffer.alloc(2 * 1024 * 1024, 1);
    const response = await sendSigned('PUT', `/${BUCKET}/expect`, { body, headers: { expect: '100-continue' } });
    expect(response.status).toBe(200);
    expect((await sendSigned('HEAD', `/${BUCKET}/expect`)).headers['content-length']).toBe(String(body.length));
  });

  it('accepts UNSIGNED-PAYLOAD and rejects a wrong x-amz-checksum-crc32 with 400 BadDigest', async () => {
    const unsigned = await sendSigned('PUT', `/${BUCKET}/unsigned`, { body: Buffer.from('abc'), payloadHash: 'UNSIGNED-PAYLOAD' });
    expect(unsigned.status).toBe(200);
    const wrongCrc = await sendSigned('PUT', `/${BUCKET}/crc`, { body: Buffer.from('abc'), headers: { 'x-amz-checksum-crc32': 'AAAAAA==' } });
    expect([wrongCrc.status, wrongCrc.body.toString().includes('<Code>BadDigest</Code>')]).toEqual([400, true]);
  });

  it('decodes signed aws-chunked bodies (chunk signatures are parsed, not verified)', async () => {
    const signature = 'ab'.repeat(32);
    const body = Buffer.from(`5;chunk-signature=${signature}\r\nhello\r\n0;chunk-signature=${signature}\r\n\r\n`);
    const response = await sendSigned('PUT', `/${BUCKET}/chunked`, {
      body,
      payloadHash: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      headers: { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': '5' },
    });
    expect(response.status).toBe(200);
    expect((await sendSigned('GET', `/${BUCKET}/chunked`)).body.toString()).toBe('hello');
  });

  it.each([
    ['a wrong trailing CRC32', 'x-amz-checksum-crc32:AAAAAA==', '5', 'BadDigest'],
    ['a decoded length that does not match', 'x-amz-checksum-crc32:NhCmhg==', '6', 'IncompleteBody'],
    ['a declared trailer that is missing', 'x-amz-checksum-sha1:AAAA', '5', 'MalformedTrailerError'],
  ])('rejects an aws-chunked body with %s and stores nothing', async (_label, trailer, decodedLength, code) => {
    const body = Buffer.from(`5\r\nhello\r\n0\r\n${trailer}\r\n\r\n`);
    const response = await sendSigned('PUT', `/${BUCKET}/bad-chunked`, {
      body,
      payloadHash: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      headers: { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': decodedLength, 'x-amz-trailer': 'x-amz-checksum-crc32' },
    });
    expect([response.status, response.body.toString().match(/<Code>(\w+)<\/Code>/)?.[1]]).toEqual([400, code]);
    expect((await sendSigned('HEAD', `/${BUCKET}/bad-chunked`)).status).toBe(404);
  });

  it('answers DeleteObjects with bad XML with 400 MalformedXML, and without any checksum with 400 InvalidRequest', async () => {
    const notXml = Buffer.from('<Delete><Object><Key>k</Key></Object>');
    const malformed = await sendSigned('POST', `/${BUCKET}`, { query: { delete: '' }, body: notXml, headers: { 'content-md5': base64Md5(notXml) } });
    expect([malformed.status, malformed.body.toString().includes('<Code>MalformedXML</Code>')]).toEqual([400, true]);
    const valid = Buffer.from('<Delete><Object><Key>k</Key></Object></Delete>');
    const unchecked = await sendSigned('POST', `/${BUCKET}`, { query: { delete: '' }, body: valid });
    expect([unchecked.status, unchecked.body.toString().includes('<Code>InvalidRequest</Code>')]).toEqual([400, true]);
  });
});
