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
  return Array.from({ length: count }, () => ({
    method, phase, offsetMs: 0, status, errorCode: null, errorClass: null, latencyMs, attempts: 1, startedAtMs: 5, plannedAtMs: 5,
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
    const tableLines = markdown.split('\n').filter((line) => line.startsWith('|'));
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
