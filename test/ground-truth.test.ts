// A local run through runCommand, then checked against the embedded endpoint's own log, request by request.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../src/commands/run.js';
import { summaryCommand } from '../src/commands/summary.js';
import { captureIo } from './helpers/capture-io.js';

const SCENARIO = `version: 1
name: ground-truth
target: local
bucket: ground-truth
objects: { count: 30, size-bytes: [0, 1, 4096] }
schedule: { before-upload-ms: [-40], after-upload-ms: [0, 20, 60], upload-interval-ms: 5 }
concurrency: 8
seed: 7
sdk: { max-attempts: 2, request-timeout-ms: 5000 }
faults:
  - { method: head, probability: 0.2, status: 403, code: AccessDenied }
  - { method: get, when: after-upload, every: 4, status: 503, code: SlowDown }
  - { method: ranged-get, when: after-upload, every: 10, reset: true }
follow-up: { on-head-403: ranged-get }
`;

let dir: string;
let dbPath: string;
let db: Database.Database;
let runId: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 's3probe-ground-truth-'));
  dbPath = join(dir, 'results.sqlite');
  writeFileSync(join(dir, 'ground-truth.yaml'), SCENARIO);
  const io = captureIo();
  const code = await runCommand({ scenarioPath: join(dir, 'ground-truth.yaml'), dbPath, overrides: {}, progress: false, commandLine: 's3probe run' }, io);
  expect(code, io.stderrText).toBe(0);
  db = new Database(dbPath, { readonly: true });
  runId = (db.prepare('SELECT id FROM runs').get() as { id: string }).id;
});

afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

function count(sql: string): number {
  return (db.prepare(sql).get(runId) as { n: number }).n;
}

describe('ground truth of a local run', () => {
  it('every attempt with a request id has the status (and, beyond HEAD, the error code) the endpoint logged for it', () => {
    const rows = db
      .prepare(
        `SELECT a.request_id AS requestId, p.method, a.status AS recorded, e.status AS logged,
           a.error_code AS recordedCode, e.error_code AS loggedCode, e.decided_by AS decidedBy
         FROM attempts a JOIN probes p ON p.id = a.probe_id
         JOIN endpoint_log e ON e.request_id = a.request_id AND e.run_id = a.run_id
         WHERE a.run_id = ?`,
      )
      .all(runId) as Array<{ requestId: string; method: string; recorded: number; logged: number; recordedCode: string | null; loggedCode: string | null; decidedBy: string | null }>;
    const withRequestId = count('SELECT count(*) AS n FROM attempts WHERE run_id = ? AND request_id IS NOT NULL');
    expect(withRequestId).toBeGreaterThan(300);
    expect(rows).toHaveLength(withRequestId);
    expect(rows.filter((row) => row.recorded !== row.logged)).toEqual([]);
    expect(rows.filter((row) => row.method !== 'head' && row.recordedCode !== row.loggedCode)).toEqual([]);
    // The run exercised rules, not only the plain store.
    expect(rows.filter((row) => row.decidedBy === 'faults[0]').length).toBeGreaterThan(0);
    expect(rows.filter((row) => row.decidedBy === 'faults[1]').length).toBeGreaterThan(0);
  });

  it('every attempt that got no response is a request the endpoint logged without a status', () => {
    const unanswered = count('SELECT count(*) AS n FROM attempts WHERE run_id = ? AND status IS NULL');
    expect(unanswered).toBeGreaterThan(0);
    expect(count('SELECT count(*) AS n FROM attempts WHERE run_id = ? AND status IS NULL AND request_id IS NOT NULL')).toBe(0);
    expect(count("SELECT count(*) AS n FROM endpoint_log WHERE run_id = ? AND status IS NULL AND decided_by = 'faults[2]'")).toBe(unanswered);
  });

  it('links each HEAD 403 to the ranged GET fired after it, which found the key (the 403 was injected on HEAD only)', () => {
    const links = db
      .prepare(
        `SELECT h.phase, f.phase AS followPhase, f.method, f.object_key = h.object_key AS sameKey, f.status
         FROM probes h JOIN probes f ON f.run_id = h.run_id AND f.follows_seq = h.seq
         WHERE h.run_id = ? AND h.method = 'head' AND h.status = 403 AND h.trigger = 'plan'`,
      )
      .all(runId) as Array<{ phase: string; followPhase: string; method: string; sameKey: number; status: number | null }>;
    expect(links.length).toBe(count("SELECT count(*) AS n FROM probes WHERE run_id = ? AND method = 'head' AND status = 403 AND trigger = 'plan'"));
    expect(links.length).toBe(count("SELECT count(*) AS n FROM probes WHERE run_id = ? AND trigger = 'follow-up'"));
    for (const link of links) {
      expect(link).toMatchObject({ followPhase: link.phase, method: 'ranged-get', sameKey: 1 });
      if (link.phase === 'before-upload') expect(link.status).toBe(404);
    }
  });

  it('summary --format json reports injected vs observed, with no mismatch', () => {
    const io = captureIo();
    expect(summaryCommand({ dbPath, run: 'latest', format: 'json' }, io)).toBe(0);
    const summary = JSON.parse(io.stdoutText);
    const attempts = count('SELECT count(*) AS n FROM attempts WHERE run_id = ? AND request_id IS NOT NULL');
    expect(summary.groundTruth).toMatchObject({ matched: attempts, statusMismatches: 0, unloggedAttempts: 0 });
    const head = summary.groundTruth.probes.find((group: { method: string; trigger: string }) => group.method === 'head' && group.trigger === 'plan');
    expect(head.endpoint.decidedBy['faults[0]']['403']).toBe(head.recorded.statuses['403']);
    expect(summary.methods[0].forbidden).toBe(head.recorded.statuses['403']); // max-attempts never retries a 403
    const operations = summary.groundTruth.other.map((entry: { operation: string }) => entry.operation);
    expect(operations).toEqual(expect.arrayContaining(['CreateBucket', 'PutObject', 'DeleteObjects']));
    expect(summary.followUps.probes).toBe(summary.followUps.head403);
    expect(summary.followUps.byPhase['before-upload'].outcomes).toEqual({ NoSuchKey: summary.followUps.byPhase['before-upload'].probes });
  });
});
