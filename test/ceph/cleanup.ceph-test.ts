// Cleanup on RGW deletes exactly the run's objects: objects placed beforehand stay, even under the same prefix.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeClient } from '../../src/s3/client.js';
import { clientFor, createTestBucket, listAllKeys, makeTempDir, putObject, rgw, runS3probe, writeScenario } from './rgw.js';

// Outside the prefix, directly under it, and shaped like another run's object (same prefix, another run id).
const PLACED_BEFORE = ['keep-root.txt', 's3probe/keep-me.txt', 's3probe/20200101T000000Z-000000/obj-000000'];
const OBJECTS = 9;

let owner: ProbeClient;
let bucket: string;
let dir: string;

beforeAll(async () => {
  owner = clientFor(rgw().users.owner);
  bucket = await createTestBucket(owner.s3, 'cleanup');
  for (const key of PLACED_BEFORE) await putObject(owner.s3, bucket, key, 3);
  dir = makeTempDir('cleanup');
});

afterAll(() => {
  owner?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('cleanup on Ceph RGW', () => {
  it('deletes every object the run uploaded and nothing else', async () => {
    const dbPath = join(dir, 'cleanup.sqlite');
    const scenario = writeScenario(dir, 'ceph-cleanup', bucket, `prefix: s3probe/\nobjects: { count: ${OBJECTS} }\nschedule: { before-upload-ms: [], after-upload-ms: [0] }`);
    const result = await runS3probe(['run', scenario, '--db', dbPath, '--no-progress'], rgw().users.owner);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('cleanup:');

    const db = new Database(dbPath, { readonly: true });
    try {
      const { id, prefix } = db.prepare('SELECT id, prefix FROM runs').get() as { id: string; prefix: string };
      expect(prefix).toBe(`s3probe/${id}/`);
      const objects = db.prepare('SELECT key, status, deleted FROM objects ORDER BY key').all() as Array<{ key: string; status: number; deleted: number }>;
      expect(objects).toHaveLength(OBJECTS);
      for (const object of objects) expect(object).toEqual({ key: expect.stringMatching(new RegExp(`^${prefix}obj-\\d{6}$`)), status: 200, deleted: 1 });
      const event = db.prepare("SELECT detail FROM run_events WHERE kind = 'cleanup'").get() as { detail: string };
      expect(JSON.parse(event.detail)).toEqual({ deleted: OBJECTS, failed: 0 });
    } finally {
      db.close();
    }
    expect(await listAllKeys(owner.s3, bucket)).toEqual([...PLACED_BEFORE].sort());
  });
});
