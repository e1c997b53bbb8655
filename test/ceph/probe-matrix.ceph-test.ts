// RGW, through the real CLI and target s3: what HEAD, ranged GET and GET answer before and after uploads of 0, 1 and 4096 bytes.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeClient } from '../../src/s3/client.js';
import { clientFor, createTestBucket, makeTempDir, rgw, runS3probe, writeScenario } from './rgw.js';

let owner: ProbeClient;
let bucket: string;
let dir: string;
let db: Database.Database;

interface ProbeRow {
  method: string;
  phase: string;
  size_bytes: number;
  status: number | null;
  error_code: string | null;
  error_body: string | null;
  bytes: number | null;
  request_id: string | null;
  extended_request_id: string | null;
}

function selectProbes(): ProbeRow[] {
  return db
    .prepare(
      `SELECT p.method, p.phase, o.size_bytes, p.status, p.error_code, p.error_body, p.bytes, p.request_id, p.extended_request_id
       FROM probes p JOIN objects o ON o.run_id = p.run_id AND o.key = p.object_key`,
    )
    .all() as ProbeRow[];
}

/** What S3 documents (and RGW answers) for the owner, who may list the bucket. */
function expectedCell(method: string, phase: string, sizeBytes: number): string {
  if (phase === 'before-upload') return method === 'head' ? '404 -' : '404 NoSuchKey';
  if (method === 'ranged-get') return sizeBytes === 0 ? '416 InvalidRange' : '206 -';
  return '200 -';
}

beforeAll(async () => {
  owner = clientFor(rgw().users.owner);
  bucket = await createTestBucket(owner.s3, 'matrix');
  dir = makeTempDir('matrix');
  const scenario = writeScenario(
    dir,
    'ceph-matrix',
    bucket,
    ['objects: { count: 6, size-bytes: [0, 1, 4096] }', 'schedule: { before-upload-ms: [-500, -100], after-upload-ms: [0, 50, 500] }'].join('\n'),
  );
  const result = await runS3probe(['run', scenario, '--db', join(dir, 'matrix.sqlite'), '--no-progress'], rgw().users.owner);
  expect(result.stderr).toContain(`target: ${rgw().endpoint}`);
  expect(result.code, result.stderr).toBe(0);
  db = new Database(join(dir, 'matrix.sqlite'), { readonly: true });
});

afterAll(() => {
  db?.close();
  owner?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('probe matrix on Ceph RGW', () => {
  it('records a completed target-s3 run with every planned probe and every upload stored and cleaned up', () => {
    const run = db.prepare('SELECT * FROM runs').get() as Record<string, unknown>;
    expect(run).toMatchObject({ status: 'completed', target: 's3', endpoint: rgw().endpoint, bucket, planned_probes: 6 * 3 * 5 });
    expect(db.prepare('SELECT count(*) n FROM probes').get()).toEqual({ n: 90 });
    const objects = db.prepare('SELECT status, deleted, count(*) n FROM objects GROUP BY 1, 2').all();
    expect(objects).toEqual([{ status: 200, deleted: 1, n: 6 }]);
  });

  it('answers 404 before the upload and 200 / 206 / 416 (zero bytes) after it, on every method and size', () => {
    const seen = new Map<string, Set<string>>();
    for (const row of selectProbes()) {
      const cell = `${row.method} ${row.phase} ${row.size_bytes}`;
      if (!seen.has(cell)) seen.set(cell, new Set());
      seen.get(cell)!.add(`${row.status} ${row.error_code ?? '-'}`);
    }
    const expected = new Map<string, Set<string>>();
    for (const method of ['head', 'ranged-get', 'get'])
      for (const phase of ['before-upload', 'after-upload'])
        for (const size of [0, 1, 4096]) expected.set(`${method} ${phase} ${size}`, new Set([expectedCell(method, phase, size)]));
    expect(seen).toEqual(expected);
  });

  it('keeps the XML error body of GET errors, and none for HEAD errors (a HEAD answer has no body)', () => {
    const errors = selectProbes().filter((row) => row.status !== null && row.status >= 400);
    expect(errors.length).toBe(6 * 3 * 2 + 2 * 3); // 404: 6 objects × 3 methods × 2 offsets before; 416: 2 zero-byte objects × 3 offsets after
    for (const row of errors) {
      if (row.method === 'head') expect(row.error_body).toBeNull();
      else expect(row.error_body).toMatch(new RegExp(`^<\\?xml[^>]*\\?><Error><Code>${row.error_code}</Code>.*<BucketName>${bucket}</BucketName>`));
    }
  });

  it('drains bodies: 1 byte for a ranged GET, the whole object for a GET', () => {
    for (const row of selectProbes().filter((r) => r.phase === 'after-upload')) {
      if (row.method === 'head') expect(row.bytes).toBeNull();
      else if (row.method === 'get') expect(row.bytes).toBe(row.size_bytes);
      else if (row.status === 206) expect(row.bytes).toBe(1);
    }
    const ranges = db.prepare("SELECT DISTINCT a.content_range FROM attempts a JOIN probes p ON p.id = a.probe_id WHERE p.method = 'ranged-get' AND a.status = 206 ORDER BY 1").all();
    expect(ranges).toEqual([{ content_range: 'bytes 0-0/1' }, { content_range: 'bytes 0-0/4096' }]);
  });

  it('records RGW request ids (tx…) on every attempt; RGW 16 sends no x-amz-id-2 header', () => {
    const ids = db.prepare('SELECT request_id, extended_request_id FROM attempts').all() as Array<{ request_id: string | null; extended_request_id: string | null }>;
    expect(ids.length).toBe(90);
    for (const id of ids) {
      expect(id.request_id).toMatch(/^tx[0-9a-f]{21}-[0-9a-f]+-[0-9a-f]+-default$/);
      expect(id.extended_request_id).toBeNull();
    }
    expect(new Set(ids.map((id) => id.request_id)).size).toBe(90);
  });
});
