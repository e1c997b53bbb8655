// Nothing lost: SIGKILL at seeded random moments keeps every answered probe, dead runs get marked, concurrent runs both land.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPrivateCli, type PrivateCli } from './helpers/private-cli.js';

/** RecordWriter's flush interval, plus room for a busy event loop on a loaded 2-core machine. */
const FLUSH_INTERVAL_MS = 50;
const EVENT_LOOP_ALLOWANCE_MS = 150;
const KILL_SEEDS = [1, 2, 3, 4];

let dir: string;
let privateCli: PrivateCli;
let scenarioPath: string;

beforeAll(() => {
  privateCli = buildPrivateCli('kill');
  dir = mkdtempSync(join(tmpdir(), 's3probe-kill-'));
  scenarioPath = join(dir, 'kill.yaml');
  writeFileSync(
    scenarioPath,
    [
      'version: 1', 'name: kill-check', 'target: local', 'bucket: s3probe-kill', 'prefix: s3probe/',
      'objects: { count: 40, size-bytes: [1, 4096] }', 'methods: [head, ranged-get, get]',
      'schedule: { before-upload-ms: [-100], after-upload-ms: [0, 50, 200, 1500], upload-interval-ms: 30 }',
      'concurrency: 8', 'seed: 7', '',
    ].join('\n'),
  );
}, 120_000);

afterAll(() => {
  privateCli?.remove();
  rmSync(dir, { recursive: true, force: true });
});

function count(db: Database.Database, sql: string, ...params: unknown[]): number {
  return (db.prepare(sql).get(...params) as { n: number }).n;
}

/** Starts a run and resolves once its run row exists (the CLI prints "run <id>" right after inserting it). */
async function startRun(dbPath: string) {
  const cli = privateCli.start(['run', scenarioPath, '--db', dbPath, '--no-progress']);
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    cli.child.stderr!.on('data', (chunk) => {
      stderr += chunk;
      if (/\nrun \S+: /.test(`\n${stderr}`)) resolve();
    });
    cli.child.on('close', () => reject(new Error(`run ended before it started: ${stderr}`)));
  });
  return cli;
}

describe('SIGKILL at a random moment', () => {
  it.each(KILL_SEEDS)('seed %i: the database is intact and every answer logged before the last flush has its probe', async (seed) => {
    const delayMs = fc.sample(fc.integer({ min: 100, max: 1600 }), { numRuns: 1, seed })[0];
    const dbPath = join(dir, `kill-${seed}.sqlite`);
    const cli = await startRun(dbPath);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    const killedAtMs = Date.now();
    cli.child.kill('SIGKILL');
    const result = await cli.done;
    expect(result.signal).toBe('SIGKILL');

    const db = new Database(dbPath);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare('SELECT status FROM runs').get()).toEqual({ status: 'running' });
      const answered = count(db, "SELECT count(*) n FROM endpoint_log WHERE operation IN ('HeadObject', 'GetObject')");
      const missing = db
        .prepare(
          `SELECT e.request_id, e.at_ms FROM endpoint_log e
           WHERE e.operation IN ('HeadObject', 'GetObject') AND e.at_ms < ?
             AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.request_id = e.request_id)`,
        )
        .all(killedAtMs - FLUSH_INTERVAL_MS - EVENT_LOOP_ALLOWANCE_MS);
      expect(missing).toEqual([]);
      // The check has something to check (except for a kill before the first probe).
      if (delayMs > 1000) expect(answered).toBeGreaterThan(0);
      expect(count(db, 'SELECT count(*) n FROM attempts a JOIN probes p ON p.id = a.probe_id')).toBe(count(db, 'SELECT count(*) n FROM attempts'));
    } finally {
      db.close();
    }

    // The next command on this database sees the run's process is gone and marks it interrupted.
    const summary = await privateCli.run(['summary', '--db', dbPath, '--format', 'json']);
    expect([summary.code, summary.stderr]).toEqual([0, expect.any(String)]);
    expect(summary.stderr).toContain('marked interrupted');
    expect(JSON.parse(summary.stdout).run.status).toBe('interrupted');
    const after = new Database(dbPath, { readonly: true });
    try {
      expect((after.prepare('SELECT note FROM runs').get() as { note: string }).note).toMatch(/process \d+ on .* ended without finishing/);
      expect(count(after, "SELECT count(*) n FROM run_events WHERE kind = 'marked-dead'")).toBe(1);
    } finally {
      after.close();
    }
  }, 60_000);
});

describe('two runs writing to one database at once', () => {
  it('both complete with every probe, attempt and endpoint log row', async () => {
    const dbPath = join(dir, 'concurrent.sqlite');
    const [a, b] = await Promise.all([
      privateCli.run(['run', scenarioPath, '--db', dbPath, '--no-progress', '--objects', '15']),
      privateCli.run(['run', scenarioPath, '--db', dbPath, '--no-progress', '--objects', '15', '--seed', '8']),
    ]);
    expect([a.code, a.stderr.slice(-400)]).toEqual([0, expect.any(String)]);
    expect([b.code, b.stderr.slice(-400)]).toEqual([0, expect.any(String)]);
    const db = new Database(dbPath, { readonly: true });
    try {
      const runs = db.prepare('SELECT id, status, planned_probes FROM runs').all() as Array<{ id: string; status: string; planned_probes: number }>;
      expect(runs).toHaveLength(2);
      for (const run of runs) {
        expect(run.status).toBe('completed');
        expect(count(db, "SELECT count(*) n FROM probes WHERE run_id = ? AND trigger = 'plan'", run.id)).toBe(run.planned_probes);
        expect(count(db, 'SELECT count(*) n FROM objects WHERE run_id = ? AND deleted = 1', run.id)).toBe(15);
        const attempts = count(db, 'SELECT count(*) n FROM attempts a JOIN probes p ON p.id = a.probe_id WHERE p.run_id = ?', run.id);
        expect(attempts).toBe(count(db, 'SELECT sum(attempts) n FROM probes WHERE run_id = ?', run.id));
        // Every object request the endpoint answered has its attempt row.
        expect(
          count(db, `SELECT count(*) n FROM endpoint_log e WHERE e.run_id = ? AND e.operation IN ('HeadObject', 'GetObject')
                       AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.request_id = e.request_id)`, run.id),
        ).toBe(0);
      }
    } finally {
      db.close();
    }
  }, 60_000);
});
