// Wrong secret and unknown access key against RGW: the CLI's preflight refuses them; at the probe layer, what each method records.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeClient } from '../../src/s3/client.js';
import { clientFor, createTestBucket, FINDING_METHODS, makeTempDir, probeOnce, putObject, rgw, runS3probe, writeScenario } from './rgw.js';

const WRONG_SECRET = 's3probe-ceph-wrong-secret-must-not-be-printed';
const UNKNOWN_KEY = 'S3PROBECEPHNOBODY001';
const EXISTING = 'creds/existing';
const MISSING = 'creds/missing';

let owner: ProbeClient;
let bucket: string;
let dir: string;

beforeAll(async () => {
  owner = clientFor(rgw().users.owner);
  bucket = await createTestBucket(owner.s3, 'creds');
  await putObject(owner.s3, bucket, EXISTING, 16);
  dir = makeTempDir('creds');
});

afterAll(() => {
  owner?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

async function expectPreflightRefusal(accessKeyId: string, secretAccessKey: string, label: string): Promise<void> {
  const dbPath = join(dir, `${label}.sqlite`);
  const scenario = writeScenario(dir, label, bucket, 'objects: { count: 3 }');
  const result = await runS3probe(['run', scenario, '--db', dbPath, '--no-progress'], { accessKeyId, secretAccessKey });
  expect(result.code, result.stderr).toBe(3);
  expect(result.stderr).toContain(`preflight HeadBucket on "${bucket}" at ${rgw().endpoint} failed (HTTP 403)`);
  expect(result.stderr).toContain('credentials were refused');
  expect(result.stderr + result.stdout).not.toContain(secretAccessKey);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  // Nothing was probed: no run row (the file itself may exist, it is opened before the preflight).
  if (existsSync(dbPath)) {
    const db = new Database(dbPath, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) n FROM runs').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  }
}

describe('wrong secret', () => {
  it('is refused by the CLI preflight with exit 3, without printing the secret', async () => {
    await expectPreflightRefusal(rgw().users.owner.accessKeyId, WRONG_SECRET, 'wrong-secret');
  });

  it('records 403 SignatureDoesNotMatch with the XML body on GETs, and a bare 403 on HEAD, existing key or not', async () => {
    const client = clientFor({ accessKeyId: rgw().users.owner.accessKeyId, secretAccessKey: WRONG_SECRET });
    try {
      for (const key of [EXISTING, MISSING]) {
        for (const method of FINDING_METHODS) {
          const record = await probeOnce(client.s3, bucket, key, method);
          expect({ key, method, status: record.status, attempts: record.attempts }).toEqual({ key, method, status: 403, attempts: 1 });
          expect(record.requestId).toMatch(/^tx/);
          if (method === 'head') {
            expect(record.errorCode).toBeNull();
            expect(record.errorBody).toBeNull();
          } else {
            expect(record.errorCode).toBe('SignatureDoesNotMatch');
            expect(record.errorBody).toContain('<Code>SignatureDoesNotMatch</Code>');
            expect(record.errorBody).toContain(`<RequestId>${record.requestId}</RequestId>`);
            expect(record.errorBody).not.toContain(WRONG_SECRET);
            // Whatever RGW echoes (key id, string to sign, signature), only the key id's last four characters are kept.
            expect(record.errorBody).not.toContain(rgw().users.owner.accessKeyId);
          }
        }
      }
    } finally {
      client.destroy();
    }
  });
});

describe('unknown access key', () => {
  it('is refused by the CLI preflight with exit 3', async () => {
    await expectPreflightRefusal(UNKNOWN_KEY, WRONG_SECRET, 'unknown-key');
  });

  it('records 403 InvalidAccessKeyId on GETs, and a bare 403 on HEAD', async () => {
    const client = clientFor({ accessKeyId: UNKNOWN_KEY, secretAccessKey: WRONG_SECRET });
    try {
      for (const method of FINDING_METHODS) {
        const record = await probeOnce(client.s3, bucket, EXISTING, method);
        expect({ method, status: record.status, errorCode: record.errorCode }).toEqual({
          method,
          status: 403,
          errorCode: method === 'head' ? null : 'InvalidAccessKeyId',
        });
        if (method !== 'head') expect(record.errorBody).toContain('<Code>InvalidAccessKeyId</Code>');
        if (method !== 'head') expect(record.errorBody).not.toContain(UNKNOWN_KEY);
      }
    } finally {
      client.destroy();
    }
  });
});
