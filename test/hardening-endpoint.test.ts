// The embedded endpoint never crashes on malformed requests (the cases test/local-s3-wire.test.ts does not already cover).
import { connect } from 'node:net';
import { CreateBucketCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultIdentities } from '../src/local-s3/identities.js';
import { startLocalS3, type LocalS3 } from '../src/local-s3/server.js';
import { createS3Client, type ProbeClient } from '../src/s3/client.js';

const BUCKET = 's3probe-malformed';
let server: LocalS3;
let client: ProbeClient;

beforeAll(async () => {
  const identities = defaultIdentities();
  server = await startLocalS3({ identities });
  client = createS3Client({
    region: 'us-east-1', endpoint: server.endpoint, pathStyle: true, credentials: identities[0],
    maxAttempts: 1, requestTimeoutMs: 5000, requestChecksumCalculation: 'WHEN_SUPPORTED', concurrency: 1,
  });
  await client.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

afterAll(async () => {
  client.destroy();
  await server.close();
});

/** Writes `raw` on a fresh connection, half-closes, and returns whatever came back before the server closed (or 2 s passed). */
function sendRaw(raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => socket.end(raw));
    let reply = '';
    const timer = setTimeout(() => socket.destroy(), 2000);
    socket.on('data', (chunk) => (reply += chunk.toString('latin1')));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(reply);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
  });
}

const head = (lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;

describe('malformed requests to the embedded endpoint', () => {
  it.each([
    ['a 100 KiB header', head(['GET /s3probe-malformed/k HTTP/1.1', 'Host: x', `X-Huge: ${'a'.repeat(100 * 1024)}`]), /^HTTP\/1\.1 (400|431)/],
    ['10,000 headers', head(['GET /s3probe-malformed/k HTTP/1.1', 'Host: x', ...Array.from({ length: 10_000 }, (_, i) => `X-H${i}: v`)]), /^HTTP\/1\.1 4\d\d/],
    ['a non-numeric Content-Length', head(['PUT /s3probe-malformed/k HTTP/1.1', 'Host: x', 'Content-Length: abc']), /^HTTP\/1\.1 400/],
    ['a negative Content-Length', head(['PUT /s3probe-malformed/k HTTP/1.1', 'Host: x', 'Content-Length: -5']), /^HTTP\/1\.1 400/],
    ['two different Content-Lengths', head(['PUT /s3probe-malformed/k HTTP/1.1', 'Host: x', 'Content-Length: 1', 'Content-Length: 2']), /^HTTP\/1\.1 400/],
    ['Content-Length with Transfer-Encoding', head(['PUT /s3probe-malformed/k HTTP/1.1', 'Host: x', 'Content-Length: 3', 'Transfer-Encoding: chunked']) + '0\r\n\r\n', /^HTTP\/1\.1 400/],
    ['a body shorter than its Content-Length, then EOF', `${head(['PUT /s3probe-malformed/k HTTP/1.1', 'Host: x', 'Content-Length: 1000'])}only ten b`, /^$|^HTTP\/1\.1 [45]\d\d/],
    ['a Content-Length of 10 GiB (unsigned)', head(['PUT /s3probe-malformed/k HTTP/1.1', 'Host: x', 'Content-Length: 10737418240']), /^$|^HTTP\/1\.1 [45]\d\d/],
    ['an unknown method', head(['BREW /s3probe-malformed/k HTTP/1.1', 'Host: x']), /^HTTP\/1\.1 [45]\d\d/],
    ['an unknown sub-resource', head(['POST /s3probe-malformed/k?frobnicate HTTP/1.1', 'Host: x', 'Content-Length: 0']), /^HTTP\/1\.1 [45]\d\d/],
    ['HTTP/0.9-style request line', 'GET /\r\n\r\n', /^$|^HTTP\/1\.1 [45]\d\d/],
    ['a NUL in the path', head(['GET /s3probe-malformed/\u0000 HTTP/1.1', 'Host: x']), /^HTTP\/1\.1 [45]\d\d/],
  ])('%s: an error answer (or a closed connection), and the endpoint keeps serving', async (_label, raw, expected) => {
    expect(await sendRaw(raw)).toMatch(expected);
    await expect(client.s3.send(new HeadBucketCommand({ Bucket: BUCKET }))).resolves.toMatchObject({ $metadata: { httpStatusCode: 200 } });
  });
});
