// Renders the report document as GitHub-flavoured Markdown, ready to paste into an issue or an AWS Support case.
import {
  REPORT_LEGEND, describeClock, describeHeadline, describeRunState, describeShard, formatCount, formatForbiddenRate, formatPValue,
  formatStatus, formatUnexpectedRate, listRunFacts, listStatusColumns,
} from './report-cells.js';
import { listCredentialTable } from './credential-cells.js';
import type { MethodRow, ReportData } from './report-model.js';

export function renderReportMarkdown(report: ReportData): string {
  const title = report.subject.kind === 'run' ? `run \`${report.subject.label}\`` : `run group \`${report.subject.label}\``;
  return [
    `## s3probe report: ${title}`,
    '',
    `_${escapeCell(report.generator)} · generated ${report.generatedAt}${report.redacted ? ' · bucket, account ids, key prefixes and host names redacted' : ''}_`,
    '',
    describeHeadline(report),
    '',
    ...renderWhatWasRun(report),
    ...renderMethods(report),
    ...renderComparisons(report),
    ...renderOffsets(report),
    ...renderPhases(report),
    ...renderFollowUps(report),
    ...renderCredentials(report),
    ...renderAnomalies(report),
    ...renderReproduction(report),
    ...REPORT_LEGEND.map((line) => `_${line}_  `),
    '',
  ].join('\n');
}

function renderWhatWasRun(report: ReportData): string[] {
  const lines = ['### What was run', '', '| | |', '|:--|:--|', ...listRunFacts(report).map(([label, value]) => `| ${label} | ${escapeCell(value)} |`), ''];
  if (report.subject.kind === 'group') {
    lines.push('| run | host | shard | region | status | probes | client clock |', '|:--|:--|:--|:--|:--|--:|:--|');
    for (const run of report.runs) {
      lines.push(`| ${code(run.id)} | ${escapeCell(run.hostName)} | ${escapeCell(describeShard(run))} | ${escapeCell(run.region)} | ${escapeCell(describeRunState(run))} | ${run.probes} | ${escapeCell(describeClock(run.clockOffset))} |`);
    }
    lines.push('');
  }
  const fence = longestRun(report.scenario.text, '`') >= 3 ? '`'.repeat(longestRun(report.scenario.text, '`') + 1) : '```';
  lines.push(
    `<details><summary>Scenario ${escapeHtml(report.scenario.path)}</summary>`,
    '',
    `${fence}yaml`,
    report.scenario.text.replace(/\n$/, ''),
    fence,
    '',
    '</details>',
    '',
  );
  return lines;
}

function renderMethods(report: ReportData): string[] {
  const rows = [...report.methods, report.totals];
  const statuses = listStatusColumns(rows);
  const header = ['method', 'probes', ...statuses.map((key) => (key === 'error' ? 'no response' : key)), '403 rate [95% CI]', 'unexpected · rate [95% CI]'];
  return [
    '### 403 rate per method',
    '',
    `| ${header.join(' | ')} |`,
    `|:--|${header.slice(1).map(() => '--:').join('|')}|`,
    ...rows.map((row) => `| ${row.method === 'all' ? '**all**' : `**${escapeCell(row.method)}**`} | ${row.probes} | ${statuses.map((key) => row.statuses[key] ?? 0).join(' | ')} | ${formatForbiddenRate(row)} | ${formatUnexpectedRate(row)} |`),
    '',
  ];
}

function renderComparisons(report: ReportData): string[] {
  if (report.comparisons.length === 0) return [];
  return [
    '### HEAD vs ranged GET and GET: Fisher\'s exact test of the 403 rates',
    '',
    '| scope | method A: 403 | method B: 403 | two-sided p | significant at 0.05 |',
    '|:--|:--|:--|:--|:--|',
    ...report.comparisons.map((c) => `| ${c.scope} | ${c.a.method}: ${formatCount(c.a.forbidden, c.a.probes)} | ${c.b.method}: ${formatCount(c.b.forbidden, c.b.probes)} | ${formatPValue(c.pValue)} | ${c.significant ? '**yes**' : 'no'} |`),
    '',
  ];
}

function renderOffsets(report: ReportData): string[] {
  const methods = report.methods.map((row) => row.method);
  const cell = (rows: MethodRow[], method: string): string => {
    const row = rows.find((candidate) => candidate.method === method);
    return row === undefined ? '–' : formatCount(row.forbidden, row.probes);
  };
  return [
    '### 403s by time since upload',
    '',
    `| phase | offset | ${methods.map((method) => `${escapeCell(method)} 403`).join(' | ')} | unexpected (all methods) |`,
    `|:--|--:|${methods.map(() => '--:').join('|')}|--:|`,
    ...report.byOffset.map((offset) => {
      const unexpected = offset.methods.reduce((total, row) => total + row.unexpected, 0);
      const probes = offset.methods.reduce((total, row) => total + row.probes, 0);
      return `| ${offset.phase} | ${offset.label} | ${methods.map((method) => cell(offset.methods, method)).join(' | ')} | ${formatCount(unexpected, probes)} |`;
    }),
    '',
  ];
}

function renderPhases(report: ReportData): string[] {
  return [
    '### By phase',
    '',
    '| phase | method | probes | 403 | 403 rate [95% CI] | unexpected · rate [95% CI] |',
    '|:--|:--|--:|--:|--:|--:|',
    ...report.byPhase.flatMap((phase) => phase.methods.map((row) => `| ${phase.phase} | ${escapeCell(row.method)} | ${row.probes} | ${row.forbidden} | ${formatForbiddenRate(row)} | ${formatUnexpectedRate(row)} |`)),
    '',
  ];
}

function renderFollowUps(report: ReportData): string[] {
  if (report.followUps.length === 0) return [];
  return [
    '### Follow-up probes',
    '',
    'A HEAD error has no body, so it cannot say why it failed; a ranged GET on the same key, fired at once, can.',
    '',
    '| after | follow-up | answered | probes |',
    '|:--|:--|:--|--:|',
    ...report.followUps.map((row) => `| ${escapeCell(row.trigger)} | ${escapeCell(row.method)} | ${escapeCell(row.answer)} | ${row.probes} |`),
    '',
  ];
}

function renderCredentials(report: ReportData): string[] {
  const credentials = listCredentialTable(report);
  if (credentials === null) return [];
  return [
    `### ${credentials.heading}`,
    '',
    `| ${credentials.headers.join(' | ')} |`,
    `|${credentials.headers.map(() => ':--').join('|')}|`,
    ...credentials.rows.map((cells) => `| ${cells.map(escapeCell).join(' | ')} |`),
    '',
    ...(credentials.more > 0 ? [`…and ${credentials.more} more (\`--format json\` lists every one).`, ''] : []),
  ];
}

function renderAnomalies(report: ReportData): string[] {
  const { total, rows } = report.anomalies;
  const heading = `### Anomalies: ${total} unexpected answer${total === 1 ? '' : 's'}${rows.length < total ? ` (first ${rows.length} shown)` : ''}`;
  if (total === 0) return [heading, '', 'Every planned probe got the answer S3 should give.', ''];
  const lines = [
    heading,
    '',
    '| time (UTC) | method | key | status | error code | x-amz-request-id | x-amz-id-2 | remote IP | attempt | follow-up |',
    '|:--|:--|:--|:--|:--|:--|:--|:--|--:|:--|',
    ...rows.map((a) => `| ${a.timeUtc} | ${escapeCell(a.method)} | ${code(a.key)} | ${formatStatus(a.status, a.errorClass)} | ${escapeCell(a.errorCode ?? '')} | ${code(a.requestId ?? '')} | ${code(a.extendedRequestId ?? '')} | ${escapeCell(a.remoteAddress ?? '')} | ${a.attempt ?? ''} | ${escapeCell(a.followUp ?? '')} |`),
    '',
  ];
  if (rows.length < total) {
    const runs = report.subject.runIds.join(',');
    lines.push(`…and ${total - rows.length} more: \`s3probe export --run ${runs} --format csv\` writes every probe.`, '');
  }
  return lines;
}

function renderReproduction(report: ReportData): string[] {
  const path = report.scenario.path;
  return [
    '### How to reproduce',
    '',
    `Save the scenario above as \`${path.replace(/`/g, '')}\`, then run:`,
    '',
    '```sh',
    ...report.reproduce,
    '```',
    '',
    'The seed reproduces the plan exactly (keys, sizes, offsets, method order); the answers are what is being measured.',
    '',
  ];
}

/** Keeps user-supplied text from breaking the table structure. */
function escapeCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/([*_`[\]<>])/g, '\\$1');
}

/** A code span that survives backticks and pipes in the value. */
function code(text: string): string {
  if (text === '') return '';
  const clean = text.replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|');
  const ticks = '`'.repeat(longestRun(clean, '`') + 1);
  return clean.includes('`') ? `${ticks} ${clean} ${ticks}` : `\`${clean}\``;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let current = 0;
  for (const c of text) {
    current = c === char ? current + 1 : 0;
    longest = Math.max(longest, current);
  }
  return longest;
}
