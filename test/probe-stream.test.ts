// The summary's fast path (streamProbes: one SQLite aggregate pass, one reused row) summarises exactly as the row-object path.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/recorder/database.js';
import { streamProbes, type StreamedProbeRow } from '../src/recorder/probe-stream.js';
import { iterateProbes, resolveRun } from '../src/recorder/queries.js';
import { summarise } from '../src/summary/summarise.js';
import { writeSyntheticRun, type ProbeSpot } from './helpers/synthetic-runs.js';

/** A mix of every class: 403s with follow-ups, stale 404s, 503s, resets, phantoms. */
function answer(spot: ProbeSpot): { status: number | null; errorCode?: string; errorClass?: string } {
  const n = spot.objectIndex * 7 + spot.offsetMs + spot.method.length;
  if (n % 11 === 0) return { status: 403, errorCode: spot.method === 'head' ? undefined : 'AccessDenied' };
  if (n % 13 === 0) return { status: 503, errorCode: spot.method === 'head' ? undefined : 'SlowDown' };
  if (n % 17 === 0) return { status: null, errorClass: n % 2 === 0 ? 'timeout' : 'ECONNRESET' };
  if (spot.phase === 'before-upload') return n % 19 === 0 ? { status: 200 } : { status: 404, errorCode: spot.method === 'head' ? undefined : 'NoSuchKey' };
  if (n % 5 === 0) return { status: 404, errorCode: spot.method === 'head' ? undefined : 'NoSuchKey' };
  return { status: spot.method === 'ranged-get' ? 206 : 200 };
}

let dir: string;
let db: Db;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 's3probe-stream-'));
  db = openDatabase(join(dir, 'results.sqlite'));
  writeSyntheticRun(db, { id: 'run-a', startedAtMs: Date.UTC(2026, 11, 4, 10), objects: 60, answer, followUpAnswer: { status: 403, errorCode: 'AccessDenied' } });
  writeSyntheticRun(db, { id: 'run-b', startedAtMs: Date.UTC(2026, 11, 4, 11), objects: 25, answer });
});

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('streamProbes', () => {
  it('summarises a run exactly as iterating row objects does', () => {
    const run = resolveRun(db, 'run-a');
    const streamed = summarise(run, streamProbes(db, ['run-a']));
    expect(streamed.totals.probes).toBe(60 * 3 * 5);
    expect(streamed.followUps.probes).toBeGreaterThan(0);
    expect(streamed.totals.forbidden).toBeGreaterThan(0);
    expect(streamed.stableAfter.never).toBeGreaterThan(0);
    expect(streamed).toEqual(summarise(run, iterateProbes(db, 'run-a')));
  });

  it('streams each run of a selection in insertion order, every column as stored', () => {
    const seen: StreamedProbeRow[] = [];
    streamProbes(db, ['run-b', 'run-a'])((row) => seen.push({ ...row }));
    const byKey = (rows: object[]) => rows.map((row) => JSON.stringify(row, Object.keys(row).sort())).sort();
    expect(byKey(seen)).toEqual(byKey([...iterateProbes(db, 'run-b'), ...iterateProbes(db, 'run-a')]));
    const inserted = db.prepare("SELECT object_key AS objectKey, method, offset_ms AS offsetMs FROM probes WHERE run_id IN ('run-a', 'run-b') ORDER BY run_id DESC, id").all();
    expect(seen.map(({ objectKey, method, offsetMs }) => ({ objectKey, method, offsetMs }))).toEqual(inserted);
    expect(new Set(seen.map((row) => row.arm))).toEqual(new Set(['default']));
  });

  it('a run written between another run\'s rows streams only its own', () => {
    const interleaved = openDatabase(join(dir, 'interleaved.sqlite'));
    try {
      writeSyntheticRun(interleaved, { id: 'run-c', startedAtMs: Date.UTC(2026, 11, 4, 12), objects: 4, answer });
      writeSyntheticRun(interleaved, { id: 'run-d', startedAtMs: Date.UTC(2026, 11, 4, 13), objects: 3, answer });
      // Move run-c's second half past run-d's rows, so run-c's id range surrounds run-d's (as concurrent runs write).
      interleaved.pragma('foreign_keys = OFF');
      interleaved.exec("UPDATE probes SET id = id + 1000 WHERE run_id = 'run-c' AND id > 30; UPDATE attempts SET probe_id = probe_id + 1000 WHERE run_id = 'run-c' AND probe_id > 30");
      interleaved.pragma('foreign_keys = ON');
      const { first, last } = interleaved.prepare("SELECT min(id) AS first, max(id) AS last FROM probes WHERE run_id = 'run-c'").get() as { first: number; last: number };
      expect(interleaved.prepare("SELECT count(*) FROM probes WHERE run_id = 'run-d' AND id BETWEEN ? AND ?").pluck().get(first, last)).toBe(3 * 3 * 5);
      const runs: string[] = [];
      streamProbes(interleaved, ['run-d'])(() => runs.push('run-d'));
      expect(runs).toHaveLength(3 * 3 * 5);
      const summary = summarise(resolveRun(interleaved, 'run-c'), streamProbes(interleaved, ['run-c']));
      expect(summary).toEqual(summarise(resolveRun(interleaved, 'run-c'), iterateProbes(interleaved, 'run-c')));
      expect(summary.totals.probes).toBe(4 * 3 * 5);
    } finally {
      interleaved.close();
    }
  });

  it('refuses to nest on one connection, and streams again once the first has finished', () => {
    const stream = streamProbes(db, ['run-b']);
    expect(() => stream(() => stream(() => undefined))).toThrow(/do not nest/);
    let rows = 0;
    stream(() => (rows += 1));
    expect(rows).toBe(25 * 3 * 5);
  });
});
