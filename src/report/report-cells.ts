// Cell texts shared by the report renderers (Markdown and HTML): p-values, answers, counts with rates, run facts.
import { formatDuration, formatPercent, formatRate } from './format.js';
import type { ClockOffset, MethodRow, RateStats, ReportData, RunFacts } from './report-model.js';

/** "p = 0.031", "p = 4.2e-9", "p < 1e-15" (below that, floating point cannot tell). */
export function formatPValue(pValue: number): string {
  if (pValue < 1e-15) return 'p < 1e-15';
  if (pValue >= 0.001) return `p = ${Number(pValue.toPrecision(2))}`;
  return `p = ${pValue.toExponential(1)}`;
}

/** "31 / 2000 (1.55%)". */
export function formatCount(count: number, probes: number): string {
  if (probes === 0) return '–';
  return `${count} / ${probes} (${formatPercent(count / probes, 2)})`;
}

export function formatForbiddenRate(stats: RateStats): string {
  return formatRate(stats.forbiddenRate, stats.forbiddenCi95, stats.probes);
}

export function formatUnexpectedRate(stats: RateStats): string {
  return `${stats.unexpected} · ${formatRate(stats.unexpectedRate, stats.unexpectedCi95, stats.probes)}`;
}

/** "403", "— (ECONNRESET)" when no HTTP response arrived. */
export function formatStatus(status: number | null, errorClass: string | null): string {
  return status === null ? `— (${errorClass ?? 'no response'})` : String(status);
}

/** Status columns of the per-method table: the usual statuses, then whatever else occurred. */
export function listStatusColumns(rows: readonly MethodRow[]): string[] {
  const usual = ['200', '206', '403', '404', '416'];
  const seen = new Set(rows.flatMap((row) => Object.keys(row.statuses)));
  const others = [...seen].filter((key) => !usual.includes(key) && key !== 'error').sort((a, b) => Number(a) - Number(b));
  return [...usual.filter((key) => seen.has(key) || key === '403'), ...others, ...(seen.has('error') ? ['error'] : [])];
}

export function describeClock(offset: ClockOffset | null): string {
  if (offset === null) return 'unknown (no response carried a Date header)';
  const seconds = (ms: number): string => {
    const rounded = Math.round(ms / 10) / 100;
    return `${rounded > 0 ? '+' : rounded < 0 ? '−' : ''}${Math.abs(rounded).toFixed(2)} s`;
  };
  const bound = offset.consistent ? `within [${seconds(offset.lowMs)}, ${seconds(offset.highMs)}]` : `responses disagree: [${seconds(offset.lowMs)}, ${seconds(offset.highMs)}]`;
  return `endpoint − client = ${seconds(offset.offsetMs)} (${bound}, ${offset.attempts} Date headers)`;
}

/** "completed, 4m 05s". */
export function describeRunState(run: RunFacts): string {
  return `${run.status}, ${formatDuration(run.durationMs)}`;
}

export function describeShard(run: RunFacts): string {
  return run.shard === null ? '–' : `${run.shard.index}/${run.shard.count} of ${run.shard.group}`;
}

/** Label/value facts about the run(s), common to every renderer. Values are plain text. */
export function listRunFacts(report: ReportData): Array<[label: string, value: string]> {
  const run = report.runs[0];
  const distinct = (pick: (r: RunFacts) => string): string => [...new Set(report.runs.map(pick))].join(', ');
  const facts: Array<[string, string]> = [
    [report.subject.kind === 'run' ? 'run' : 'run group', report.subject.kind === 'run' ? `${run.id} (${describeRunState(run)})` : `${report.subject.label} (${report.runs.length} runs)`],
    ['started (UTC)', report.runs.map((r) => r.startedAt).sort()[0]],
    ['scenario', `${run.scenarioName} (${run.scenarioPath})`],
    ['command line', distinct((r) => r.commandLine)],
    ['target', distinct((r) => (r.endpoint === null ? `${r.target}, AWS endpoint for the region` : `${r.target}, ${r.endpoint}`))],
    ['region', distinct((r) => r.region)],
    ['bucket', distinct((r) => r.bucket)],
    ['key prefix', distinct((r) => r.prefix)],
    ['credentials', distinct((r) => r.credentialKind ?? 'not recorded')],
    ['host', distinct((r) => `${r.hostName} (${r.platform})`)],
    ['versions', distinct((r) => `s3probe ${r.harnessVersion}, @aws-sdk/client-s3 ${r.sdkVersion}, Node ${r.nodeVersion}`)],
    ['plan', distinct((r) => `seed ${r.seed}, concurrency ${r.concurrency}, SDK max attempts ${r.maxAttempts}`)],
    ['probes', `${sum(report.runs, (r) => r.probes)} of ${sum(report.runs, (r) => r.plannedProbes)} planned recorded; ${sum(report.runs, (r) => r.followUps)} follow-ups (not in any rate)`],
  ];
  if (report.subject.kind === 'run') {
    facts.push(['client clock', describeClock(run.clockOffset)]);
    if (run.shard !== null) facts.push(['shard', describeShard(run)]);
    if (run.note !== null) facts.push(['note', run.note]);
  }
  return facts;
}

function sum(runs: readonly RunFacts[], pick: (run: RunFacts) => number): number {
  return runs.reduce((total, run) => total + pick(run), 0);
}

/** One sentence with the headline numbers. */
export function describeHeadline(report: ReportData): string {
  const parts = report.methods.map((row) => `${row.method} ${row.forbidden} of ${row.probes} (${formatForbiddenRate(row)})`);
  const main = report.comparisons.find((c) => c.scope === 'all phases' && c.a.method === 'head' && c.b.method === 'ranged-get');
  const test = main === undefined ? '' : ` HEAD vs ranged GET: two-sided Fisher exact ${formatPValue(main.pValue)} — ${main.significant ? 'significant' : 'not significant'} at 0.05.`;
  return `${report.totals.probes} planned probes. 403 answers: ${parts.join('; ')}.${test} Unexpected answers: ${report.totals.unexpected}.`;
}

export const REPORT_LEGEND: readonly string[] = [
  'Rates count planned probes only; follow-up probes (fired because of another answer) are listed separately.',
  'Intervals are Wilson 95%. Unexpected = a status S3 should not answer: before the upload anything but 404; after it, HEAD/GET anything but 200, ranged GET anything but 206/416.',
  'Offsets: before-upload probes relative to the upload\'s start (negative), after-upload probes relative to its completion.',
];
