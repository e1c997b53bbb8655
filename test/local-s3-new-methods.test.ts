// Integration: GetObjectAttributes, HEAD If-Match and ListObjectsV2 prefix listings on the embedded endpoint, over real sockets with the SDK and a manual clock.
import { createHash } from 'node:crypto';
import {
  GetObjectAttributesCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException,
} from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { STRONG_CONSISTENCY, type ConsistencyModel } from '../src/local-s3/models.js';
import type { FaultRule } from '../src/scenario/scenario.js';
import { startLocalS3Rig, type LocalS3Rig } from './helpers/local-s3-rig.js';

const BUCKET = 'new-methods';
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

const rigs: LocalS3Rig[] = [];

afterEach(async () => {
  for (const rig of rigs.splice(0)) await rig.close();
});

async function startRig(options: { consistency?: Partial<ConsistencyModel>; faults?: FaultRule[] } = {}): Promise<LocalS3Rig> {
  const rig = await startLocalS3Rig(BUCKET, options);
  rigs.push(rig);
  return rig;
}

/** Status and S3 error name of a command, whether it succeeded or not, plus the output on success. */
async function answer<T>(send: Promise<T>): Promise<{ status: number | undefined; code: string | null; output: T | null }> {
  try {
    const output = await send;
    return { status: (output as { $metadata: { httpStatusCode?: number } }).$metadata.httpStatusCode, code: null, output };
  } catch (error) {
    if (!(error instanceof S3ServiceException)) throw error;
    return { status: error.$metadata.httpStatusCode, code: error.name, output: null };
  }
}

const attributes = (s3: S3Client, key: string) =>
  answer(s3.send(new GetObjectAttributesCommand({ Bucket: BUCKET, Key: key, ObjectAttributes: ['ETag', 'ObjectSize'] })));
const headIfMatch = (s3: S3Client, key: string, etag: string) => answer(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key, IfMatch: etag })));
const listPrefix = (s3: S3Client, prefix: string, maxKeys = 1) => answer(s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, MaxKeys: maxKeys })));

describe('GetObjectAttributes', () => {
  it('answers ETag (unquoted) and ObjectSize in XML with Last-Modified; 404 NoSuchKey for a missing key; logged as GetObjectAttributes', async () => {
    const rig = await startRig();
    await rig.owner.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'hello world' }));
    const found = await attributes(rig.owner, 'k');
    expect(found).toMatchObject({ status: 200, output: { ETag: md5('hello world'), ObjectSize: 11 } });
    expect(found.output?.LastModified).toBeInstanceOf(Date);
    expect(rig.log.at(-1)).toMatchObject({ operation: 'GetObjectAttributes', method: 'GET', key: 'k', status: 200, keyExisted: true });
    expect(await attributes(rig.owner, 'missing')).toMatchObject({ status: 404, code: 'NoSuchKey' });
    expect(rig.log.at(-1)).toMatchObject({ operation: 'GetObjectAttributes', status: 404, errorCode: 'NoSuchKey', keyExisted: false, decidedBy: null });
  });

  it('the raw XML: root GetObjectAttributesResponse, only the attributes asked for; a missing header is a 400', async () => {
    const rig = await startRig();
    await rig.owner.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'abc' }));
    const command = new GetObjectAttributesCommand({ Bucket: BUCKET, Key: 'k', ObjectAttributes: ['ObjectSize'] });
    let xml = '';
    command.middlewareStack.add((next) => async (args) => {
      const result = await next(args);
      const body = (result.response as { body: AsyncIterable<Buffer> }).body;
      const chunks: Buffer[] = [];
      for await (const chunk of body) chunks.push(chunk);
      xml = Buffer.concat(chunks).toString('utf8');
      throw new Error('read');
    }, { step: 'deserialize', name: 'readRaw' });
    await expect(rig.owner.send(command)).rejects.toThrow('read');
    expect(xml).toMatch(/<GetObjectAttributesResponse xmlns="http:\/\/s3\.amazonaws\.com\/doc\/2006-03-01\/"><ObjectSize>3<\/ObjectSize><\/GetObjectAttributesResponse>$/);
    const response = await fetch(`${rig.server.endpoint}/${BUCKET}/k?attributes`);
    expect(response.status).toBe(403); // unsigned: refused before the header is looked at
  });

  it('without s3:ListBucket a missing key is 403 AccessDenied, as GetObject; an existing one still answers', async () => {
    const rig = await startRig();
    await rig.owner.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'x' }));
    expect(await attributes(rig.reader, 'missing')).toMatchObject({ status: 403, code: 'AccessDenied' });
    expect(rig.log.at(-1)).toMatchObject({ operation: 'GetObjectAttributes', decidedBy: 'permission.list-bucket' });
    expect(await attributes(rig.reader, 'k')).toMatchObject({ status: 200, output: { ObjectSize: 1 } });
  });

  it('visibility delay: 404 while the key is invisible to get-object-attributes, then 200', async () => {
    const rig = await startRig({ consistency: { visibilityDelayMs: { ...STRONG_CONSISTENCY.visibilityDelayMs, 'get-object-attributes': 100 } } });
    await rig.owner.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'x' }));
    rig.advanceMs(99);
    expect(await attributes(rig.owner, 'k')).toMatchObject({ status: 404, code: 'NoSuchKey' });
    expect(rig.log.at(-1)).toMatchObject({ decidedBy: 'consistency.visibility-delay-ms', keyExisted: true, msSincePut: 99 });
    expect(await answer(rig.owner.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'k' })))).toMatchObject({ status: 200 }); // HEAD has no delay here
    rig.advanceMs(1);
    expect(await attributes(rig.owner, 'k')).toMatchObject({ status: 200 });
  });
});

describe('HEAD If-Match', () => {
  it('200 when the ETag matches (quoted or not), 412 without a body when it differs, 404 when the key is missing', async () => {
    const rig = await startRig();
    await rig.owner.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'first' }));
    expect(await headIfMatch(rig.owner, 'k', `"${md5('first')}"`)).toMatchObject({ status: 200 });
    expect(rig.log.at(-1)).toMatchObject({ operation: 'HeadObject', method: 'HEAD', status: 200 });
    expect(await headIfMatch(rig.owner, 'k', md5('first'))).toMatchObject({ status: 200 });
    // Overwritten with another body: the first body's ETag no longer matches.
    await rig.owner.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'second' }));
    expect(await headIfMatch(rig.owner, 'k', `"${md5('first')}"`)).toMatchObject({ status: 412 });
    expect(rig.log.at(-1)).toMatchObject({ operation: 'HeadObject', status: 412, errorCode: 'PreconditionFailed', keyExisted: true });
    expect(await headIfMatch(rig.owner, 'missing', `"${md5('first')}"`)).toMatchObject({ status: 404 });
    expect(await headIfMatch(rig.reader, 'missing', `"${md5('first')}"`)).toMatchObject({ status: 403 });
  });

  it('a fault rule for head-if-match leaves plain HEAD alone', async () => {
    const rig = await startRig({ faults: [{ method: 'head-if-match', when: 'after-upload', every: 1, action: { kind: 'status', status: 503, code: 'SlowDown' } }] });
    await rig.owner.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'x' }));
    expect(await headIfMatch(rig.owner, 'k', `"${md5('x')}"`)).toMatchObject({ status: 503 });
    expect(rig.log.at(-1)).toMatchObject({ decidedBy: 'faults[0]' });
    expect(await answer(rig.owner.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'k' })))).toMatchObject({ status: 200 });
  });
});

describe('ListObjectsV2 with prefix = the key', () => {
  it('names the key (first, with max-keys 1) once it exists; logs the prefix as the key with whether it existed', async () => {
    const rig = await startRig();
    await rig.owner.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'run/obj-1x', Body: 'x' }));
    const before = await listPrefix(rig.owner, 'run/obj-1');
    expect(before.output?.Contents?.map((c) => c.Key)).toEqual(['run/obj-1x']);
    expect(rig.log.at(-1)).toMatchObject({ operation: 'ListObjectsV2', key: 'run/obj-1', keyExisted: false, status: 200 });
    await rig.owner.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'run/obj-1', Body: 'x' }));
    const after = await listPrefix(rig.owner, 'run/obj-1');
    expect(after.output).toMatchObject({ KeyCount: 1, MaxKeys: 1, IsTruncated: true, Contents: [{ Key: 'run/obj-1' }] });
    expect(rig.log.at(-1)).toMatchObject({ operation: 'ListObjectsV2', key: 'run/obj-1', keyExisted: true, msSincePut: 0 });
  });

  it('visibility delay of list-prefix: the listing leaves a new key out until the delay has passed', async () => {
    const rig = await startRig({ consistency: { visibilityDelayMs: { ...STRONG_CONSISTENCY.visibilityDelayMs, 'list-prefix': 100 } } });
    await rig.owner.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'x' }));
    rig.advanceMs(99);
    expect((await listPrefix(rig.owner, 'k', 10)).output?.Contents).toBeUndefined();
    expect(rig.log.at(-1)).toMatchObject({ status: 200, decidedBy: 'consistency.visibility-delay-ms' });
    rig.advanceMs(1);
    expect((await listPrefix(rig.owner, 'k', 10)).output?.Contents?.map((c) => c.Key)).toEqual(['k']);
    expect(rig.log.at(-1)).toMatchObject({ decidedBy: null });
  });

  it('without s3:ListBucket: 403 AccessDenied', async () => {
    const rig = await startRig();
    expect(await listPrefix(rig.reader, 'k')).toMatchObject({ status: 403, code: 'AccessDenied' });
  });
});
