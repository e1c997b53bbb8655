// Integration: ListObjectsV2 (pagination, delimiter, start-after) and DeleteObjects (verbose and quiet) via the SDK.
import {
  CreateBucketCommand, DeleteObjectsCommand, ListObjectsV2Command, paginateListObjectsV2, PutObjectCommand, S3Client, S3ServiceException,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultIdentities } from '../src/local-s3/identities.js';
import { startLocalS3, type LocalS3 } from '../src/local-s3/server.js';

const BUCKET = 'list-bucket';
const KEYS = ['a/1', 'a/2', 'a/3', 'b', 'c/x/1', 'c/y', 'd', 'é'];
let server: LocalS3;
let client: S3Client;

beforeAll(async () => {
  server = await startLocalS3({ identities: defaultIdentities() });
  const [{ accessKeyId, secretAccessKey }] = defaultIdentities();
  client = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  // Upload out of order: the listing must come back in UTF-8 binary order regardless.
  for (const key of [...KEYS].reverse()) await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: key }));
});

afterAll(async () => {
  client.destroy();
  await server.close();
});

describe('local S3 ListObjectsV2', () => {
  it('pages with max-keys and continuation tokens, returning every key once in order', async () => {
    const first = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, MaxKeys: 3 }));
    expect(first).toMatchObject({ KeyCount: 3, MaxKeys: 3, IsTruncated: true });
    expect(first.Contents?.map((object) => object.Key)).toEqual(['a/1', 'a/2', 'a/3']);
    expect(first.NextContinuationToken).toEqual(expect.any(String));

    const pages = [];
    for await (const page of paginateListObjectsV2({ client, pageSize: 3 }, { Bucket: BUCKET })) pages.push(page);
    expect(pages.map((page) => page.KeyCount)).toEqual([3, 3, 2]);
    expect(pages.flatMap((page) => page.Contents?.map((object) => object.Key) ?? [])).toEqual(KEYS);
    const last = pages.at(-1);
    expect([last?.IsTruncated, last?.NextContinuationToken]).toEqual([false, undefined]);
    expect(pages[0].Contents?.[0]).toMatchObject({ Size: 3, StorageClass: 'STANDARD', ETag: expect.stringMatching(/^"[0-9a-f]{32}"$/) });
  });

  it('rolls keys up into common prefixes with a delimiter, counting them towards max-keys', async () => {
    const whole = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Delimiter: '/' }));
    expect(whole.CommonPrefixes?.map((prefix) => prefix.Prefix)).toEqual(['a/', 'c/']);
    expect(whole.Contents?.map((object) => object.Key)).toEqual(['b', 'd', 'é']);
    expect(whole.KeyCount).toBe(5);

    const firstPage = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Delimiter: '/', MaxKeys: 2 }));
    expect([firstPage.CommonPrefixes?.map((prefix) => prefix.Prefix), firstPage.Contents?.map((object) => object.Key)]).toEqual([['a/'], ['b']]);
    const secondPage = await client.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Delimiter: '/', MaxKeys: 2, ContinuationToken: firstPage.NextContinuationToken }),
    );
    expect([secondPage.CommonPrefixes?.map((prefix) => prefix.Prefix), secondPage.Contents?.map((object) => object.Key)]).toEqual([['c/'], ['d']]);
  });

  it('filters by prefix and start-after', async () => {
    const prefixed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'c/', Delimiter: '/' }));
    expect([prefixed.Prefix, prefixed.CommonPrefixes?.map((prefix) => prefix.Prefix), prefixed.Contents?.map((object) => object.Key)]).toEqual([
      'c/', ['c/x/'], ['c/y'],
    ]);
    const after = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, StartAfter: 'c/y' }));
    expect(after.Contents?.map((object) => object.Key)).toEqual(['d', 'é']);
  });

  it('rejects a continuation token it did not issue with 400 InvalidArgument, and a missing bucket with 404', async () => {
    const badToken = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: 'bogus' })).catch((error: S3ServiceException) => error);
    expect(badToken).toMatchObject({ name: 'InvalidArgument', $metadata: { httpStatusCode: 400 } });
    const missing = await client.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket' })).catch((error: S3ServiceException) => error);
    expect(missing).toMatchObject({ name: 'NoSuchBucket', $metadata: { httpStatusCode: 404 } });
  });
});

describe('local S3 DeleteObjects', () => {
  it('deletes listed keys, reporting each (existing or not) unless Quiet', async () => {
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'del/1', Body: '1' }));
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'del/2 & <3>', Body: '2' }));
    const verbose = await client.send(
      new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key: 'del/1' }, { Key: 'del/2 & <3>' }, { Key: 'del/never-existed' }] } }),
    );
    expect(verbose.$metadata.httpStatusCode).toBe(200);
    expect(verbose.Deleted?.map((deleted) => deleted.Key)).toEqual(['del/1', 'del/2 & <3>', 'del/never-existed']);
    expect(verbose.Errors).toBeUndefined();
    const remaining = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'del/' }));
    expect(remaining.KeyCount).toBe(0);

    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'del/3', Body: '3' }));
    const quiet = await client.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key: 'del/3' }], Quiet: true } }));
    expect(quiet.Deleted).toBeUndefined();
    expect((await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'del/' }))).KeyCount).toBe(0);
  });
});
