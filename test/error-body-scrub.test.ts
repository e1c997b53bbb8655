// Over real sockets: the embedded endpoint's SignatureDoesNotMatch and InvalidToken bodies echo what S3's do, and every engine records them scrubbed.
import { createHash } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realClock } from '../src/clock.js';
import { createPresignedEngine, createRawEngine, sdkEngine, type ProbeEngine } from '../src/engines/index.js';
import type { LocalS3Identity } from '../src/local-s3/identities.js';
import { startLocalS3, type LocalS3 } from '../src/local-s3/server.js';
import type { Method, ProbeRecord } from '../src/probes/probe-record.js';
import { SocketLedger } from '../src/s3/attempt-capture.js';
import { createS3Client } from '../src/s3/client.js';

const BUCKET = 'scrub-bucket';
const KEY = 'objects/hello.txt';
const TEMPORARY: LocalS3Identity = {
  name: 'temporary', accessKeyId: 'ASIASCRUBCHECK00WXYZ', secretAccessKey: 'scrub-check-secret-0123456789abcdef',
  sessionToken: 'scrub-check-token-FwoGZXIvYXdzEJr//////////wEaDSCRUB',
};
const WRONG_SECRET = 'scrub-check-WRONG-secret-0123456789';
const WRONG_TOKEN = 'scrub-check-WRONG-token-FwoGZXIvYXdz';
/** S3's elements of a SignatureDoesNotMatch body, in S3's order. */
const SIGNATURE_ELEMENTS = ['Code', 'Message', 'AWSAccessKeyId', 'StringToSign', 'SignatureProvided', 'StringToSignBytes', 'CanonicalRequest', 'CanonicalRequestBytes', 'RequestId', 'HostId'];

let server: LocalS3;
const engines: ProbeEngine[] = [];

beforeAll(async () => {
  server = await startLocalS3({ identities: [TEMPORARY] });
  const uploader = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: TEMPORARY, maxAttempts: 1 });
  await uploader.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await uploader.send(new PutObjectCommand({ Bucket: BUCKET, Key: KEY, Body: 'hello world' }));
  uploader.destroy();
});

afterAll(async () => {
  for (const engine of engines) engine.destroy();
  await server.close();
});

function signer(credentials: AwsCredentialIdentity): SignatureV4 {
  return new SignatureV4({ credentials, region: 'us-east-1', service: 's3', sha256: Sha256, uriEscapePath: false, applyChecksum: false });
}

function requestFor(path: string) {
  const { hostname, port } = new URL(server.endpoint);
  return {
    method: 'GET', protocol: 'http:', hostname, port: Number(port), path, query: {},
    headers: { host: `${hostname}:${port}`, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } as Record<string, string>,
  };
}

/** The elements of an XML error body, by name, unescaped (one level: no element nests). */
function elementsOf(body: string): Map<string, string> {
  const unescape = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  return new Map([...body.matchAll(/<([A-Za-z][\w-]*)>([^<]*)<\/\1>/g)].map((match) => [match[1], unescape(match[2])]));
}

const fromHexBytes = (hex: string) => Buffer.from(hex.split(' ').map((pair) => parseInt(pair, 16))).toString('utf8');

describe('the endpoint answers a bad signature as S3 does', () => {
  it('header form: AWSAccessKeyId, StringToSign, SignatureProvided, StringToSignBytes, CanonicalRequest, CanonicalRequestBytes, in order', async () => {
    const signingDate = new Date();
    const request = requestFor(`/${BUCKET}/${KEY}`);
    const wrong = await signer({ ...TEMPORARY, secretAccessKey: WRONG_SECRET }).sign(request, { signingDate });
    const response = await fetch(`${server.endpoint}${request.path}`, { headers: wrong.headers });
    const body = await response.text();
    expect(response.status).toBe(403);
    const elements = elementsOf(body);
    expect([...elements.keys()]).toEqual(SIGNATURE_ELEMENTS);
    expect(elements.get('Code')).toBe('SignatureDoesNotMatch');
    expect(elements.get('AWSAccessKeyId')).toBe(TEMPORARY.accessKeyId);
    expect(elements.get('SignatureProvided')).toBe(/Signature=(\w+)/.exec(wrong.headers.authorization)![1]);
    expect(elements.get('RequestId')).toBe(response.headers.get('x-amz-request-id'));
    const canonicalRequest = elements.get('CanonicalRequest')!;
    const stringToSign = elements.get('StringToSign')!;
    expect(canonicalRequest).toContain(`\nx-amz-security-token:${TEMPORARY.sessionToken}\n`);
    expect(fromHexBytes(elements.get('CanonicalRequestBytes')!)).toBe(canonicalRequest);
    expect(fromHexBytes(elements.get('StringToSignBytes')!)).toBe(stringToSign);
    expect(stringToSign.split('\n').at(-1)).toBe(createHash('sha256').update(canonicalRequest).digest('hex'));
    // It is the string the right secret signs: signed with it, it gives the signature the right client sends.
    const right = await signer(TEMPORARY).sign({ ...request, headers: { ...request.headers } }, { signingDate });
    const rightSignature = /Signature=(\w+)/.exec(right.headers.authorization)![1];
    expect(await signer(TEMPORARY).sign(stringToSign, { signingDate, signingRegion: 'us-east-1', signingService: 's3' })).toBe(rightSignature);
    expect(rightSignature).not.toBe(elements.get('SignatureProvided'));
  });

  it('presigned form: the canonical request carries X-Amz-Credential and X-Amz-Security-Token, as S3 echoes them', async () => {
    const presigned = await signer({ ...TEMPORARY, secretAccessKey: WRONG_SECRET }).presign(requestFor(`/${BUCKET}/${KEY}`), { expiresIn: 300 });
    const query = new URLSearchParams(presigned.query as Record<string, string>).toString();
    const response = await fetch(`${server.endpoint}${presigned.path}?${query}`, { headers: { host: presigned.headers.host } });
    const body = await response.text();
    const elements = elementsOf(body);
    expect([response.status, elements.get('Code')]).toEqual([403, 'SignatureDoesNotMatch']);
    expect(body).toContain('&amp;X-Amz-Security-Token=');
    expect(elements.get('CanonicalRequest')).toContain(`X-Amz-Credential=${TEMPORARY.accessKeyId}%2F`);
    expect(elements.get('CanonicalRequest')).toContain(`X-Amz-Security-Token=${encodeURIComponent(TEMPORARY.sessionToken!)}`);
    expect(elements.get('SignatureProvided')).toBe(presigned.query!['X-Amz-Signature']);
  });

  it('a wrong session token: 400 InvalidToken echoing it as Token-0', async () => {
    const signed = await signer({ ...TEMPORARY, sessionToken: WRONG_TOKEN }).sign(requestFor(`/${BUCKET}/${KEY}`));
    const response = await fetch(`${server.endpoint}/${BUCKET}/${KEY}`, { headers: signed.headers });
    const elements = elementsOf(await response.text());
    expect([response.status, elements.get('Code'), elements.get('Token-0')]).toEqual([400, 'InvalidToken', WRONG_TOKEN]);
  });
});

type EngineName = 'sdk' | 'raw' | 'presigned';

function engineFor(name: EngineName, credentials: AwsCredentialIdentity): ProbeEngine {
  const common = { runId: 'run-scrub', bucket: BUCKET, ledger: new SocketLedger(), now: realClock.now };
  let engine: ProbeEngine;
  if (name === 'sdk') {
    const client = createS3Client({
      region: 'us-east-1', endpoint: server.endpoint, pathStyle: true, credentials,
      maxAttempts: 1, requestTimeoutMs: 5000, requestChecksumCalculation: 'WHEN_SUPPORTED', concurrency: 4,
    });
    engine = sdkEngine({ ...common, s3: client.s3 }, () => client.destroy());
  } else {
    const options = { ...common, region: 'us-east-1', endpoint: server.endpoint, pathStyle: true, credentials, concurrency: 4, requestTimeoutMs: 5000 };
    engine = name === 'raw' ? createRawEngine(options) : createPresignedEngine(options);
  }
  engines.push(engine);
  return engine;
}

/** Methods whose error answers carry a body (HEAD's never do). */
const BODY_METHODS: Method[] = ['get', 'ranged-get', 'get-object-attributes', 'list-prefix'];

/** Every secret, and the full key id: none may be in a record. */
const SECRETS = [TEMPORARY.accessKeyId, TEMPORARY.secretAccessKey, TEMPORARY.sessionToken!, WRONG_SECRET, WRONG_TOKEN, 'scrub-check'];

function leaksIn(record: ProbeRecord): string[] {
  const text = JSON.stringify(record);
  // A 64-hex run would be a signature or a string-to-sign hash.
  return [...SECRETS.filter((secret) => text.includes(secret)), ...(/[0-9a-f]{64}/.exec(text) ?? [])];
}

describe.each<EngineName>(['sdk', 'raw', 'presigned'])('the %s engine records error bodies scrubbed', (engineName) => {
  it('SignatureDoesNotMatch on every method with a body: code and request id kept, key id cut to its suffix, the rest redacted', async () => {
    const engine = engineFor(engineName, { ...TEMPORARY, secretAccessKey: WRONG_SECRET });
    for (const method of BODY_METHODS) {
      const record = await engine.probe({ objectKey: KEY, method, phase: 'after-upload', offsetMs: 0, plannedAtMs: Date.now() });
      expect(record, method).toMatchObject({ status: 403, errorCode: 'SignatureDoesNotMatch', attempts: 1 });
      const elements = elementsOf(record.errorBody!);
      expect([...elements.keys()], method).toEqual(SIGNATURE_ELEMENTS);
      expect(elements.get('RequestId')).toBe(record.requestId);
      expect(elements.get('AWSAccessKeyId')).toBe('…WXYZ');
      for (const name of SIGNATURE_ELEMENTS.slice(3, 8)) expect(elements.get(name), `${method} ${name}`).toBe('[redacted]');
      expect(record.attemptRecords[0].errorBody).toBe(record.errorBody);
      expect(leaksIn(record), method).toEqual([]);
    }
  });

  it('InvalidToken: the echoed token is redacted', async () => {
    const engine = engineFor(engineName, { ...TEMPORARY, sessionToken: WRONG_TOKEN });
    const record = await engine.probe({ objectKey: KEY, method: 'get-object-attributes', phase: 'after-upload', offsetMs: 0, plannedAtMs: Date.now() });
    expect(record).toMatchObject({ status: 400, errorCode: 'InvalidToken' });
    expect(elementsOf(record.errorBody!).get('Token-0')).toBe('[redacted]');
    expect(leaksIn(record)).toEqual([]);
  });
});
