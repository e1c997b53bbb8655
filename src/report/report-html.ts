// Renders the report document as one self-contained HTML file: tables, and charts drawn by an inlined Chart.js (no network).
import {
  REPORT_LEGEND, describeClock, describeHeadline, describeRunState, describeShard, formatCount, formatForbiddenRate, formatPValue,
  formatStatus, formatUnexpectedRate, listRunFacts, listStatusColumns,
} from './report-cells.js';
import { listCredentialTable } from './credential-cells.js';
import { REPORT_CHART_SCRIPT } from './report-html-script.js';
import { REPORT_STYLE } from './report-html-style.js';
import type { ReportData } from './report-model.js';

export interface HtmlReportOptions {
  /** The text of Chart.js's UMD build (chart.js/dist/chart.umd.js), inlined so the file needs no network. */
  chartJsSource: string;
}

/** Nothing may load from anywhere: scripts and styles are inline, images only data: URLs. */
const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

type Cell = string | { html: string; className?: string };

export function renderReportHtml(report: ReportData, options: HtmlReportOptions): string {
  const title = `s3probe report: ${report.subject.kind === 'run' ? 'run' : 'run group'} ${report.subject.label}`;
  const body = [
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="meta">${escapeHtml(report.generator)} · generated ${escapeHtml(report.generatedAt)}${report.redacted ? ' · redacted' : ''}</p>`,
    `<p class="headline">${escapeHtml(describeHeadline(report))}</p>`,
    section('What was run', renderFacts(report)),
    section('403 rate per method', `<div class="chart"><canvas id="chart-rates"></canvas></div>${renderMethods(report)}`),
    report.comparisons.length === 0 ? '' : section("Fisher's exact test of the 403 rates", renderComparisons(report)),
    section('Where do unexpected answers fall? By time since upload', renderOffsets(report)),
    section('Timeline', `<div class="chart tall"><canvas id="chart-timeline"></canvas></div><p class="legend">${escapeHtml(describeTimeline(report))}</p>`),
    report.trend.length > 1 ? section('Trend over runs of this scenario', `<div class="chart"><canvas id="chart-trend"></canvas></div>${renderTrend(report)}`) : '',
    section('By phase', renderPhases(report)),
    report.followUps.length === 0 ? '' : section('Follow-up probes', table(['after', 'follow-up', 'answered', 'probes'], report.followUps.map((row) => [row.trigger, row.method, row.answer, num(row.probes)]))),
    renderCredentials(report),
    section(`Anomalies: ${report.anomalies.total} unexpected answers`, renderAnomalies(report)),
    section('How to reproduce', `<p>Save the scenario above as <code>${escapeHtml(report.scenario.path)}</code>, then run:</p><pre>${escapeHtml(report.reproduce.join('\n'))}</pre>`),
    `<footer class="legend">${REPORT_LEGEND.map((line) => `<p>${escapeHtml(line)}</p>`).join('')}</footer>`,
  ].join('\n');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${REPORT_STYLE}</style>`,
    '</head>',
    '<body>',
    `<main>\n${body}\n</main>`,
    `<script type="application/json" id="s3probe-report-data">${embedJson(report)}</script>`,
    `<script>${embedScript(options.chartJsSource)}</script>`,
    `<script>${embedScript(REPORT_CHART_SCRIPT)}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function renderFacts(report: ReportData): string {
  const facts = `<table>${listRunFacts(report).map(([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join('')}</table>`;
  const runs = report.subject.kind === 'run' ? '' : table(
    ['run', 'host', 'shard', 'region', 'status', 'probes', 'client clock'],
    report.runs.map((run) => [{ html: `<code>${escapeHtml(run.id)}</code>` }, run.hostName, describeShard(run), run.region, describeRunState(run), num(run.probes), describeClock(run.clockOffset)]),
  );
  const scenario = `<details><summary>Scenario <code>${escapeHtml(report.scenario.path)}</code></summary><pre>${escapeHtml(report.scenario.text)}</pre></details>`;
  return facts + runs + scenario;
}

function renderMethods(report: ReportData): string {
  const rows = [...report.methods, report.totals];
  const statuses = listStatusColumns(rows);
  return table(
    ['method', 'probes', ...statuses.map((key) => (key === 'error' ? 'no response' : key)), '403 rate [95% CI]', 'unexpected · rate [95% CI]'],
    rows.map((row) => [
      { html: `<strong>${escapeHtml(row.method)}</strong>` }, num(row.probes),
      ...statuses.map((key) => (key === '403' ? bad(row.statuses[key] ?? 0) : num(row.statuses[key] ?? 0))),
      row.forbidden > 0 ? { html: escapeHtml(formatForbiddenRate(row)), className: 'num bad' } : num(formatForbiddenRate(row)),
      num(formatUnexpectedRate(row)),
    ]),
  );
}

function renderComparisons(report: ReportData): string {
  return table(
    ['scope', 'method A: 403', 'method B: 403', 'two-sided p', 'significant at 0.05'],
    report.comparisons.map((c) => [c.scope, `${c.a.method}: ${formatCount(c.a.forbidden, c.a.probes)}`, `${c.b.method}: ${formatCount(c.b.forbidden, c.b.probes)}`, formatPValue(c.pValue), c.significant ? { html: 'yes', className: 'bad' } : 'no']),
  );
}

function renderOffsets(report: ReportData): string {
  const charts = report.methods.map((_, index) => `<div class="chart"><canvas id="chart-offsets-${index}"></canvas></div>`).join('');
  const methods = report.methods.map((row) => row.method);
  const rows = report.byOffset.map((offset) => {
    const unexpected = offset.methods.reduce((total, row) => total + row.unexpected, 0);
    const probes = offset.methods.reduce((total, row) => total + row.probes, 0);
    const cells: Cell[] = methods.map((method) => {
      const row = offset.methods.find((candidate) => candidate.method === method);
      if (row === undefined) return num('–');
      return row.forbidden > 0 ? { html: escapeHtml(formatCount(row.forbidden, row.probes)), className: 'num bad' } : num(formatCount(row.forbidden, row.probes));
    });
    return [offset.phase, num(offset.label), ...cells, num(formatCount(unexpected, probes))];
  });
  return `<div class="grid">${charts}</div>${table(['phase', 'offset', ...methods.map((method) => `${method} 403`), 'unexpected (all methods)'], rows)}`;
}

function renderPhases(report: ReportData): string {
  return table(
    ['phase', 'method', 'probes', '403', '403 rate [95% CI]', 'unexpected · rate [95% CI]'],
    report.byPhase.flatMap((phase) => phase.methods.map((row) => [phase.phase, row.method, num(row.probes), bad(row.forbidden), num(formatForbiddenRate(row)), num(formatUnexpectedRate(row))])),
  );
}

function renderTrend(report: ReportData): string {
  return table(
    ['run start (UTC)', 'run', 'status', ...report.trend[report.trend.length - 1].methods.map((m) => `${m.method} 403`)],
    report.trend.map((point) => [point.startedAt, { html: `<code>${escapeHtml(point.label)}</code>` }, point.status, ...point.methods.map((m) => num(formatCount(m.forbidden, m.probes)))]),
  );
}

function renderCredentials(report: ReportData): string {
  const credentials = listCredentialTable(report);
  if (credentials === null) return '';
  const more = credentials.more > 0 ? `<p>…and ${credentials.more} more (<code>--format json</code> lists every one).</p>` : '';
  return section(credentials.heading, `<div class="scroll">${table(credentials.headers, credentials.rows)}</div>${more}`);
}

function renderAnomalies(report: ReportData): string {
  const { total, rows } = report.anomalies;
  if (total === 0) return '<p>Every planned probe got the answer S3 should give.</p>';
  const shown = table(
    ['time (UTC)', 'method', 'key', 'status', 'error code', 'x-amz-request-id', 'x-amz-id-2', 'remote IP', 'attempt', 'follow-up'],
    rows.map((a) => [
      a.timeUtc, a.method, { html: `<code>${escapeHtml(a.key)}</code>` }, { html: escapeHtml(formatStatus(a.status, a.errorClass)), className: 'bad' }, a.errorCode ?? '',
      { html: `<code>${escapeHtml(a.requestId ?? '')}</code>` }, { html: `<code>${escapeHtml(a.extendedRequestId ?? '')}</code>` }, a.remoteAddress ?? '', num(a.attempt ?? ''), a.followUp ?? '',
    ]),
  );
  const rest = total - rows.length;
  const more = rest > 0 ? `<p>…and ${rest} more: <code>s3probe export --run ${escapeHtml(report.subject.runIds.join(','))} --format csv</code> writes every probe.</p>` : '';
  return `<div class="scroll">${shown}</div>${more}`;
}

function describeTimeline(report: ReportData): string {
  const { probes, points, sampled } = report.timeline;
  return sampled ? `${points.length} of ${probes} planned probes plotted: every unexpected one (up to 3000) and an even sample of the rest.` : `All ${probes} planned probes plotted.`;
}

function section(heading: string, html: string): string {
  return `<section><h2>${escapeHtml(heading)}</h2>${html}</section>`;
}

function table(headers: string[], rows: Cell[][]): string {
  const head = `<tr>${headers.map((header) => `<th>${escapeHtml(header)}</th>`).join('')}</tr>`;
  const body = rows.map((row) => `<tr>${row.map(renderCell).join('')}</tr>`).join('');
  return `<table>${head}${body}</table>`;
}

function renderCell(cell: Cell): string {
  if (typeof cell === 'string') return `<td>${escapeHtml(cell)}</td>`;
  return `<td${cell.className === undefined ? '' : ` class="${cell.className}"`}>${cell.html}</td>`;
}

function num(value: number | string): Cell {
  return { html: escapeHtml(String(value)), className: 'num' };
}

function bad(count: number): Cell {
  return { html: String(count), className: count > 0 ? 'num bad' : 'num' };
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** JSON inside a script element: no "<" may appear, or "</script>" in a key or error body would end it. */
function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function embedScript(source: string): string {
  return source.replace(/<\/script/gi, '<\\/script').replace(/<!--/g, '<\\!--');
}
