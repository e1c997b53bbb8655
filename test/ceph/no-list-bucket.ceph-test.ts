// A second user granted s3:GetObject by a bucket policy but not s3:ListBucket: what RGW answers it, key missing or not.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Method, ProbeRecord } from '../../src/probes/probe-record.js';
import type { ProbeClient } from '../../src/s3/client.js';
import { clientFor, createTestBucket, FINDING_METHODS, makeTempDir, probeOnce, putObject, rgw, runS3probe, writeScenario } from './rgw.js';

const EXISTING = 'policy/existing';
const EMPTY = 'policy/empty';
const MISSING = 'policy/missing';

let owner: ProbeClient;
let reader: ProbeClient;
let bucket: string;

function summarise(record: ProbeRecord): string {
  return `${record.status} ${record.errorCode ?? '-'}`;
}

async function probeAll(client: ProbeClient, key: string): Promise<Record<Method, string>> {
  const answers = {} as Record<Method, string>;
  for (const method of FINDING_METHODS) answers[method] = summarise(await probeOnce(client.s3, bucket, key, method));
  return answers;
}

beforeAll(async () => {
  owner = clientFor(rgw().users.owner);
  reader = clientFor(rgw().users.reader);
  bucket = await createTestBucket(owner.s3, 'nolist');
  await putObject(owner.s3, bucket, EXISTING, 4096);
  await putObject(owner.s3, bucket, EMPTY, 0);
  const policy = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: [`arn:aws:iam:::user/${rgw().users.reader.uid}`] }, Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::${bucket}/*`] }],
  };
  await owner.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(policy) }));
  // Bucket policies are eventually consistent on AWS; wait (bounded) until the grant is visible before asserting on it.
  const deadlineMs = Date.now() + 15_000;
  while ((await probeOnce(reader.s3, bucket, EXISTING, 'get')).status !== 200) {
    if (Date.now() > deadlineMs) throw new Error('the bucket policy granting s3:GetObject did not take effect within 15 s');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
});

afterAll(() => {
  owner?.destroy();
  reader?.destroy();
});

describe('user with s3:GetObject but without s3:ListBucket', () => {
  it('gets 403 on every method for a missing key (HEAD without a code, GETs AccessDenied), where the owner gets 404', async () => {
    expect(await probeAll(reader, MISSING)).toEqual({ head: '403 -', 'ranged-get': '403 AccessDenied', get: '403 AccessDenied' });
    expect(await probeAll(owner, MISSING)).toEqual({ head: '404 -', 'ranged-get': '404 NoSuchKey', get: '404 NoSuchKey' });
  });

  it('keeps the AccessDenied XML body of the GETs, the evidence a HEAD 403 cannot carry', async () => {
    const record = await probeOnce(reader.s3, bucket, MISSING, 'ranged-get');
    expect(record.errorBody).toMatch(/^<\?xml[^>]*\?><Error><Code>AccessDenied<\/Code>/);
    expect(record.errorBody).toContain(`<BucketName>${bucket}</BucketName>`);
  });

  it('gets what the owner gets for existing keys: 200 / 206 / 200, and 416 on a ranged GET of a zero-byte object', async () => {
    expect(await probeAll(reader, EXISTING)).toEqual({ head: '200 -', 'ranged-get': '206 -', get: '200 -' });
    expect(await probeAll(reader, EMPTY)).toEqual({ head: '200 -', 'ranged-get': '416 InvalidRange', get: '200 -' });
  });

  it('cannot run s3probe: the preflight HeadBucket needs s3:ListBucket, so the CLI exits 3 before any upload', async () => {
    const dir = makeTempDir('nolist');
    try {
      const scenario = writeScenario(dir, 'nolist', bucket, 'objects: { count: 1 }');
      const result = await runS3probe(['run', scenario, '--db', join(dir, 'nolist.sqlite'), '--no-progress'], rgw().users.reader);
      expect(result.code, result.stderr).toBe(3);
      expect(result.stderr).toContain('(HTTP 403)');
      expect(result.stderr).toContain('lack s3:ListBucket');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
