// export, compare and trend on a real SQLite file: every probe row streamed, side-by-side rates with p-values, one row per run.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareCommand } from '../src/commands/compare.js';
import { exportCommand } from '../src/commands/export.js';
import { trendCommand } from '../src/commands/trend.js';
import { openDatabase } from '../src/recorder/database.js';
import type { CompareData } from '../src/report/compare-model.js';
import { fisherExactTwoSided } from '../src/stats/fisher.js';
import { captureIo } from './helpers/capture-io.js';
import { type ProbeSpot, expectedAnswer, writeSyntheticRun } from './helpers/synthetic-runs.js';

let dir: string;
let dbPath: string;
const DAY_MS = 86_400_000;
const START = Date.UTC(2026, 11, 1, 2, 0, 0);
const RUNS = ['20261201T020000Z-000001', '20261202T020000Z-000002', '20261203T020000Z-000003'];

/** HEAD right after the upload answers 403 for `perFour` of every four objects (0, 1 or 4); one GET reads stale. */
function answerFor(perFour: number) {
  return (spot: ProbeSpot) => {
    if (perFour > 0 && spot.method === 'head' && spot.phase === 'after-upload' && spot.offsetMs === 0 && spot.objectIndex % (4 / perFour) === 0) return { status: 403 };
    if (spot.method === 'get' && spot.objectIndex === 1 && spot.offsetMs === 10) return { status: 404, errorCode: 'NoSuchKey', errorBody: '<Error>a,"b"\r\nc</Error>' };
    return expectedAnswer(spot);
  };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 's3probe-report-commands-'));
  dbPath = join(dir, 'results.sqlite');
  const db = openDatabase(dbPath);
  RUNS.forEach((id, n) => writeSyntheticRun(db, { id, startedAtMs: START + n * DAY_MS, objects: 40, answer: answerFor([0, 1, 4][n]) }));
  writeSyntheticRun(db, { id: '20261203T030000Z-00000a', scenarioName: 'other', startedAtMs: START + 2 * DAY_MS + 3_600_000, objects: 2 });
  db.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += c;
  }
  return rows;
}

describe('s3probe export', () => {
  it('writes every probe row of the run as CSV, quoting what needs it', async () => {
    const io = captureIo();
    expect(await exportCommand({ dbPath, run: RUNS[0], format: 'csv' }, io)).toBe(0);
    const rows = parseCsv(io.stdoutText);
    const header = rows[0];
    expect(header).toEqual(expect.arrayContaining(['id', 'run_id', 'object_key', 'method', 'phase', 'status', 'request_id', 'extended_request_id', 'started_at_utc', 'last_attempt_remote_address']));
    expect(rows).toHaveLength(1 + 600);
    expect(new Set(rows.slice(1).map((row) => row[header.indexOf('run_id')]))).toEqual(new Set([RUNS[0]]));
    const stale = rows.find((row) => row[header.indexOf('status')] === '404' && row[header.indexOf('phase')] === 'after-upload')!;
    expect(stale[header.indexOf('error_body')]).toBe('<Error>a,"b"\r\nc</Error>');
    expect(stale[header.indexOf('started_at_utc')]).toMatch(/^2026-12-01T02:00:\d\d\.\d{3}Z$/);
    expect(rows.every((row) => row.length === header.length)).toBe(true);
  });

  it('writes JSON Lines to a file, for all runs', async () => {
    const output = join(dir, 'all.jsonl');
    const io = captureIo();
    await exportCommand({ dbPath, run: 'all', format: 'jsonl', output }, io);
    const lines = readFileSync(output, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(3 * 600 + 30);
    expect(lines[0]).toMatchObject({ run_id: RUNS[0], trigger: 'plan' });
    expect(io.stderrText).toContain(output);
  });

  it('streams a large run: output is written in chunks while rows are read', async () => {
    const big = join(dir, 'big.sqlite');
    const db = openDatabase(big);
    writeSyntheticRun(db, { id: '20261210T000000Z-bbbbbb', startedAtMs: START, objects: 2000 });
    db.close();
    const io = captureIo();
    let chunks = 0;
    const write = io.stdout.write.bind(io.stdout);
    io.stdout.write = ((chunk: unknown, ...rest: unknown[]) => ((chunks += 1), (write as (...a: unknown[]) => boolean)(chunk, ...rest))) as typeof io.stdout.write;
    await exportCommand({ dbPath: big, run: 'latest', format: 'jsonl' }, io);
    expect(io.stdoutText.split('\n').length - 1).toBe(30_000);
    expect(chunks).toBeGreaterThan(10);
  });
  it('stops quietly when the reader goes away (`s3probe export | head`)', async () => {
    const io = captureIo();
    let chunks = 0;
    io.stdout.write = ((_chunk: unknown, ...rest: unknown[]) => {
      chunks += 1;
      const done = rest.find((arg) => typeof arg === 'function') as ((error?: Error) => void) | undefined;
      const error = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
      process.nextTick(() => (chunks === 1 ? done?.() : io.stdout.emit('error', error)));
      return true;
    }) as typeof io.stdout.write;
    expect(await exportCommand({ dbPath, run: 'all', format: 'csv' }, io)).toBe(0);
  });
});

describe('s3probe compare', () => {
  it('puts two runs side by side with Fisher p-values', () => {
    const io = captureIo();
    compareCommand({ dbPath, runA: RUNS[0], runB: RUNS[2], format: 'json' }, io);
    const data = JSON.parse(io.stdoutText) as CompareData;
    expect(data.rows.map((row) => row.method)).toEqual(['head', 'ranged-get', 'get', 'all']);
    const head = data.rows[0].forbidden;
    expect([head.a.count, head.a.probes, head.b.count, head.b.probes]).toEqual([0, 200, 40, 200]);
    expect(head.pValue).toBeCloseTo(fisherExactTwoSided({ hitsA: 0, trialsA: 200, hitsB: 40, trialsB: 200 }), 12);
    expect(head.significant).toBe(true);
    expect(data.rows[1].forbidden).toMatchObject({ pValue: 1, significant: false });
    expect(data.rows[2].unexpected.a.count).toBe(1);
  });

  it('prints a table saying which differences are significant', () => {
    const io = captureIo();
    compareCommand({ dbPath, runA: RUNS[0], runB: '20261202', format: 'table' }, io);
    expect(io.stdoutText).toContain(`A: ${RUNS[0]} — scenario synthetic`);
    expect(io.stdoutText).toMatch(/^head\s+200\s+0\s+0% \[0%–1\.9%\]\s+200\s+10\s+5\.00% \[2\.7%–9\.0%\]\s+p = 0\.0017\s+yes \(p < 0\.05\)$/m);
    expect(io.stdoutText).toMatch(/^ranged-get\s+200\s+0\s.*\bno$/m);
    const md = captureIo();
    compareCommand({ dbPath, runA: RUNS[0], runB: RUNS[1], format: 'markdown' }, md);
    expect(md.stdoutText).toContain('| method | A probes | A 403 |');
  });
});

describe('s3probe trend', () => {
  it('prints one row per run, oldest first, with per-method 403 counts', () => {
    const io = captureIo();
    trendCommand({ dbPath, scenario: 'synthetic', format: 'table' }, io);
    const lines = io.stdoutText.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^run start \(UTC\)\s+run\s+status\s+head 403\s+ranged-get 403\s+get 403\s+all 403\s+unexpected$/);
    expect(lines.slice(1).map((line) => line.split(/\s{2,}/)[1])).toEqual(RUNS);
    expect(lines[3]).toContain('40/200 20.00%');
    expect(lines[1]).toMatch(/^2026-12-01 02:00:00/);
  });

  it('--last N keeps the newest N; JSON carries the numbers; an unknown scenario is a usage error', () => {
    const io = captureIo();
    trendCommand({ dbPath, last: 2, format: 'json' }, io);
    const { trendVersion, runs } = JSON.parse(io.stdoutText);
    expect(trendVersion).toBe(1);
    expect(runs.map((point: { label: string }) => point.label)).toEqual([RUNS[2], '20261203T030000Z-00000a']);
    expect(() => trendCommand({ dbPath, scenario: 'nope', format: 'table' }, captureIo())).toThrow(/--scenario: no runs of scenario 'nope'.*other, synthetic/);
    expect(() => trendCommand({ dbPath, last: 0, format: 'table' }, captureIo())).toThrow(/--last/);
  });
});
