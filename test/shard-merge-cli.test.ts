// End to end, as users run it: one plan split over three processes (`run --shard i/3`), merged, equals a single run;
// reports and trends read the merged group; thresholds fail a run with exit 99.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, runCli } from './helpers/cli.js';

let dir: string;
let scenario: string;

const SCENARIO = `version: 1
name: shard-e2e
target: local
bucket: s3probe-shards
prefix: shards/
objects: { count: 12, size-bytes: [0, 1, 64] }
methods: [head, ranged-get, get]
schedule: { before-upload-ms: [-50], after-upload-ms: [0, 20], upload-interval-ms: 10 }
concurrency: 8
seed: 7
sdk: { max-attempts: 1 }
`;

beforeAll(() => {
  buildCli();
  dir = mkdtempSync(join(tmpdir(), 's3probe-shards-'));
  scenario = join(dir, 'shard-e2e.yaml');
  writeFileSync(scenario, SCENARIO);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Per (object index, method, phase, offset, status): what the plan probed and what it got, independent of run ids. */
function outcomes(path: string, where = '1 = 1'): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare(
      `SELECT substr(object_key, -10) AS object, method, phase, offset_ms, status FROM probes WHERE trigger = 'plan' AND ${where} ORDER BY 1, 2, 3, 4`,
    ).raw(true).all() as unknown[][]).map((row) => row.join(' '));
  } finally {
    db.close();
  }
}

function count(path: string, table: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('shards and merge', () => {
  it('three shard processes, merged, hold exactly the probes of one run of the same plan', async () => {
    const single = join(dir, 'single.sqlite');
    expect((await runCli(['run', scenario, '--db', single, '--no-progress'])).code).toBe(0);
    const shards = [0, 1, 2].map((i) => join(dir, `shard-${i}.sqlite`));
    const results = await Promise.all(shards.map((db, i) => runCli(['run', scenario, '--db', db, '--no-progress', '--shard', `${i}/3`, '--group', 'e2e-group'])));
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const merged = join(dir, 'merged.sqlite');
    const merge = await runCli(['merge', merged, ...shards]);
    expect(merge.code, merge.stderr).toBe(0);
    expect(merge.stdout).toBe(`merged 3 databases into ${merged}: 3 runs added\n`);
    expect(outcomes(merged)).toEqual(outcomes(single));
    expect(count(merged, 'objects')).toBe(12);
    const before = ['runs', 'probes', 'attempts', 'objects', 'run_events', 'endpoint_log'].map((table) => count(merged, table));
    expect((await runCli(['merge', merged, ...shards])).code).toBe(0);
    expect(['runs', 'probes', 'attempts', 'objects', 'run_events', 'endpoint_log'].map((table) => count(merged, table))).toEqual(before);

    const summary = JSON.parse((await runCli(['summary', '--db', merged, '--group', 'e2e-group', '--format', 'json'])).stdout);
    const singleSummary = JSON.parse((await runCli(['summary', '--db', single, '--format', 'json'])).stdout);
    expect(summary.methods.map((m: { method: string; probes: number; statuses: object }) => [m.method, m.probes, m.statuses])).toEqual(
      singleSummary.methods.map((m: { method: string; probes: number; statuses: object }) => [m.method, m.probes, m.statuses]),
    );

    const report = await runCli(['report', '--db', merged, '--group', 'e2e-group', '--format', 'markdown']);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toContain('## s3probe report: run group `e2e-group`');
    expect(report.stdout.match(/\| [0-2]\/3 of e2e-group \|/g)).toHaveLength(3);
  });

  it('report --format html writes a self-contained file; trend lists one row per run', async () => {
    const db = join(dir, 'single.sqlite');
    for (let i = 0; i < 2; i++) expect((await runCli(['run', scenario, '--db', db, '--no-progress'])).code).toBe(0);
    const html = join(dir, 'report.html');
    const report = await runCli(['report', '--db', db, '--format', 'html', '-o', html]);
    expect(report.code, report.stderr).toBe(0);
    const trend = await runCli(['trend', '--db', db, '--scenario', 'shard-e2e']);
    expect(trend.code).toBe(0);
    expect(trend.stdout.trimEnd().split('\n')).toHaveLength(1 + 3);
    const runIds = (trend.stdout.match(/\d{8}T\d{6}Z-[0-9a-f]{6}/g) ?? []).slice(0, 2);
    const compare = await runCli(['compare', '--db', db, runIds[0], runIds[1]]);
    expect(compare.code, compare.stderr).toBe(0);
    expect(compare.stdout).toMatch(/^head\s+36\s+0\s/m);
  });

  it('thresholds: all passing exits 0, one failing exits 99, a malformed one exits 2 before anything runs', async () => {
    const db = join(dir, 'thresholds.sqlite');
    const pass = await runCli(['run', scenario, '--db', db, '--no-progress', '--threshold', 'head.forbidden == 0', '--threshold', 'any.network-error-rate < 0.01']);
    expect(pass.code, pass.stderr).toBe(0);
    expect(pass.stdout).toContain('thresholds: 2 passed, 0 failed');
    const fail = await runCli(['run', scenario, '--db', db, '--no-progress', '--threshold', 'any.probes < 10']);
    expect(fail.code).toBe(99);
    expect(fail.stdout).toMatch(/FAIL\s+any\.probes < 10\s+measured 108/);
    const bad = await runCli(['run', scenario, '--db', join(dir, 'never.sqlite'), '--threshold', 'head.forbiden-rate < 1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--threshold: threshold "head.forbiden-rate < 1": unknown metric "forbiden-rate" — did you mean "forbidden-rate"?');
  });
});
