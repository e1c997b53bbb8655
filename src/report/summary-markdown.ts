// Renders a Summary as GitHub-flavoured Markdown (for CI job summaries, issues and AWS Support cases).
import type { Summary } from '../summary/summarise.js';
import { formatDuration } from './format.js';
import { describeArms } from './summary-arms.js';
import { describeForbiddenBy } from './summary-forbidden-by.js';
import { describeFollowUps, describeGroundTruth, describeStableAfter, listClassGrid } from './summary-extras.js';
import { SUMMARY_LEGEND, describeRunFacts, listSummaryRows, selectColumns, type SummaryRow } from './summary-rows.js';

export function renderSummaryMarkdown(summary: Summary): string {
  const run = summary.run;
  const rows = listSummaryRows(summary);
  const columns = selectColumns(rows);
  const facts = [
    ['run', `\`${run.id}\``],
    ['status', run.status],
    ['duration', formatDuration(run.durationMs)],
    ...describeRunFacts(summary).map(([label, value]) => [label, escapeCell(value)]),
  ];
  const header = `| method | ${columns.map((column) => column.header).join(' | ')} |`;
  const rule = `|:--|${columns.map(() => '--:').join('|')}|`;
  const body = rows.map((row) => `| ${labelRow(row)} | ${columns.map((column) => column.cell(row.stats)).join(' | ')} |`);
  return [
    `## s3probe summary: run \`${run.id}\``,
    '',
    ...facts.map(([label, value]) => `- **${label}**: ${value}`),
    '',
    header,
    rule,
    ...body,
    '',
    ...renderClasses(summary),
    '',
    ...renderFindings(summary),
    ...SUMMARY_LEGEND.map((line) => `_${line}_  `),
    '',
  ].join('\n');
}

function renderClasses(summary: Summary): string[] {
  const grid = listClassGrid(summary);
  return [
    `| ${grid.header.join(' | ')} |`,
    `|:--|${grid.header.slice(1).map(() => '--:').join('|')}|`,
    ...grid.rows.map(([label, ...counts]) => `| **${escapeCell(label)}** | ${counts.join(' | ')} |`),
  ];
}

/** Follow-ups, stable-after, where 403s cluster, arms and ground truth as a list (ground-truth detail nested); nothing when there is none. */
function renderFindings(summary: Summary): string[] {
  const findings = [describeFollowUps(summary), describeStableAfter(summary), ...describeForbiddenBy(summary), ...describeArms(summary)].filter((line): line is string => line !== null);
  const [truthHeadline, ...truthDetail] = describeGroundTruth(summary);
  const lines = findings.map((line) => `- ${escapeCell(line)}`);
  if (truthHeadline !== undefined) lines.push(`- ${escapeCell(truthHeadline)}`, ...truthDetail.map((line) => `  - ${escapeCell(line.trim())}`));
  return lines.length === 0 ? [] : [...lines, ''];
}

function labelRow(row: SummaryRow): string {
  if (row.kind === 'phase') return `${escapeCell(row.method)} · ${row.phase}`;
  return `**${escapeCell(row.method)}**`;
}

/** Keeps user-supplied text (scenario names, notes) from breaking the Markdown structure. */
function escapeCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/([*_`[\]<>])/g, '\\$1');
}
