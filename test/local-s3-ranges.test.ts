// Integration: ranged GET/HEAD as S3 answers them (206, 416 InvalidRange, ignored malformed ranges, zero-byte objects).
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultIdentities } from '../src/local-s3/identities.js';
import { startLocalS3, type LocalS3 } from '../src/local-s3/server.js';

const BUCKET = 'ranges-bucket';
const CONTENT = '0123456789';
let server: LocalS3;
let client: S3Client;

beforeAll(async () => {
  server = await startLocalS3({ identities: defaultIdentities() });
  const [{ accessKeyId, secretAccessKey }] = defaultIdentities();
  client = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'ten', Body: CONTENT }));
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'empty', Body: new Uint8Array(0) }));
});

afterAll(async () => {
  client.destroy();
  await server.close();
});

async function expectFailure(promise: Promise<unknown>): Promise<S3ServiceException> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof S3ServiceException) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

async function getRange(key: string, range: string) {
  const output = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key, Range: range }));
  return {
    status: output.$metadata.httpStatusCode,
    contentRange: output.ContentRange,
    contentLength: output.ContentLength,
    acceptRanges: output.AcceptRanges,
    body: await output.Body?.transformToString(),
  };
}

describe('local S3 ranged GET', () => {
  it.each([
    ['bytes=0-0', 'bytes 0-0/10', '0'],
    ['bytes=-3', 'bytes 7-9/10', '789'],
    ['bytes=4-', 'bytes 4-9/10', '456789'],
    ['bytes=5-100', 'bytes 5-9/10', '56789'],
    ['bytes=-100', 'bytes 0-9/10', CONTENT],
  ])('answers %s with 206 and Content-Range %s', async (range, contentRange, body) => {
    expect(await getRange('ten', range)).toEqual({ status: 206, contentRange, contentLength: body.length, acceptRanges: 'bytes', body });
  });

  it('answers a start at or beyond the size with 416 InvalidRange and Content-Range bytes */SIZE', async () => {
    const error = await expectFailure(client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'ten', Range: 'bytes=10-20' })));
    expect([error.$metadata.httpStatusCode, error.name]).toEqual([416, 'InvalidRange']);
    expect(error.$response?.headers['content-range']).toBe('bytes */10');
    expect(error).toMatchObject({ RangeRequested: 'bytes=10-20', ActualObjectSize: '10' });
  });

  it.each(['bytes=0-0', 'bytes=-1', 'bytes=0-'])('answers %s on a zero-byte object with 416 bytes */0', async (range) => {
    const error = await expectFailure(client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'empty', Range: range })));
    expect([error.$metadata.httpStatusCode, error.name]).toEqual([416, 'InvalidRange']);
    expect(error.$response?.headers['content-range']).toBe('bytes */0');
  });

  it('answers a zero-byte object without Range with 200 and no bytes', async () => {
    const output = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'empty' }));
    expect([output.$metadata.httpStatusCode, output.ContentLength, await output.Body?.transformToString()]).toEqual([200, 0, '']);
  });

  it.each(['bytes=abc', 'bytes=0-1,3-4', 'bytes=5-2', 'chars=0-1'])('ignores the malformed or multi-range header %s: 200, whole object', async (range) => {
    expect(await getRange('ten', range)).toEqual({ status: 200, contentRange: undefined, contentLength: 10, acceptRanges: 'bytes', body: CONTENT });
  });
});

describe('local S3 ranged HEAD', () => {
  it('answers HEAD with a satisfiable range like GET, without a body', async () => {
    const output = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'ten', Range: 'bytes=0-0' }));
    expect([output.$metadata.httpStatusCode, output.ContentRange, output.ContentLength]).toEqual([206, 'bytes 0-0/10', 1]);
  });

  it('answers HEAD with an unsatisfiable range with 416 and no body', async () => {
    const error = await expectFailure(client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'empty', Range: 'bytes=0-0' })));
    expect(error.$metadata.httpStatusCode).toBe(416);
    expect(error.$response?.headers).toMatchObject({ 'content-range': 'bytes */0', 'content-length': '0' });
  });
});
