// Integration: the results database on real files in a temp dir — open, migrate, refuse; runs and their selectors.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HarnessError } from '../src/errors.js';
import { SCHEMA_VERSION, openDatabase, type Db } from '../src/recorder/database.js';
import { MIGRATIONS, applyMigrations } from '../src/recorder/migrations.js';
import { iterateProbes, listRuns, resolveRun } from '../src/recorder/queries.js';
import { finishRun, insertRun, newRunId, recordRunEvent, type RunInfo } from '../src/recorder/runs.js';

let dir: string;
const open: Db[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 's3probe-recorder-'));
});
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function openTracked(path: string): Db {
  const db = openDatabase(path);
  open.push(db);
  return db;
}

function runInfo(id: string, startedAtMs = 1_764_860_000_000): RunInfo {
  return {
    id, scenarioName: 'quickstart', scenarioText: 'version: 1\nname: quickstart\n', scenarioPath: 'scenarios/quickstart.yaml',
    target: 'local', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', bucket: 'probe-bucket', prefix: `s3probe/${id}/`,
    seed: 42, concurrency: 8, maxAttempts: 3, plannedProbes: 6, harnessVersion: '0.1.0', sdkVersion: '3.1178.0',
    nodeVersion: 'v20.20.2', platform: 'linux-x64', hostName: 'ci-host', commandLine: 's3probe run scenarios/quickstart.yaml',
    startedAtMs,
  };
}

describe('openDatabase', () => {
  it('creates missing parent directories, sets WAL and the schema version', () => {
    const db = openTracked(join(dir, 'nested', 'deeper', 'results.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(['attempts', 'endpoint_log', 'objects', 'probes', 'run_events', 'runs']);
  });

  it('reopening a current database migrates nothing and keeps its rows', () => {
    const path = join(dir, 'results.sqlite');
    insertRun(openTracked(path), runInfo('run-a'));
    open.pop()?.close();
    const db = openTracked(path);
    expect(applyMigrations(db)).toEqual({ fromVersion: SCHEMA_VERSION, applied: 0 });
    expect(listRuns(db).map((run) => run.id)).toEqual(['run-a']);
  });

  it('migrates a version 1 file to the current version with its rows intact', () => {
    const path = join(dir, 'v1.sqlite');
    const raw = new Database(path);
    raw.exec(MIGRATIONS[0]);
    raw.pragma('user_version = 1');
    insertRun(raw, runInfo('run-v1'));
    raw.prepare(
      `INSERT INTO probes (id, run_id, object_key, method, phase, offset_ms, planned_at_ms, started_at_ms, latency_ms, status, request_id, attempts)
       VALUES (7, 'run-v1', 's3probe/run-v1/obj-000000', 'head', 'after-upload', 0, 10, 11, 2.5, 403, 'REQ1', 1)`,
    ).run();
    raw.prepare(`INSERT INTO attempts (probe_id, run_id, attempt, started_at_ms, ended_at_ms, status, request_id) VALUES (7, 'run-v1', 1, 11, 13, 403, 'REQ1')`).run();
    raw.close();

    const db = openTracked(path);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare('SELECT id, status, seq, trigger, follows_seq FROM probes').all()).toEqual([{ id: 7, status: 403, seq: null, trigger: 'plan', follows_seq: null }]);
    expect(db.prepare('SELECT probe_id, request_id FROM attempts').all()).toEqual([{ probe_id: 7, request_id: 'REQ1' }]);
    expect(db.prepare('SELECT count(*) FROM endpoint_log').pluck().get()).toBe(0);
    expect([...iterateProbes(db, 'run-v1')]).toEqual([expect.objectContaining({ objectKey: 's3probe/run-v1/obj-000000', status: 403, trigger: 'plan' })]);
    expect(listRuns(db).map((run) => run.id)).toEqual(['run-v1']);
  });

  it('refuses a database with a newer schema, naming the file and both versions', () => {
    const path = join(dir, 'future.sqlite');
    const raw = new Database(path);
    raw.pragma('user_version = 999');
    raw.close();
    const error = catchError(() => openDatabase(path));
    expect(error).toBeInstanceOf(HarnessError);
    expect(error).toMatchObject({ code: 'E_RESULTS', exitCode: 3 });
    expect(error.message).toContain(path);
    expect(error.message).toMatch(new RegExp(`999.*up to ${SCHEMA_VERSION}\\b`));
    const after = new Database(path, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(999); // left untouched
    after.close();
  });

  it('refuses a path under a regular file', () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'not a directory');
    const error = catchError(() => openDatabase(join(file, 'results.sqlite')));
    expect(error).toMatchObject({ code: 'E_RESULTS' });
    expect(error.message).toContain(join(file, 'results.sqlite'));
    expect(error.message).toMatch(/not a directory/);
  });

  it('refuses a file that is not a SQLite database', () => {
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'These are notes, not a database. '.repeat(20));
    const error = catchError(() => openDatabase(path));
    expect(error).toMatchObject({ code: 'E_RESULTS' });
    expect(error.message).toMatch(/not a SQLite database/);
  });
});

describe('runs', () => {
  it('inserts, finishes and resolves runs; records events as JSON', () => {
    const db = openTracked(join(dir, 'results.sqlite'));
    insertRun(db, runInfo('20251204T100000Z-aaaaaa', 1000));
    insertRun(db, runInfo('20251204T110000Z-bbbbbb', 2000));
    expect(resolveRun(db, 'latest')).toMatchObject({ id: '20251204T110000Z-bbbbbb', status: 'running', endedAtMs: null });
    finishRun(db, '20251204T100000Z-aaaaaa', 'interrupted', 1500, 'SIGINT');
    const first = resolveRun(db, '20251204T10');
    expect(first).toMatchObject({ status: 'interrupted', endedAtMs: 1500, note: 'SIGINT', prefix: 's3probe/20251204T100000Z-aaaaaa/' });
    expect(first.scenarioText).toBe('version: 1\nname: quickstart\n');

    recordRunEvent(db, first.id, 1100, 'cleanup', { deleted: 3 });
    recordRunEvent(db, first.id, 1050, 'preflight-ok');
    const events = db.prepare('SELECT kind, detail FROM run_events WHERE run_id = ? ORDER BY at_ms').all(first.id);
    expect(events).toEqual([{ kind: 'preflight-ok', detail: null }, { kind: 'cleanup', detail: '{"deleted":3}' }]);
  });

  it('explains unknown and ambiguous selectors with E_USAGE', () => {
    const db = openTracked(join(dir, 'results.sqlite'));
    expect(catchError(() => resolveRun(db, 'latest'))).toMatchObject({ code: 'E_USAGE', message: expect.stringMatching(/No runs/) });
    insertRun(db, runInfo('20251204T100000Z-aaaaaa', 1000));
    insertRun(db, runInfo('20251204T110000Z-bbbbbb', 2000));
    const unknown = catchError(() => resolveRun(db, 'nope'));
    expect(unknown).toMatchObject({ code: 'E_USAGE' });
    expect(unknown.message).toContain('20251204T110000Z-bbbbbb, 20251204T100000Z-aaaaaa');
    expect(catchError(() => resolveRun(db, '20251204T1')).message).toMatch(/matches 2 runs/);
  });

  it('finishRun on an unknown id is a harness bug', () => {
    const db = openTracked(join(dir, 'results.sqlite'));
    expect(catchError(() => finishRun(db, 'missing', 'completed', 1))).toMatchObject({ code: 'E_INTERNAL' });
  });

  it('newRunId is UTC, sortable and ends in 6 hex digits', () => {
    expect(newRunId(new Date('2026-12-04T15:28:07.123Z'), () => 0.25)).toBe('20261204T152807Z-400000');
    expect(newRunId(new Date('2026-12-04T15:28:07Z'), () => 0)).toBe('20261204T152807Z-000000');
    expect(newRunId(new Date('2026-12-04T15:28:07Z'), () => 0.9999999999)).toBe('20261204T152807Z-ffffff');
  });
});

function catchError(action: () => unknown): Error & { code?: string } {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, none was thrown');
}
