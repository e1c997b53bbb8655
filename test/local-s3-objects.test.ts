// Integration: object round trips, streamed (aws-chunked) uploads, 404s and request IDs against a real local socket.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import {
  CreateBucketCommand, DeleteObjectCommand, GetBucketLocationCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultIdentities } from '../src/local-s3/identities.js';
import { startLocalS3, type LocalS3, type LocalS3LogEntry } from '../src/local-s3/server.js';

const BUCKET = 'objects-bucket';
let server: LocalS3;
let client: S3Client;
const log: LocalS3LogEntry[] = [];

function createClient(): S3Client {
  const [{ accessKeyId, secretAccessKey }] = defaultIdentities();
  return new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
}

beforeAll(async () => {
  server = await startLocalS3({ identities: defaultIdentities(), onLog: (entry) => log.push(entry) });
  client = createClient();
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
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

function quotedMd5(data: Buffer | string): string {
  return `"${createHash('md5').update(data).digest('hex')}"`;
}

describe('local S3 objects', () => {
  it('round-trips an object: PutObject ETag, HeadObject headers, GetObject bytes and metadata', async () => {
    const key = 'dir/a key+with~odd é chars';
    const put = await client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'hello world', ContentType: 'text/plain', Metadata: { purpose: 'probe' } }),
    );
    expect(put.$metadata.httpStatusCode).toBe(200);
    expect(put.ETag).toBe(quotedMd5('hello world'));

    const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(head).toMatchObject({ ContentLength: 11, ETag: put.ETag, ContentType: 'text/plain', AcceptRanges: 'bytes', Metadata: { purpose: 'probe' } });
    expect(head.LastModified?.getTime()).toBeGreaterThan(0);

    const get = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(get.$metadata.httpStatusCode).toBe(200);
    expect(await get.Body?.transformToString()).toBe('hello world');
    expect(get).toMatchObject({ ETag: put.ETag, ContentLength: 11, ContentType: 'text/plain' });
  });

  it('stores the decoded bytes of a streamed upload (aws-chunked with a trailing CRC32)', async () => {
    const data = Buffer.from(Array.from({ length: 200_000 }, (_unused, index) => (index * 7) % 251));
    const pieces = [data.subarray(0, 65_536), data.subarray(65_536, 150_000), data.subarray(150_000)];
    const sentPayloadModes: string[] = [];
    const streamingClient = createClient();
    streamingClient.middlewareStack.add(
      (next) => async (args) => {
        const headers = (args.request as { headers: Record<string, string> }).headers;
        sentPayloadModes.push(`${headers['x-amz-content-sha256']} ${headers['content-encoding']}`);
        return next(args);
      },
      { step: 'deserialize', name: 'recordPayloadMode' },
    );
    const put = await streamingClient.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'streamed', Body: Readable.from(pieces), ContentLength: data.length }),
    );
    streamingClient.destroy();
    expect(sentPayloadModes).toEqual(['STREAMING-UNSIGNED-PAYLOAD-TRAILER aws-chunked']);
    const expectedCrc32 = Buffer.alloc(4);
    expectedCrc32.writeUInt32BE(crc32(data) >>> 0);
    expect(put.ChecksumCRC32).toBe(expectedCrc32.toString('base64'));
    expect(put.ETag).toBe(quotedMd5(data));

    const get = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'streamed' }));
    expect(Buffer.from(await get.Body!.transformToByteArray()).equals(data)).toBe(true);
  });

  it('stores a 5 MiB body', async () => {
    const data = Buffer.alloc(5 * 1024 * 1024, 7);
    const put = await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'large', Body: data }));
    expect(put.ETag).toBe(quotedMd5(data));
    expect((await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'large' }))).ContentLength).toBe(data.length);
  });

  it('answers HEAD of a missing key with 404, no body, and both request-id headers', async () => {
    const error = await expectFailure(client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'missing' })));
    expect(error.$metadata.httpStatusCode).toBe(404);
    expect(error.$metadata.requestId).toMatch(/^[0-9A-F]{16}$/);
    expect(error.$metadata.extendedRequestId).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(error.$response?.headers['content-length']).toBe('0');
  });

  it('answers GET of a missing key with 404 NoSuchKey and of a missing bucket with 404 NoSuchBucket', async () => {
    const missingKey = await expectFailure(client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'missing' })));
    expect([missingKey.$metadata.httpStatusCode, missingKey.name]).toEqual([404, 'NoSuchKey']);
    const missingBucket = await expectFailure(client.send(new GetObjectCommand({ Bucket: 'no-such-bucket', Key: 'k' })));
    expect([missingBucket.$metadata.httpStatusCode, missingBucket.name]).toEqual([404, 'NoSuchBucket']);
    const putMissingBucket = await expectFailure(client.send(new PutObjectCommand({ Bucket: 'no-such-bucket', Key: 'k', Body: 'x' })));
    expect(putMissingBucket.name).toBe('NoSuchBucket');
  });

  it('answers 409 BucketAlreadyOwnedByYou when the owner creates an existing bucket again', async () => {
    const error = await expectFailure(client.send(new CreateBucketCommand({ Bucket: BUCKET })));
    expect([error.$metadata.httpStatusCode, error.name]).toEqual([409, 'BucketAlreadyOwnedByYou']);
  });

  it('deletes objects with 204, also when the key does not exist', async () => {
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'to-delete', Body: 'x' }));
    const deleted = await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'to-delete' }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    const again = await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'to-delete' }));
    expect(again.$metadata.httpStatusCode).toBe(204);
    const head = await expectFailure(client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'to-delete' })));
    expect(head.$metadata.httpStatusCode).toBe(404);
  });

  it('gives every response a distinct request ID', async () => {
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'ids', Body: 'x' }));
    const results = await Promise.all(
      Array.from({ length: 40 }, (_unused, index) =>
        index % 2 === 0
          ? client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'ids' })).then((output) => output.$metadata)
          : expectFailure(client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'missing' }))).then((error) => error.$metadata),
      ),
    );
    const requestIds = results.map((metadata) => metadata.requestId);
    expect(new Set(requestIds).size).toBe(results.length);
    expect(new Set(results.map((metadata) => metadata.extendedRequestId)).size).toBe(results.length);
  });

  it('calls onLog once per request with the status it sent', async () => {
    const before = log.length;
    const put = await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'logged', Body: 'x' }));
    const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'logged' }));
    const miss = await expectFailure(client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'logged-missing' })));
    const entries = log.slice(before);
    expect(entries.map(({ method, operation, bucket, key, status, errorCode, requestId }) => ({ method, operation, bucket, key, status, errorCode, requestId }))).toEqual([
      { method: 'PUT', operation: 'PutObject', bucket: BUCKET, key: 'logged', status: 200, errorCode: null, requestId: put.$metadata.requestId },
      { method: 'HEAD', operation: 'HeadObject', bucket: BUCKET, key: 'logged', status: 200, errorCode: null, requestId: head.$metadata.requestId },
      { method: 'HEAD', operation: 'HeadObject', bucket: BUCKET, key: 'logged-missing', status: 404, errorCode: 'NoSuchKey', requestId: miss.$metadata.requestId },
    ]);
    expect(entries.every((entry) => entry.accessKeyId === defaultIdentities()[0].accessKeyId)).toBe(true);
  });

  it('serves another region: the SDK sends CreateBucketConfiguration, signs for that region, and objects round-trip', async () => {
    const regional = await startLocalS3({ identities: defaultIdentities(), region: 'eu-west-1' });
    const [{ accessKeyId, secretAccessKey }] = defaultIdentities();
    const regionalClient = new S3Client({ endpoint: regional.endpoint, region: 'eu-west-1', forcePathStyle: true, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
    try {
      await regionalClient.send(new CreateBucketCommand({ Bucket: 'regional-bucket' }));
      const location = await regionalClient.send(new GetBucketLocationCommand({ Bucket: 'regional-bucket' }));
      expect(location.LocationConstraint).toBe('eu-west-1');
      await regionalClient.send(new PutObjectCommand({ Bucket: 'regional-bucket', Key: 'k', Body: 'v' }));
      const get = await regionalClient.send(new GetObjectCommand({ Bucket: 'regional-bucket', Key: 'k' }));
      expect(await get.Body?.transformToString()).toBe('v');
    } finally {
      regionalClient.destroy();
      await regional.close();
    }
  });
});
