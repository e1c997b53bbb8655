// `s3probe merge` on real SQLite files: exact (no row lost, none duplicated, attempts stay linked), idempotent, refusals.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeCommand } from '../src/commands/merge.js';
import { HarnessError } from '../src/errors.js';
import { SCHEMA_VERSION, openDatabase } from '../src/recorder/database.js';
import { mergeDatabases } from '../src/recorder/merge.js';
import { captureIo } from './helpers/capture-io.js';
import { type ProbeSpot, expectedAnswer, writeSyntheticRun } from './helpers/synthetic-runs.js';

let dir: string;
const START = Date.UTC(2026, 11, 4, 2, 0, 0);
const TABLES = ['runs', 'objects', 'probes', 'attempts', 'run_events', 'endpoint_log'];

function answer(spot: ProbeSpot) {
  return spot.method === 'head' && spot.phase === 'after-upload' && spot.objectIndex % 3 === 0 ? { status: 403 } : expectedAnswer(spot);
}

/** Creates a database holding the given runs; returns its path. */
function makeDb(name: string, runs: Array<{ id: string; objects: number; offsetMs?: number }>): string {
  const path = join(dir, name);
  const db = openDatabase(path);
  for (const run of runs) {
    writeSyntheticRun(db, { id: run.id, startedAtMs: START + (run.offsetMs ?? 0), objects: run.objects, answer, followUpAnswer: { status: 403, errorCode: 'AccessDenied' }, endpointLog: true, shard: { index: 0, count: 1, group: 'g' } });
  }
  db.close();
  return path;
}

function counts(path: string): Record<string, number> {
  const db = new Database(path, { readonly: true });
  try {
    return Object.fromEntries(TABLES.map((table) => [table, (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n]));
  } finally {
    db.close();
  }
}

/** Every attempt with its probe's identity (run, seq, key, method) — independent of integer ids, so it compares across files. */
function fingerprint(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    const attempts = db.prepare(
      `SELECT p.run_id, p.seq, p.object_key, p.method, p.trigger, p.follows_seq, p.status, a.attempt, a.request_id, a.response_date
       FROM attempts a JOIN probes p ON p.id = a.probe_id WHERE a.run_id = p.run_id ORDER BY p.run_id, p.seq, a.attempt`,
    ).raw(true).all() as unknown[][];
    const events = db.prepare('SELECT run_id, kind, detail FROM run_events ORDER BY run_id, at_ms, kind').raw(true).all() as unknown[][];
    const logs = db.prepare('SELECT run_id, request_id, status FROM endpoint_log ORDER BY run_id, request_id').raw(true).all() as unknown[][];
    return [...attempts, ...events, ...logs].map((row) => JSON.stringify(row));
  } finally {
    db.close();
  }
}

function sum(...all: Array<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(TABLES.map((table) => [table, all.reduce((total, c) => total + c[table], 0)]));
}

let a: string;
let b: string;
let c: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 's3probe-merge-'));
  a = makeDb('a.sqlite', [{ id: '20261204T020000Z-aaaaaa', objects: 12 }, { id: '20261204T020001Z-aaaaab', objects: 5, offsetMs: 1000 }]);
  b = makeDb('b.sqlite', [{ id: '20261204T020002Z-bbbbbb', objects: 9, offsetMs: 2000 }]);
  c = makeDb('c.sqlite', [{ id: '20261204T020003Z-cccccc', objects: 7, offsetMs: 3000 }]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mergeDatabases', () => {
  it('copies every run with all its rows; attempts stay linked to their probes', () => {
    const out = join(dir, 'merged.sqlite');
    const result = mergeDatabases(out, [a, b, c]);
    expect(result.inputs.map((input) => input.runsAdded.length)).toEqual([2, 1, 1]);
    expect(counts(out)).toEqual(sum(counts(a), counts(b), counts(c)));
    expect(fingerprint(out).sort()).toEqual([...fingerprint(a), ...fingerprint(b), ...fingerprint(c)].sort());
    const db = new Database(out, { readonly: true });
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('is a no-op the second time, and for runs already merged from another file', () => {
    const out = join(dir, 'twice.sqlite');
    mergeDatabases(out, [a, b]);
    const first = counts(out);
    const again = mergeDatabases(out, [a, b, a]);
    expect(again.inputs.map((input) => [input.runsAdded.length, input.runsPresent.length])).toEqual([[0, 2], [0, 1]]);
    expect(counts(out)).toEqual(first);
    const copy = join(dir, 'a-copy.sqlite');
    copyFileSync(a, copy);
    expect(mergeDatabases(out, [copy]).inputs[0].runsAdded).toEqual([]);
    expect(counts(out)).toEqual(first);
  });

  it('reports a run present on both sides with different rows as a conflict, keeping the merged copy', () => {
    const out = join(dir, 'conflict.sqlite');
    mergeDatabases(out, [b]);
    const grown = join(dir, 'b-grown.sqlite');
    copyFileSync(b, grown);
    const db = new Database(grown);
    db.prepare("DELETE FROM attempts WHERE probe_id IN (SELECT id FROM probes WHERE seq = 1)").run();
    db.prepare('DELETE FROM probes WHERE seq = 1').run();
    db.close();
    const result = mergeDatabases(out, [grown]);
    expect(result.inputs[0].conflicts).toEqual(['run 20261204T020002Z-bbbbbb: probes 144 here, 143 there, attempts 144 here, 143 there; kept the copy already merged']);
  });

  it('copies tables it was never told about, renumbering their references to probes', () => {
    const withExtra = (name: string, from: string) => {
      const path = join(dir, name);
      copyFileSync(from, path);
      const db = new Database(path);
      db.exec('CREATE TABLE probe_notes (id INTEGER PRIMARY KEY, run_id TEXT NOT NULL REFERENCES runs (id), probe_id INTEGER REFERENCES probes (id), note TEXT)');
      db.exec("INSERT INTO probe_notes (run_id, probe_id, note) SELECT run_id, id, 'seq ' || seq FROM probes WHERE status = 403");
      db.close();
      return path;
    };
    const out = withExtra('extra-out.sqlite', b);
    const input = withExtra('extra-in.sqlite', c);
    mergeDatabases(out, [input]);
    const db = new Database(out, { readonly: true });
    const mismatched = db.prepare("SELECT count(*) AS n FROM probe_notes n JOIN probes p ON p.id = n.probe_id WHERE n.note <> 'seq ' || p.seq OR n.run_id <> p.run_id").get() as { n: number };
    const notes = db.prepare('SELECT count(*) AS n FROM probe_notes').get() as { n: number };
    db.close();
    expect(mismatched.n).toBe(0);
    expect(notes.n).toBeGreaterThan(10);
  });
});

describe('merge refusals', () => {
  function failure(run: () => unknown): HarnessError {
    try {
      run();
    } catch (error) {
      if (error instanceof HarnessError) return error;
      throw error;
    }
    throw new Error('did not fail');
  }

  it('refuses databases of another schema version, writing nothing', () => {
    const old = join(dir, 'old.sqlite');
    copyFileSync(c, old);
    const db = new Database(old);
    db.pragma(`user_version = ${SCHEMA_VERSION - 1}`);
    db.close();
    const out = join(dir, 'never.sqlite');
    const error = failure(() => mergeDatabases(out, [b, old]));
    expect(error.code).toBe('E_RESULTS');
    expect(error.message).toContain(`${old} ${SCHEMA_VERSION - 1}`);
    expect(error.message).toContain(`s3probe summary --db ${old}`);
    expect(existsSync(out)).toBe(false);
    const newer = join(dir, 'newer.sqlite');
    copyFileSync(c, newer);
    const dbNewer = new Database(newer);
    dbNewer.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    dbNewer.close();
    expect(failure(() => mergeDatabases(out, [newer])).message).toContain('Upgrade s3probe');
  });

  it('refuses a missing input, the output as input, and no inputs', () => {
    expect(failure(() => mergeDatabases(join(dir, 'x.sqlite'), [join(dir, 'missing.sqlite')])).exitCode).toBe(2);
    expect(failure(() => mergeDatabases(b, [b])).message).toContain('is the output file');
    expect(failure(() => mergeDatabases(join(dir, 'x.sqlite'), [])).code).toBe('E_USAGE');
  });

  it('the command prints what it added', () => {
    const io = captureIo();
    expect(mergeCommand({ outPath: join(dir, 'cmd.sqlite'), inPaths: [a, c] }, io)).toBe(0);
    expect(io.stderrText).toContain(`merge: ${a}: 2 runs added (`);
    expect(io.stdoutText).toBe(`merged 2 databases into ${join(dir, 'cmd.sqlite')}: 3 runs added\n`);
  });
});
