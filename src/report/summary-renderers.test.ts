import { describe, expect, it } from 'vitest';
import type { ProbeRow, RunRow } from '../recorder/rows.js';
import { summarise } from '../summary/summarise.js';
import { renderSummaryJson } from './summary-json.js';
import { renderSummaryMarkdown } from './summary-markdown.js';
import { renderSummaryTable } from './summary-table.js';

const RUN: RunRow = {
  id: '20261204T152807Z-3f9a1c', scenarioName: 'nightly | us-east-1', scenarioText: '', status: 'interrupted',
  startedAtMs: Date.UTC(2026, 11, 4, 15, 28, 7), endedAtMs: Date.UTC(2026, 11, 4, 15, 32, 12), target: 's3',
  endpoint: null, region: 'us-east-1', bucket: 'probe-bucket', prefix: 's3probe/20261204T152807Z-3f9a1c/', seed: 1,
  concurrency: 4, maxAttempts: 3, plannedProbes: 1200, harnessVersion: '0.1.0', sdkVersion: '3', nodeVersion: 'v20',
  hostName: 'h', commandLine: 's3probe run', note: 'SIGINT',
};

function rows(count: number, method: string, phase: string, status: number | null, latencyMs = 10): ProbeRow[] {
  return Array.from({ length: count }, (_, i) => ({
    objectKey: `k${i}`, method, phase, offsetMs: 0, status, errorCode: null, errorClass: null, latencyMs, attempts: 1,
    startedAtMs: 5, plannedAtMs: 5, trigger: 'plan',
  }));
}

// HEAD after upload: 31 of 1000 answered 403 → 3.10% [2.19%–4.37%].
const SUMMARY = summarise(RUN, [
  ...rows(100, 'head', 'before-upload', 404),
  ...rows(969, 'head', 'after-upload', 200, 12.5),
  ...rows(31, 'head', 'after-upload', 403, 250),
  ...rows(98, 'ranged-get', 'after-upload', 206),
  ...rows(1, 'ranged-get', 'after-upload', 416),
  ...rows(1, 'ranged-get', 'after-upload', null),
]);

function lineStartingWith(text: string, start: string): string {
  const line = text.split('\n').find((candidate) => candidate.startsWith(start));
  if (line === undefined) throw new Error(`no line starting with '${start}' in:\n${text}`);
  return line;
}

describe('renderSummaryTable', () => {
  const table = renderSummaryTable(SUMMARY);

  it('starts with the run id, status and target', () => {
    expect(table.split('\n')[0]).toBe('run 20261204T152807Z-3f9a1c  interrupted  target s3  4m 05s');
    expect(table).toContain('probes 1200 of 1200 planned');
    expect(table).toContain('note SIGINT');
  });

  it('prints one row per method, then per phase, then the totals, with the right numbers', () => {
    const cells = (line: string): string[] => line.trim().split(/\s{2,}/);
    expect(cells(lineStartingWith(table, 'method'))).toEqual([
      'method', 'probes', '2xx', '403', '404', '416', '5xx', 'err', '403 rate [95% CI]', 'stale 404', 'unexpected', 'p50 ms', 'p99 ms',
    ]);
    const head = cells(lineStartingWith(table, 'head'));
    expect(head.slice(0, 11)).toEqual(['head', '1100', '969', '31', '100', '0', '0', '0', '2.82% [2.0%–4.0%]', '0', '31']);
    expect(Number(head[11])).toBeCloseTo(12.5, 0); // p50 from the 1% histogram
    expect(head[12]).toBe('250'); // p99 of 1100 probes is a 250 ms one
    expect(cells(lineStartingWith(table, '  after-upload'))[8]).toBe('3.10% [2.2%–4.4%]');
    expect(cells(lineStartingWith(table, '  before-upload'))[8]).toBe('0% [0%–3.7%]');
    expect(cells(lineStartingWith(table, 'ranged-get')).slice(0, 8)).toEqual(['ranged-get', '100', '98', '0', '0', '1', '0', '1']);
    expect(cells(lineStartingWith(table, 'all')).slice(0, 2)).toEqual(['all', '1200']);
    const lines = table.split('\n');
    const start = lines.findIndex((line) => line.startsWith('method'));
    const end = lines.indexOf('', start);
    const labels = lines.slice(start + 1, end).map((line) => line.slice(0, 16).trimEnd());
    expect(labels).toEqual(['head', '  before-upload', '  after-upload', 'ranged-get', '  after-upload', 'all']);
  });

  it('uses no ANSI codes unless asked, and red for non-zero 403 cells when asked', () => {
    expect(table).not.toContain('\u001b[');
    const colored = renderSummaryTable(SUMMARY, { color: true });
    expect(lineStartingWith(colored, 'head')).toContain('\u001b[31m 31\u001b[0m');
    expect(lineStartingWith(colored, 'ranged-get')).not.toContain('\u001b[31m');
  });

  it('adds an "other" column only when some status falls outside the listed ones', () => {
    expect(table).not.toMatch(/\bother\b/);
    const withOther = renderSummaryTable(summarise(RUN, rows(2, 'get', 'after-upload', 400)));
    expect(lineStartingWith(withOther, 'method')).toMatch(/\bother\b/);
  });
});

describe('renderSummaryMarkdown', () => {
  const markdown = renderSummaryMarkdown(SUMMARY);

  it('has run facts, escapes user text, and a table row per method and phase', () => {
    expect(markdown).toContain('## s3probe summary: run `20261204T152807Z-3f9a1c`');
    expect(markdown).toContain('- **scenario**: nightly \\| us-east-1');
    expect(markdown).toContain('| **head** | 1100 | 969 | 31 | 100 | 0 | 0 | 0 | 2.82% [2.0%–4.0%] | 0 | 31 |');
    expect(markdown).toContain('| head · after-upload | 1000 | 969 | 31 |');
    const lines = markdown.split('\n');
    const start = lines.findIndex((line) => line.startsWith('| method'));
    const tableLines = lines.slice(start, lines.indexOf('', start));
    expect(tableLines).toHaveLength(2 + 6);
    expect(new Set(tableLines.map((line) => line.replace(/\\\|/g, '').split('|').length)).size).toBe(1);
  });
});

describe('renderSummaryJson', () => {
  it('is the summary, indented, with a trailing newline', () => {
    const json = renderSummaryJson(SUMMARY);
    expect(json.endsWith('}\n')).toBe(true);
    expect(JSON.parse(json)).toEqual(SUMMARY);
    expect(JSON.parse(json).methods[0].byPhase['after-upload'].forbidden).toBe(31);
  });
});

describe('classes, follow-ups, stable-after and ground truth', () => {
  const probe = (objectKey: string, method: string, phase: string, offsetMs: number, status: number | null, extra: Partial<ProbeRow> = {}): ProbeRow => ({
    objectKey, method, phase, offsetMs, status, errorCode: null, errorClass: null, latencyMs: 3, attempts: 1, startedAtMs: 1, plannedAtMs: 0,
    trigger: 'plan', ...extra,
  });
  const followUp = (objectKey: string, phase: string, offsetMs: number, status: number, errorCode: string | null): ProbeRow =>
    probe(objectKey, 'ranged-get', phase, offsetMs, status, { trigger: 'follow-up', errorCode });
  const summary = summarise({ ...RUN, target: 'local', endpoint: 'http://127.0.0.1:4000' }, [
    probe('a', 'head', 'before-upload', -50, 403), followUp('a', 'before-upload', -50, 403, 'AccessDenied'),
    probe('a', 'ranged-get', 'before-upload', -50, 404),
    probe('a', 'head', 'after-upload', 0, 403), followUp('a', 'after-upload', 0, 206, null),
    probe('a', 'ranged-get', 'after-upload', 0, 206), probe('a', 'head', 'after-upload', 100, 200), probe('a', 'ranged-get', 'after-upload', 100, 206),
    probe('b', 'head', 'after-upload', 0, 200), probe('b', 'ranged-get', 'after-upload', 0, null, { errorClass: 'timeout' }),
    probe('b', 'head', 'after-upload', 100, 200), probe('b', 'ranged-get', 'after-upload', 100, null, { errorClass: 'ECONNRESET' }),
  ], {
    endpoint: [
      { method: 'head', trigger: 'plan', operation: 'HeadObject', status: 403, decidedBy: 'faults[0]', recordedStatus: 403, requests: 2 },
      { method: 'head', trigger: 'plan', operation: 'HeadObject', status: 200, decidedBy: null, recordedStatus: 200, requests: 3 },
      { method: null, trigger: null, operation: 'PutObject', status: 200, decidedBy: null, recordedStatus: null, requests: 2 },
    ],
    withoutRequestId: [],
    attempts: 5,
  });

  it('the table shows a classes block with the classes that occurred, and one line per finding', () => {
    const table = renderSummaryTable(summary);
    const cells = (line: string): string[] => line.trim().split(/\s{2,}/);
    expect(cells(lineStartingWith(table, 'class'))).toEqual(['class', 'expected', 'forbidden', 'network-error', 'timeout']);
    expect(cells(lineStartingWith(table, 'head  '))).toHaveLength(13); // the main table's row comes first
    const lines = table.split('\n');
    const classRows = lines.slice(lines.findIndex((line) => line.startsWith('class')) + 1).slice(0, 3).map(cells);
    expect(classRows).toEqual([['head', '3', '2', '0', '0'], ['ranged-get', '3', '0', '1', '1'], ['all', '6', '2', '1', '1']]);
    expect(table).toContain('behind HEAD 403 (2 of 2 followed up by a ranged GET): before-upload AccessDenied 1 · after-upload GET succeeded 1\n');
    expect(table).toContain('stable after upload: 1 at 100 ms · 1 never (of 2 objects)\n');
    expect(table).toContain('ground truth (embedded endpoint log): 7 requests, 5 matched to recorded attempts by request id, 0 status mismatches, 0 attempts missing from the log\n');
    expect(table).toContain('  head: endpoint 200×3 403×2 (faults[0]: 403×2) · recorded 200×3 403×2\n');
    expect(table).toContain('  other requests: PutObject 200×2\n');
  });

  it('says when HEAD 403s were not followed up, and leaves out findings that have nothing to say', () => {
    expect(renderSummaryTable(SUMMARY)).toContain('behind HEAD 403 (0 of 31 followed up by a ranged GET): no follow-up recorded\n');
    const quiet = renderSummaryTable(summarise(RUN, rows(2, 'head', 'before-upload', 404)));
    expect(quiet).not.toContain('behind HEAD 403');
    expect(quiet).not.toContain('stable after upload:');
    expect(quiet).not.toContain('ground truth');
  });

  it('Markdown has the classes as a second table and the findings as a list', () => {
    const markdown = renderSummaryMarkdown(summary);
    expect(markdown).toContain('| class | expected | forbidden | network-error | timeout |\n|:--|--:|--:|--:|--:|\n| **head** | 3 | 2 | 0 | 0 |');
    expect(markdown).toContain('- behind HEAD 403 (2 of 2 followed up by a ranged GET): before-upload AccessDenied 1 · after-upload GET succeeded 1\n');
    expect(markdown).toContain('  - head: endpoint 200×3 403×2 (faults\\[0\\]: 403×2) · recorded 200×3 403×2\n');
  });

  it('JSON carries classes, followUps, stableAfter and groundTruth', () => {
    const json = JSON.parse(renderSummaryJson(summary));
    expect(json.methods[0].classes.forbidden).toBe(2);
    expect(json.followUps.byPhase['before-upload'].outcomes).toEqual({ AccessDenied: 1 });
    expect(json.stableAfter).toEqual({ objects: 2, byOffset: [{ offsetMs: 0, objects: 0 }, { offsetMs: 100, objects: 1 }], never: 1 });
    expect(json.groundTruth.probes[0].endpoint.decidedBy).toEqual({ 'faults[0]': { '403': 2 } });
    expect(JSON.parse(renderSummaryJson(SUMMARY)).groundTruth).toBeNull();
  });
});
