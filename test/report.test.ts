// `s3probe report` on a real SQLite file: Markdown and JSON content, redaction, anomalies cap, run groups.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportCommand } from '../src/commands/report.js';
import { HarnessError } from '../src/errors.js';
import { openDatabase } from '../src/recorder/database.js';
import { combineRuns, iterateSelectionProbes, listRunGroups, resolveRunSelection } from '../src/recorder/run-selection.js';
import { summarise } from '../src/summary/summarise.js';
import { fisherExactTwoSided } from '../src/stats/fisher.js';
import type { ReportData } from '../src/report/report-model.js';
import { captureIo } from './helpers/capture-io.js';
import { type ProbeSpot, expectedAnswer, writeSyntheticRun } from './helpers/synthetic-runs.js';

let dir: string;
let dbPath: string;
const RUN_A = '20261204T152807Z-aaaaaa';
const RUN_B = '20261205T152807Z-bbbbbb';
const START_A = Date.UTC(2026, 11, 4, 15, 28, 7);

/** Run A's answers: 10 of 200 HEAD 403s (offset 0 after upload), one GET 503, one ranged-GET network error, one stale GET 404. */
function answerA(spot: ProbeSpot) {
  if (spot.method === 'head' && spot.phase === 'after-upload' && spot.offsetMs === 0 && spot.objectIndex % 4 === 0) return { status: 403 };
  if (spot.method === 'get' && spot.offsetMs === -100 && spot.objectIndex === 7) return { status: 503, errorCode: 'SlowDown' };
  if (spot.method === 'ranged-get' && spot.offsetMs === 100 && spot.objectIndex === 3) return { status: null, errorClass: 'ECONNRESET' };
  if (spot.method === 'get' && spot.offsetMs === 10 && spot.objectIndex === 5) return { status: 404, errorCode: 'NoSuchKey', errorBody: '<Error>,"x"\n</Error>' };
  return expectedAnswer(spot);
}

function runReport(args: Partial<Parameters<typeof reportCommand>[0]> = {}) {
  const io = captureIo();
  const code = reportCommand({ dbPath, run: 'latest', format: 'markdown', redact: false, ...args }, io);
  return { code, out: io.stdoutText, err: io.stderrText };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 's3probe-report-'));
  dbPath = join(dir, 'results.sqlite');
  const db = openDatabase(dbPath);
  writeSyntheticRun(db, { id: RUN_A, startedAtMs: START_A, objects: 40, answer: answerA, clockOffsetMs: 2400, followUpAnswer: { status: 206 } });
  writeSyntheticRun(db, { id: RUN_B, startedAtMs: START_A + 86_400_000, objects: 10, shard: { index: 0, count: 2, group: 'nightly-g1' } });
  writeSyntheticRun(db, { id: '20261205T152808Z-cccccc', startedAtMs: START_A + 86_401_000, objects: 10, shard: { index: 1, count: 2, group: 'nightly-g1' }, hostName: 'worker-2' });
  db.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('report --format json', () => {
  const json = (): ReportData => JSON.parse(runReport({ run: RUN_A, format: 'json' }).out);

  it('counts planned probes per method, with Wilson intervals and Fisher\'s test of HEAD vs ranged GET', () => {
    const report = json();
    expect(report.reportVersion).toBe(1);
    expect(report.subject).toEqual({ kind: 'run', label: RUN_A, runIds: [RUN_A] });
    const head = report.methods.find((row) => row.method === 'head')!;
    const ranged = report.methods.find((row) => row.method === 'ranged-get')!;
    expect([head.probes, head.forbidden, head.forbiddenRate]).toEqual([200, 10, 0.05]);
    expect(head.forbiddenCi95[0]).toBeCloseTo(0.0275, 3);
    expect(head.forbiddenCi95[1]).toBeCloseTo(0.0896, 3);
    expect([ranged.probes, ranged.forbidden, ranged.statuses.error]).toEqual([200, 0, 1]);
    const all = report.comparisons.find((c) => c.scope === 'all phases' && c.b.method === 'ranged-get')!;
    expect(all.pValue).toBeCloseTo(fisherExactTwoSided({ hitsA: 10, trialsA: 200, hitsB: 0, trialsB: 200 }), 12);
    expect(all.significant).toBe(true);
    expect(report.totals.unexpected).toBe(13);
    expect(report.runs[0].followUps).toBe(10);
  });

  it('places the 403s at their offset and phase', () => {
    const report = json();
    const atZero = report.byOffset.find((row) => row.phase === 'after-upload' && row.offsetMs === 0)!;
    expect(atZero.label).toBe('+0 ms');
    expect(atZero.methods.find((row) => row.method === 'head')).toMatchObject({ probes: 40, forbidden: 10 });
    expect(report.byOffset.map((row) => row.label)).toEqual(['−1000 ms', '−100 ms', '+0 ms', '+10 ms', '+100 ms']);
    const after = report.byPhase.find((phase) => phase.phase === 'after-upload')!;
    expect(after.methods.find((row) => row.method === 'head')).toMatchObject({ probes: 120, forbidden: 10 });
  });

  it('estimates the client clock offset from Date headers, bounded around the truth', () => {
    const offset = json().runs[0].clockOffset!;
    expect(offset.consistent).toBe(true);
    expect(offset.lowMs).toBeLessThanOrEqual(2400);
    expect(offset.highMs).toBeGreaterThanOrEqual(2400);
    expect(offset.highMs - offset.lowMs).toBeLessThan(1000);
  });

  it('lists anomalies in time order with request ids, remote IP and the follow-up answer', () => {
    const { anomalies } = json();
    expect(anomalies.total).toBe(13);
    expect(anomalies.rows).toHaveLength(13);
    const times = anomalies.rows.map((row) => row.timeUtc);
    expect([...times].sort()).toEqual(times);
    const head403 = anomalies.rows.find((row) => row.status === 403)!;
    expect(head403).toMatchObject({ method: 'head', outcome: 'forbidden', attempt: 1, followUp: 'ranged-get 206' });
    expect(head403.requestId).toMatch(/^REQaaaaaa\d{6}$/);
    expect(head403.extendedRequestId).toMatch(/^host\//);
    expect(head403.remoteAddress).toMatch(/^52\.218\./);
    expect(head403.timeUtc).toMatch(/^2026-12-04T15:28:\d\d\.\d{3}Z$/);
    expect(anomalies.rows.find((row) => row.status === null)).toMatchObject({ errorClass: 'ECONNRESET', outcome: 'network-error' });
    expect(anomalies.rows.find((row) => row.status === 404)).toMatchObject({ outcome: 'stale', errorCode: 'NoSuchKey' });
  });

  it('includes a trend over the runs of the same scenario (a shard group counts once)', () => {
    const { trend } = json();
    expect(trend.map((point) => point.label)).toEqual([RUN_A, 'nightly-g1']);
    expect(trend[1].runIds).toHaveLength(2);
  });
});

describe('report --format markdown', () => {
  it('has every section a bug report needs', () => {
    const { code, out } = runReport({ run: RUN_A, maxAnomalies: 3 });
    expect(code).toBe(0);
    for (const heading of ['### What was run', '### 403 rate per method', "Fisher's exact test", '### 403s by time since upload', '### By phase', '### Follow-up probes', '### Anomalies: 13 unexpected answers (first 3 shown)', '### How to reproduce']) {
      expect(out).toContain(heading);
    }
    expect(out).toContain('| region | eu-west-1 |');
    expect(out).toContain('| credentials | temporary |');
    expect(out).toMatch(/\| client clock \| endpoint − client = \+2\.\d\d s/);
    expect(out).toContain('| method | probes | 200 | 206 | 403 | 404 | 503 | no response | 403 rate [95% CI] | unexpected · rate [95% CI] |');
    expect(out).toContain('| **head** | 200 | 110 | 0 | 10 | 80 | 0 | 0 | 5.00% [2.7%–9.0%] | 10 · 5.00% [2.7%–9.0%] |');
    expect(out).toContain('| after-upload | +0 ms | 10 / 40 (25.00%) |');
    expect(out).toContain('…and 10 more');
    expect(out).toContain('s3probe run scenarios/synthetic.yaml --bucket probe-bucket-123456789012');
    expect(out).toContain('```yaml\nversion: 1\nname: synthetic');
    const anomalyRows = out.split('\n').filter((line) => /^\| 2026-12-04T/.test(line));
    expect(anomalyRows).toHaveLength(3);
    expect(anomalyRows[0].split(' | ')).toHaveLength(10);
  });

  it('--redact replaces bucket, account id, key prefix and host consistently, and keeps request ids', () => {
    const plain = runReport({ run: RUN_A });
    const { out } = runReport({ run: RUN_A, redact: true });
    expect(out).not.toContain('probe-bucket-123456789012');
    expect(out).not.toContain('123456789012');
    expect(out).not.toContain('team-a/');
    expect(out).not.toContain('probe-host.example.internal');
    expect(out).toContain('| bucket | bucket-1 |');
    expect(out).toContain('--bucket bucket-1');
    expect(out).toContain('bucket: bucket-1');
    expect(out).toContain(`prefix-1/${RUN_A}/obj-000000`);
    expect(out).toContain('prefix: prefix-1/');
    expect(out).toContain('host-1 (linux 6.1.0)');
    const requestIds = (text: string) => text.match(/REQaaaaaa\d{6}/g);
    expect(requestIds(out)).toEqual(requestIds(plain.out));
  });

  it('reports a run group (--run a,b or --group) with a row per run', () => {
    const byGroup = runReport({ group: 'nightly-g1' }).out;
    expect(byGroup).toContain('## s3probe report: run group `nightly-g1`');
    expect(byGroup).toMatch(/\| `20261205T152807Z-bbbbbb` \| probe-host\.example\.internal \| 0\/2 of nightly-g1 \|/);
    expect(byGroup).toMatch(/\| `20261205T152808Z-cccccc` \| worker-2 \| 1\/2 of nightly-g1 \|/);
    expect(byGroup).toContain('| **all** | 300 |');
    const byList = runReport({ run: `${RUN_B},20261205T152808Z-ccc`, format: 'json' }).out;
    expect(JSON.parse(byList).totals.probes).toBe(300);
  });

  it('writes -o FILE and says so on stderr', () => {
    const output = join(dir, 'report.md');
    const { out, err } = runReport({ run: RUN_A, output });
    expect(out).toBe('');
    expect(err).toContain(output);
    expect(readFileSync(output, 'utf8')).toContain('### Anomalies');
  });

  it('refuses a missing database, an unknown run and an unknown group with exit 2', () => {
    expect(() => reportCommand({ dbPath: join(dir, 'none.sqlite'), run: 'latest', format: 'markdown', redact: false }, captureIo())).toThrow(/--db: no database/);
    const unknown = (() => { try { runReport({ run: 'nope' }); } catch (error) { return error as HarnessError; } })();
    expect(unknown?.exitCode).toBe(2);
    expect(() => runReport({ group: 'nope' })).toThrow(/--group: no runs of group 'nope'.*nightly-g1 \(2 runs\)/);
  });
});

describe('run groups for the summary', () => {
  it('summarises a shard group as one run: summed probes, earliest start, both hosts', () => {
    const db = openDatabase(dbPath);
    try {
      expect(listRunGroups(db)).toEqual([{ group: 'nightly-g1', runs: 2 }]);
      const selection = resolveRunSelection(db, { run: 'latest', group: 'nightly-g1' });
      const run = combineRuns(selection);
      expect(run).toMatchObject({ id: 'nightly-g1', status: 'completed', plannedProbes: 300, startedAtMs: START_A + 86_400_000, hostName: 'probe-host.example.internal, worker-2' });
      const summary = summarise(run, iterateSelectionProbes(db, selection));
      expect(summary.totals.probes).toBe(300);
      expect(summary.run.id).toBe('nightly-g1');
      expect(combineRuns(resolveRunSelection(db, { run: RUN_A }))).toMatchObject({ id: RUN_A, plannedProbes: 600 });
    } finally {
      db.close();
    }
  });
});
