// A local run firing get-object-attributes, list-prefix and head-if-match through every engine, under a visibility delay: records, classes and ground truth.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../src/commands/run.js';
import { summaryCommand } from '../src/commands/summary.js';
import { classifyProbe } from '../src/summary/classify.js';
import { isUnexpected } from '../src/summary/expected-status.js';
import { captureIo } from './helpers/capture-io.js';

const DELAY_MS = 200;
const SCENARIO = `version: 1
name: new-methods
target: local
bucket: new-methods
objects: { count: 12, size-bytes: [0, 1, 4096] }
methods: [head, get-object-attributes, list-prefix, head-if-match]
schedule: { before-upload-ms: [-30], after-upload-ms: [0, 400], upload-interval-ms: 10 }
concurrency: 8
seed: 11
consistency: { visibility-delay-ms: { get-object-attributes: ${DELAY_MS}, list-prefix: ${DELAY_MS} } }
arms:
  - { name: sdk, engine: sdk }
  - { name: raw, engine: raw }
  - { name: presigned, engine: presigned }
`;

interface Row {
  arm: string;
  method: string;
  phase: string;
  offsetMs: number;
  status: number | null;
  errorCode: string | null;
  errorClass: string | null;
  keyListed: number | null;
  msSincePut: number | null;
  keyExisted: number | null;
}

let dir: string;
let dbPath: string;
let db: Database.Database;
let probes: Row[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 's3probe-new-methods-'));
  dbPath = join(dir, 'results.sqlite');
  writeFileSync(join(dir, 'new-methods.yaml'), SCENARIO);
  const io = captureIo();
  const code = await runCommand({ scenarioPath: join(dir, 'new-methods.yaml'), dbPath, overrides: {}, progress: false, commandLine: 's3probe run' }, io);
  expect(code, io.stderrText).toBe(0);
  db = new Database(dbPath, { readonly: true });
  probes = db
    .prepare(
      `SELECT p.arm, p.method, p.phase, p.offset_ms AS offsetMs, p.status, p.error_code AS errorCode, p.error_class AS errorClass,
         p.key_listed AS keyListed, e.ms_since_put AS msSincePut, e.key_existed AS keyExisted
       FROM probes p JOIN endpoint_log e ON e.request_id = p.request_id AND e.run_id = p.run_id
       WHERE p.trigger = 'plan'`,
    )
    .all() as Row[];
});

afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the new methods in a local run', () => {
  it('every engine fired every method, and each planned probe has its endpoint log entry', () => {
    expect(probes).toHaveLength(12 * 3 * 4 * 3);
    const fired = new Set(probes.map((row) => `${row.arm}:${row.method}`));
    expect(fired.size).toBe(12);
  });

  it('before the upload: 404 for the object methods, a 200 listing without the key; all expected', () => {
    for (const row of probes.filter((r) => r.phase === 'before-upload')) {
      if (row.method === 'list-prefix') expect(row, row.arm).toMatchObject({ status: 200, keyListed: 0, keyExisted: 0 });
      else expect(row, `${row.arm} ${row.method}`).toMatchObject({ status: 404, keyListed: null, keyExisted: 0 });
      expect(classifyProbe(row)).toBe('expected');
    }
  });

  it('after the upload: head and head-if-match 200 at once (the If-Match ETag is the body MD5); listings and attributes follow the delay exactly', () => {
    const after = probes.filter((r) => r.phase === 'after-upload');
    for (const row of after.filter((r) => r.method === 'head' || r.method === 'head-if-match')) expect(row.status, `${row.arm} ${row.method}`).toBe(200);
    // Exact against the endpoint's clock (5 ms around the edge left out, as the log's ms_since_put is taken a moment apart).
    const judged = after.filter((r) => (r.method === 'list-prefix' || r.method === 'get-object-attributes') && Math.abs((r.msSincePut ?? 0) - DELAY_MS) > 5);
    expect(judged.length).toBeGreaterThan(120);
    for (const row of judged) {
      const invisible = (row.msSincePut ?? 0) < DELAY_MS;
      if (row.method === 'list-prefix') expect(row, row.arm).toMatchObject({ status: 200, keyListed: invisible ? 0 : 1 });
      else expect(row.status, row.arm).toBe(invisible ? 404 : 200);
    }
    for (const row of after.filter((r) => r.offsetMs === 400)) expect(classifyProbe(row), `${row.arm} ${row.method}`).toBe('expected');
  });

  it('an unlisted key after the upload is stale, and so is an attributes 404; isUnexpected agrees with the class', () => {
    const classes = probes.map((row) => [row, classifyProbe(row)] as const);
    const staleListings = classes.filter(([row, probeClass]) => row.method === 'list-prefix' && probeClass === 'stale');
    const staleAttributes = classes.filter(([row, probeClass]) => row.method === 'get-object-attributes' && probeClass === 'stale');
    expect(staleListings.length).toBe(probes.filter((r) => r.method === 'list-prefix' && r.phase === 'after-upload' && r.keyListed === 0).length);
    expect(staleListings.length).toBeGreaterThan(0);
    expect(staleAttributes.length).toBe(probes.filter((r) => r.method === 'get-object-attributes' && r.phase === 'after-upload' && r.status === 404).length);
    expect(staleAttributes.length).toBeGreaterThan(0);
    for (const [row, probeClass] of classes) expect(isUnexpected(row.method, row.phase, row.status, row.keyListed)).toBe(probeClass !== 'expected');
  });

  it('the ground truth finds no mismatch for the new operations, logged under their S3 names', () => {
    const io = captureIo();
    expect(summaryCommand({ dbPath, run: 'latest', format: 'json' }, io)).toBe(0);
    const summary = JSON.parse(io.stdoutText);
    expect(summary.groundTruth).toMatchObject({ statusMismatches: 0, unloggedAttempts: 0 });
    const operations = db.prepare(`SELECT DISTINCT operation FROM endpoint_log ORDER BY operation`).pluck().all();
    expect(operations).toEqual(expect.arrayContaining(['GetObjectAttributes', 'HeadObject', 'ListObjectsV2', 'PutObject']));
  });
});
