// End to end: the built CLI, spawned as a user would, on the shipped quickstart and on bad input.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, runCli, startCli } from './helpers/cli.js';

let dir: string;

beforeAll(() => {
  buildCli();
  dir = mkdtempSync(join(tmpdir(), 's3probe-e2e-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function count(db: Database.Database, sql: string, ...params: unknown[]): number {
  return (db.prepare(sql).get(...params) as { n: number }).n;
}

describe('s3probe CLI', () => {
  it('runs the quickstart on the embedded endpoint, records every probe and attempt, cleans up, and summarises', async () => {
    const dbPath = join(dir, 'quickstart.sqlite');
    const result = await runCli(['run', 'scenarios/quickstart.yaml', '--db', dbPath, '--no-progress']);
    expect(result.stderr).toContain('embedded S3 endpoint');
    expect(result.stderr).toContain('simulation');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^head\s+2000\b/m);
    expect(result.stdout).toMatch(/^ranged-get\s+2000\b/m);
    const db = new Database(dbPath, { readonly: true });
    try {
      const run = db.prepare('SELECT * FROM runs').get() as Record<string, unknown>;
      expect(run).toMatchObject({ status: 'completed', scenario_name: 'quickstart', target: 'local', planned_probes: 6000 });
      expect(run.scenario_text).toContain('name: quickstart');
      expect(count(db, "SELECT count(*) n FROM probes WHERE trigger = 'plan'")).toBe(6000);
      // The quickstart simulates HEAD 403s (probability 0.03); each is followed up by a ranged GET.
      const head403 = count(db, "SELECT count(*) n FROM probes WHERE trigger = 'plan' AND method = 'head' AND status = 403");
      expect(head403).toBeGreaterThan(20);
      expect(head403).toBeLessThan(120);
      expect(count(db, "SELECT count(*) n FROM probes WHERE trigger = 'follow-up'")).toBe(head403);
      expect(count(db, 'SELECT count(*) n FROM attempts')).toBe(count(db, 'SELECT sum(attempts) n FROM probes'));
      expect(count(db, 'SELECT count(*) n FROM attempts WHERE request_id IS NULL')).toBe(0);
      expect(count(db, 'SELECT count(DISTINCT request_id) n FROM attempts')).toBe(count(db, 'SELECT count(*) n FROM attempts'));
      // Zero-byte objects (every third) answer 416 to the ranged GET after upload; before upload, everything is 404.
      expect(count(db, "SELECT count(*) n FROM probes WHERE method = 'ranged-get' AND phase = 'after-upload' AND status = 416")).toBeGreaterThan(0);
      expect(count(db, "SELECT count(*) n FROM probes WHERE phase = 'before-upload' AND status <> 404 AND NOT (method = 'head' AND status = 403)")).toBe(0);
      expect(count(db, "SELECT count(*) n FROM probes WHERE trigger = 'plan' AND method <> 'head' AND status = 403")).toBe(0);
      expect(count(db, 'SELECT count(*) n FROM objects WHERE deleted = 1')).toBe(200);
    } finally {
      db.close();
    }
    const json = await runCli(['summary', '--db', dbPath, '--format', 'json']);
    expect(json.code).toBe(0);
    const summary = JSON.parse(json.stdout);
    expect(summary.run.status).toBe('completed');
    expect(summary.methods.map((m: { method: string }) => m.method)).toEqual(['head', 'ranged-get', 'get']);
    for (const m of summary.methods) {
      expect(m.probes).toBe(2000);
      expect(m.forbiddenCi95).toHaveLength(2);
      expect(Object.keys(m.byPhase)).toEqual(['before-upload', 'after-upload']);
    }
  });

  it('validates a real-bucket scenario offline: plan, request counts, estimated cost', async () => {
    const result = await runCli(['validate', 'scenarios/aws-nightly.yaml']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\$\d/);
  });

  it('rejects an unknown scenario key with exit 2, naming file and key, writing nothing', async () => {
    const scenario = join(dir, 'typo.yaml');
    writeFileSync(scenario, 'version: 1\nname: typo\ntarget: local\nbucket: s3probe-typo\nconcurency: 4\n');
    const dbPath = join(dir, 'typo.sqlite');
    const result = await runCli(['run', scenario, '--db', dbPath]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(scenario);
    expect(result.stderr).toContain('concurency');
    expect(result.stderr).toContain('concurrency');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(dbPath)).toBe(false);
  });

  it('rejects a bad flag value with exit 2, naming the flag', async () => {
    const result = await runCli(['run', 'scenarios/quickstart.yaml', '--concurrency', '0', '--db', join(dir, 'flag.sqlite')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--concurrency');
    const unknown = await runCli(['run', 'scenarios/quickstart.yaml', '--concurency', '3']);
    expect(unknown.code).toBe(2);
  });

  it('exits 3 before probing when the endpoint does not answer', async () => {
    const scenario = join(dir, 'unreachable.yaml');
    writeFileSync(scenario, 'version: 1\nname: unreachable\ntarget: s3\nendpoint: http://127.0.0.1:9\nbucket: s3probe-nowhere\nobjects: { count: 2 }\n');
    const result = await runCli(['run', scenario, '--db', join(dir, 'unreachable.sqlite')], {
      AWS_ACCESS_KEY_ID: 'AKIDE2EFAKE00000001', AWS_SECRET_ACCESS_KEY: 'e2e-fake-secret', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('preflight');
    expect(result.stderr).not.toContain('e2e-fake-secret');
  });

  it('exits 3 when the results file cannot be written', async () => {
    const blocker = join(dir, 'not-a-dir');
    writeFileSync(blocker, 'x');
    const result = await runCli(['run', 'scenarios/quickstart.yaml', '--db', join(blocker, 'db.sqlite')]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(blocker);
  });

  it('on Ctrl-C keeps completed probes, marks the run interrupted, cleans up and exits 130', async () => {
    const dbPath = join(dir, 'interrupted.sqlite');
    const { child, done } = startCli(['run', 'scenarios/quickstart.yaml', '--db', dbPath, '--no-progress']);
    // Interrupt once the run has started probing.
    await new Promise<void>((resolve) => {
      let seen = '';
      child.stderr!.on('data', (chunk) => {
        seen += chunk;
        if (seen.includes('probes →')) setTimeout(resolve, 1500);
      });
    });
    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(130);
    expect(result.stdout).toMatch(/interrupted/);
    const db = new Database(dbPath, { readonly: true });
    try {
      expect((db.prepare('SELECT status FROM runs').get() as { status: string }).status).toBe('interrupted');
      const probes = count(db, 'SELECT count(*) n FROM probes');
      expect(probes).toBeGreaterThan(0);
      expect(probes).toBeLessThan(6000);
      expect(count(db, 'SELECT count(*) n FROM objects WHERE deleted = 0')).toBe(0);
    } finally {
      db.close();
    }
  });
});
