// Integration: the consistency and permission models of the embedded endpoint, over real sockets with the real SDK and a manual clock.
import {
  DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException,
} from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalIdentity } from '../src/local-s3/identities.js';
import type { ConsistencyModel } from '../src/local-s3/models.js';
import type { LocalS3LogEntry } from '../src/local-s3/server.js';
import { RIG_OWNER as OWNER, RIG_READER as READER, startLocalS3Rig, type LocalS3Rig } from './helpers/local-s3-rig.js';

const BUCKET = 'models-bucket';

const rigs: LocalS3Rig[] = [];

afterEach(async () => {
  for (const rig of rigs.splice(0)) await rig.close();
});

async function startRig(consistency: Partial<ConsistencyModel> = {}): Promise<LocalS3Rig> {
  const rig = await startLocalS3Rig(BUCKET, { consistency });
  rigs.push(rig);
  return rig;
}

/** Status and error code of a read, whether it succeeded or not. */
async function read(client: S3Client, method: 'head' | 'ranged-get' | 'get', key: string): Promise<[number | undefined, string | null]> {
  const command = method === 'head'
    ? new HeadObjectCommand({ Bucket: BUCKET, Key: key })
    : new GetObjectCommand({ Bucket: BUCKET, Key: key, ...(method === 'ranged-get' && { Range: 'bytes=0-0' }) });
  try {
    const output = await client.send(command as GetObjectCommand);
    await output.Body?.transformToByteArray();
    return [output.$metadata.httpStatusCode, null];
  } catch (error) {
    if (!(error instanceof S3ServiceException)) throw error;
    return [error.$metadata.httpStatusCode, method === 'head' ? null : error.name];
  }
}

function lastLog(rig: LocalS3Rig): LocalS3LogEntry {
  return rig.log.at(-1)!;
}

describe('visibility-delay-ms', () => {
  it('hides a new object from reads for the delay, then shows it', async () => {
    const rig = await startRig({ visibilityDelayMs: { head: 100, 'ranged-get': 100, get: 100, 'get-object-attributes': 100, 'list-prefix': 100, 'head-if-match': 100 } });
    await rig.owner.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'hello' }));
    rig.advanceMs(99);
    expect(await read(rig.owner, 'head', 'k')).toEqual([404, null]);
    expect(lastLog(rig)).toMatchObject({ status: 404, errorCode: 'NoSuchKey', decidedBy: 'consistency.visibility-delay-ms', keyExisted: true, msSincePut: 99 });
    expect(await read(rig.owner, 'get', 'k')).toEqual([404, 'NoSuchKey']);
    expect(await read(rig.owner, 'ranged-get', 'k')).toEqual([404, 'NoSuchKey']);
    rig.advanceMs(1);
    expect(await read(rig.owner, 'head', 'k')).toEqual([200, null]);
    expect(await read(rig.owner, 'ranged-get', 'k')).toEqual([206, null]);
    expect(lastLog(rig)).toMatchObject({ status: 206, decidedBy: null, keyExisted: true, msSincePut: 100 });
  });

  it('per method: HEAD lags while ranged GET and GET already see the object', async () => {
    const rig = await startRig({ visibilityDelayMs: { head: 200, 'ranged-get': 0, get: 0, 'get-object-attributes': 0, 'list-prefix': 0, 'head-if-match': 0 } });
    await rig.owner.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'hello' }));
    rig.advanceMs(50);
    expect([await read(rig.owner, 'head', 'k'), await read(rig.owner, 'ranged-get', 'k'), await read(rig.owner, 'get', 'k')]).toEqual([
      [404, null], [206, null], [200, null],
    ]);
  });

  it('a hidden key answers 403 AccessDenied to a caller without s3:ListBucket', async () => {
    const rig = await startRig({ visibilityDelayMs: { head: 100, 'ranged-get': 100, get: 100, 'get-object-attributes': 100, 'list-prefix': 100, 'head-if-match': 100 } });
    await rig.owner.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'hello' }));
    expect(await read(rig.reader, 'get', 'k')).toEqual([403, 'AccessDenied']);
    expect(lastLog(rig)).toMatchObject({ status: 403, errorCode: 'AccessDenied', decidedBy: 'consistency.visibility-delay-ms', accessKeyId: READER.accessKeyId });
  });
});

describe('stale-after-delete-ms', () => {
  it('reads still see a deleted object for the delay, then 404', async () => {
    const rig = await startRig({ staleAfterDeleteMs: 100 });
    await rig.owner.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'hello' }));
    await rig.owner.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'k' }));
    rig.advanceMs(99);
    const get = await rig.owner.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'k' }));
    expect(await get.Body?.transformToString()).toBe('hello');
    expect(lastLog(rig)).toMatchObject({ status: 200, decidedBy: 'consistency.stale-after-delete-ms', keyExisted: false });
    rig.advanceMs(1);
    expect(await read(rig.owner, 'get', 'k')).toEqual([404, 'NoSuchKey']);
    expect(lastLog(rig)).toMatchObject({ decidedBy: null, keyExisted: false });
  });

  it('a new PUT of the key replaces the stale copy at once', async () => {
    const rig = await startRig({ staleAfterDeleteMs: 1000 });
    await rig.owner.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'old' }));
    await rig.owner.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'k' }));
    await rig.owner.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'new' }));
    await rig.owner.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'k' }));
    const get = await rig.owner.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'k' }));
    expect(await get.Body?.transformToString()).toBe('new');
  });
});

describe('list-bucket permission', () => {
  it('without it, a missing key answers 403 AccessDenied on HEAD (no body), GET and ranged GET; with it, 404', async () => {
    const rig = await startRig();
    const reader = [await read(rig.reader, 'head', 'missing'), await read(rig.reader, 'get', 'missing'), await read(rig.reader, 'ranged-get', 'missing')];
    expect(reader).toEqual([[403, null], [403, 'AccessDenied'], [403, 'AccessDenied']]);
    expect(rig.log.slice(-3).map((entry) => [entry.status, entry.errorCode, entry.decidedBy, entry.keyExisted])).toEqual(
      Array(3).fill([403, 'AccessDenied', 'permission.list-bucket', false]),
    );
    const owner = [await read(rig.owner, 'head', 'missing'), await read(rig.owner, 'get', 'missing'), await read(rig.owner, 'ranged-get', 'missing')];
    expect(owner).toEqual([[404, null], [404, 'NoSuchKey'], [404, 'NoSuchKey']]);
    expect(lastLog(rig).decidedBy).toBeNull();
  });

  it('the bucket is shared: the reader reads what the owner uploaded', async () => {
    const rig = await startRig();
    await rig.owner.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'hello' }));
    expect([await read(rig.reader, 'head', 'k'), await read(rig.reader, 'ranged-get', 'k'), await read(rig.reader, 'get', 'k')]).toEqual([
      [200, null], [206, null], [200, null],
    ]);
    expect(lastLog(rig)).toMatchObject({ decidedBy: null, accessKeyId: READER.accessKeyId });
  });

  it('ListObjectsV2 and HeadBucket need it too', async () => {
    const rig = await startRig();
    const denied = async (command: ListObjectsV2Command | HeadBucketCommand) => {
      const error = await rig.reader.send(command as ListObjectsV2Command).catch((caught: unknown) => caught);
      return (error as S3ServiceException).$metadata?.httpStatusCode;
    };
    expect(await denied(new ListObjectsV2Command({ Bucket: BUCKET }))).toBe(403);
    expect(await denied(new HeadBucketCommand({ Bucket: BUCKET }))).toBe(403);
    expect(lastLog(rig)).toMatchObject({ operation: 'HeadBucket', status: 403, decidedBy: 'permission.list-bucket', keyExisted: null });
    expect((await rig.owner.send(new ListObjectsV2Command({ Bucket: BUCKET }))).$metadata.httpStatusCode).toBe(200);
  });
});

describe('identities', () => {
  it('the same name always gets the same clearly fake keys; another name other keys', () => {
    expect(createLocalIdentity('owner', true)).toEqual(OWNER);
    expect(OWNER.accessKeyId).toMatch(/^S3PROBELOCAL[0-9A-F]{8}$/);
    expect(OWNER.secretAccessKey).toMatch(/^s3probe-local-fake-secret-[0-9a-f]{24}$/);
    expect(READER.accessKeyId).not.toBe(OWNER.accessKeyId);
  });

  it('the log never carries a secret', async () => {
    const rig = await startRig();
    await read(rig.reader, 'get', 'missing');
    const text = JSON.stringify(rig.log);
    expect(text).not.toContain(OWNER.secretAccessKey);
    expect(text).not.toContain(READER.secretAccessKey);
  });
});
