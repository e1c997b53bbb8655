// Integration: SigV4 verification (header and presigned), unknown keys, wrong secrets, clock skew, session tokens.
import { Sha256 } from '@aws-crypto/sha256-js';
import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException, type S3ClientConfig } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultIdentities, type LocalS3Identity } from '../src/local-s3/identities.js';
import { startLocalS3, type LocalS3, type LocalS3LogEntry, type LocalS3Options } from '../src/local-s3/server.js';

const BUCKET = 'auth-bucket';
const [DEFAULT] = defaultIdentities();
const TEMPORARY: LocalS3Identity = { name: 'temporary', accessKeyId: 'S3PROBELOCALTEMP0001', secretAccessKey: 'temporary-fake-secret', sessionToken: 'fake-session-token' };
const IDENTITIES = [DEFAULT, TEMPORARY];
const TWENTY_MINUTES_MS = 20 * 60 * 1000;
let server: LocalS3;
const log: LocalS3LogEntry[] = [];

beforeAll(async () => {
  server = await startLocalS3({ identities: IDENTITIES, onLog: (entry) => log.push(entry) });
  await withClient(server, {}, async (client) => {
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'obj ect', Body: 'payload' }));
  });
});

afterAll(async () => {
  await server.close();
});

async function withClient<T>(target: LocalS3, config: Partial<S3ClientConfig>, use: (client: S3Client) => Promise<T>): Promise<T> {
  const client = new S3Client({
    endpoint: target.endpoint, region: 'us-east-1', forcePathStyle: true, maxAttempts: 1,
    credentials: { accessKeyId: DEFAULT.accessKeyId, secretAccessKey: DEFAULT.secretAccessKey }, ...config,
  });
  try {
    return await use(client);
  } finally {
    client.destroy();
  }
}

async function withServer<T>(options: Partial<LocalS3Options>, use: (target: LocalS3) => Promise<T>): Promise<T> {
  const target = await startLocalS3({ identities: IDENTITIES, ...options });
  try {
    return await use(target);
  } finally {
    await target.close();
  }
}

async function headFailure(target: LocalS3, config: Partial<S3ClientConfig>): Promise<S3ServiceException> {
  return withClient(target, config, async (client) => {
    try {
      await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'obj ect' }));
    } catch (error) {
      if (error instanceof S3ServiceException) return error;
      throw error;
    }
    throw new Error('expected HeadObject to fail');
  });
}

async function putFailure(target: LocalS3, config: Partial<S3ClientConfig>): Promise<S3ServiceException> {
  return withClient(target, config, async (client) => {
    try {
      await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'x' }));
    } catch (error) {
      if (error instanceof S3ServiceException) return error;
      throw error;
    }
    throw new Error('expected PutObject to fail');
  });
}

describe('local S3 header-signed requests', () => {
  it('rejects an unknown access key with 403 InvalidAccessKeyId, and logs only its last four characters', async () => {
    const error = await putFailure(server, { credentials: { accessKeyId: 'AKIDUNKNOWNKEY123456', secretAccessKey: 'x' } });
    expect([error.$metadata.httpStatusCode, error.name]).toEqual([403, 'InvalidAccessKeyId']);
    expect(log.find((entry) => entry.requestId === error.$metadata.requestId)?.accessKeyId).toBe('…3456');
  });

  it('rejects a wrong secret with 403 SignatureDoesNotMatch', async () => {
    const error = await putFailure(server, { credentials: { accessKeyId: DEFAULT.accessKeyId, secretAccessKey: 'wrong-secret' } });
    expect([error.$metadata.httpStatusCode, error.name]).toEqual([403, 'SignatureDoesNotMatch']);
  });

  it('rejects a request signed for another region with 400 AuthorizationHeaderMalformed', async () => {
    const error = await putFailure(server, { region: 'eu-west-1' });
    expect([error.$metadata.httpStatusCode, error.name]).toEqual([400, 'AuthorizationHeaderMalformed']);
  });

  it('rejects a server clock 20 minutes ahead with 403 RequestTimeTooSkewed', async () => {
    await withServer({ now: () => Date.now() + TWENTY_MINUTES_MS }, async (target) => {
      const error = await putFailure(target, {});
      expect([error.$metadata.httpStatusCode, error.name]).toEqual([403, 'RequestTimeTooSkewed']);
      expect(error).toMatchObject({ MaxAllowedSkewMilliseconds: '900000' });
      expect((error as unknown as { ServerTime: string }).ServerTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    });
  });

  it('rejects a client clock 20 minutes behind (systemClockOffset) with 403 RequestTimeTooSkewed', async () => {
    const error = await putFailure(server, { systemClockOffset: -TWENTY_MINUTES_MS });
    expect([error.$metadata.httpStatusCode, error.name]).toEqual([403, 'RequestTimeTooSkewed']);
  });

  it('accepts 14 minutes of skew, and lets the SDK correct larger skew from the Date header on its retry', async () => {
    await withServer({ now: () => Date.now() + 14 * 60 * 1000 }, async (target) => {
      await withClient(target, {}, (client) => client.send(new CreateBucketCommand({ Bucket: BUCKET })));
    });
    await withServer({ now: () => Date.now() + TWENTY_MINUTES_MS }, async (target) => {
      const output = await withClient(target, { maxAttempts: 3 }, (client) => client.send(new CreateBucketCommand({ Bucket: BUCKET })));
      expect([output.$metadata.httpStatusCode, output.$metadata.attempts]).toEqual([200, 2]);
    });
  });

  it('checks session tokens: right token passes, wrong token is 400 InvalidToken, missing token is 403 InvalidAccessKeyId', async () => {
    const { accessKeyId, secretAccessKey, sessionToken } = TEMPORARY;
    const ok = await withClient(server, { credentials: { accessKeyId, secretAccessKey, sessionToken } }, (client) =>
      client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'obj ect' })),
    );
    expect(ok.$metadata.httpStatusCode).toBe(200);
    const wrong = await putFailure(server, { credentials: { accessKeyId, secretAccessKey, sessionToken: 'other-token' } });
    expect([wrong.$metadata.httpStatusCode, wrong.name]).toEqual([400, 'InvalidToken']);
    const missing = await putFailure(server, { credentials: { accessKeyId, secretAccessKey } });
    expect([missing.$metadata.httpStatusCode, missing.name]).toEqual([403, 'InvalidAccessKeyId']);
  });

  it('answers HEAD auth failures with the status only', async () => {
    const error = await headFailure(server, { credentials: { accessKeyId: DEFAULT.accessKeyId, secretAccessKey: 'wrong-secret' } });
    expect(error.$metadata.httpStatusCode).toBe(403);
    expect(error.$response?.headers['content-length']).toBe('0');
  });

  it('answers a request without any authentication with 403 AccessDenied', async () => {
    const response = await fetch(`${server.endpoint}/${BUCKET}/obj%20ect`);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>AccessDenied</Code>');
  });
});

/** Presign as @aws-sdk/s3-request-presigner does: payload hash UNSIGNED-PAYLOAD, hoisted into the query unless told not to. */
async function presignGet(options: { key: string; expiresInSeconds: number; signingDate?: Date; identity?: LocalS3Identity; hoistPayloadHash?: boolean }) {
  const identity = options.identity ?? DEFAULT;
  const signer = new SignatureV4({ credentials: identity, region: 'us-east-1', service: 's3', sha256: Sha256, uriEscapePath: false, applyChecksum: false });
  const url = new URL(server.endpoint);
  const keepHeader = options.hoistPayloadHash === false ? new Set(['x-amz-content-sha256']) : undefined;
  const presigned = await signer.presign(
    {
      method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port),
      path: `/${BUCKET}/${options.key.split('/').map(encodeURIComponent).join('/')}`,
      query: { 'x-id': 'GetObject' }, headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    },
    { expiresIn: options.expiresInSeconds, signingDate: options.signingDate, unhoistableHeaders: keepHeader, unsignableHeaders: keepHeader },
  );
  const query = Object.entries(presigned.query ?? {}).map(([name, value]) => `${escapeQuery(name)}=${escapeQuery(String(value))}`);
  return `${server.endpoint}${presigned.path}?${query.join('&')}`;
}

function escapeQuery(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

describe('local S3 presigned URLs', () => {
  it.each([true, false])('serves a valid presigned GET (payload hash hoisted into the query: %s)', async (hoistPayloadHash) => {
    const response = await fetch(await presignGet({ key: 'obj ect', expiresInSeconds: 60, hoistPayloadHash }));
    expect([response.status, await response.text()]).toEqual([200, 'payload']);
  });

  it('serves a presigned GET made with temporary credentials (X-Amz-Security-Token)', async () => {
    const url = await presignGet({ key: 'obj ect', expiresInSeconds: 60, identity: TEMPORARY });
    expect(url).toContain('X-Amz-Security-Token=');
    expect((await fetch(url)).status).toBe(200);
  });

  it('rejects a tampered presigned URL with 403 SignatureDoesNotMatch', async () => {
    const url = await presignGet({ key: 'obj ect', expiresInSeconds: 60 });
    const tampered = url.replace('x-id=GetObject', 'x-id=GetObject&extra=1');
    const response = await fetch(tampered);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('rejects an expired presigned URL with 403 AccessDenied "Request has expired"', async () => {
    const url = await presignGet({ key: 'obj ect', expiresInSeconds: 60, signingDate: new Date(Date.now() - 120_000) });
    const response = await fetch(url);
    expect(response.status).toBe(403);
    const body = await response.text();
    expect(body).toContain('<Code>AccessDenied</Code><Message>Request has expired</Message><X-Amz-Expires>60</X-Amz-Expires>');
  });
});
