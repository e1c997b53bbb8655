// The rows and columns both tabular renderers (terminal and Markdown) print for a Summary.
import type { MethodStats, Summary } from '../summary/summarise.js';
import { PHASES } from '../probes/probe-record.js';
import { formatMs, formatRate } from './format.js';

/** Printed under both tables, one line each. */
export const SUMMARY_LEGEND: readonly string[] = [
  'unexpected = a status S3 should not answer: before the upload anything but 404; after it, HEAD/GET anything but 200, ranged GET anything but 206/416.',
  'stale 404 = 404 after the upload completed. 403 rate interval: Wilson 95%. Latency percentiles are within 1%.',
  'classes: phantom = the key answered as existing before its upload; throttled = 429 or 503 SlowDown. Follow-up probes are not in the rows above.',
  'stable after upload = per object, the first after-upload offset from which every probe answered as expected. GET succeeded = 206 or 416.',
];

export interface SummaryRow {
  kind: 'method' | 'phase' | 'total';
  method: string;
  /** Set on 'phase' rows. */
  phase?: string;
  stats: MethodStats;
}

export interface SummaryColumn {
  header: string;
  /** Omitted from the table when false for every row (for rarely non-zero columns). */
  always: boolean;
  cell(stats: MethodStats): string;
  /** Whether the cell deserves attention (rendered red on a colour terminal). */
  alarming?(stats: MethodStats): boolean;
}

/** One row per method, each followed by its phases, then the totals. */
export function listSummaryRows(summary: Summary): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const method of summary.methods) {
    rows.push({ kind: 'method', method: method.method, stats: method });
    for (const phase of PHASES) {
      const stats = method.byPhase[phase];
      if (stats !== undefined) rows.push({ kind: 'phase', method: method.method, phase, stats });
    }
  }
  rows.push({ kind: 'total', method: summary.totals.method, stats: summary.totals });
  return rows;
}

function countStatuses(stats: MethodStats, matches: (status: number) => boolean): number {
  let count = 0;
  for (const [key, value] of Object.entries(stats.statuses)) {
    if (key !== 'error' && matches(Number(key))) count += value;
  }
  return count;
}

const is2xx = (status: number): boolean => status >= 200 && status <= 299;
const isListed = (status: number): boolean => is2xx(status) || [403, 404, 416].includes(status) || (status >= 500 && status <= 599);

export const SUMMARY_COLUMNS: readonly SummaryColumn[] = [
  { header: 'probes', always: true, cell: (s) => String(s.probes) },
  { header: '2xx', always: true, cell: (s) => String(countStatuses(s, is2xx)) },
  { header: '403', always: true, cell: (s) => String(s.forbidden), alarming: (s) => s.forbidden > 0 },
  { header: '404', always: true, cell: (s) => String(countStatuses(s, (status) => status === 404)) },
  { header: '416', always: true, cell: (s) => String(countStatuses(s, (status) => status === 416)) },
  { header: '5xx', always: true, cell: (s) => String(s.serverErrors) },
  { header: 'other', always: false, cell: (s) => String(countStatuses(s, (status) => !isListed(status))) },
  { header: 'err', always: true, cell: (s) => String(s.networkErrors) },
  {
    header: '403 rate [95% CI]',
    always: true,
    cell: (s) => formatRate(s.forbiddenRate, s.forbiddenCi95, s.probes),
    alarming: (s) => s.forbidden > 0,
  },
  { header: 'stale 404', always: true, cell: (s) => String(s.notFoundAfterUpload) },
  { header: 'unexpected', always: true, cell: (s) => String(s.unexpected) },
  { header: 'p50 ms', always: true, cell: (s) => formatMs(s.latencyMs.p50) },
  { header: 'p99 ms', always: true, cell: (s) => formatMs(s.latencyMs.p99) },
];

/** The columns to print: every `always` column, plus the others where some row is non-zero. */
export function selectColumns(rows: SummaryRow[]): SummaryColumn[] {
  return SUMMARY_COLUMNS.filter((column) => column.always || rows.some((row) => column.cell(row.stats) !== '0'));
}

/** Facts about the run printed above the table, as label/value pairs. */
export function describeRunFacts(summary: Summary): Array<[label: string, value: string]> {
  const run = summary.run;
  const facts: Array<[string, string]> = [
    ['scenario', run.scenario],
    ['target', run.endpoint === null ? run.target : `${run.target} (${run.endpoint})`],
    ['bucket', `${run.bucket} (${run.region})`],
    ['prefix', run.prefix],
    ['started', run.startedAt],
    ['probes', `${run.probes} of ${run.plannedProbes} planned`],
    ['unexpected', `${summary.unexpected} of ${run.probes} probes`],
  ];
  if (run.note !== null) facts.push(['note', run.note]);
  return facts;
}
