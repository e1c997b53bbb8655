// Renders a Summary as a plain-text terminal table (ANSI colour only when asked for).
import type { Summary } from '../summary/summarise.js';
import { formatDuration } from './format.js';
import { describeArms } from './summary-arms.js';
import { describeForbiddenBy } from './summary-forbidden-by.js';
import { describeFollowUps, describeGroundTruth, describeStableAfter, listClassGrid, type ClassGrid } from './summary-extras.js';
import { SUMMARY_LEGEND, describeRunFacts, listSummaryRows, selectColumns, type SummaryRow } from './summary-rows.js';

const RED = '\u001b[31m';
const BOLD = '\u001b[1m';
const RESET = '\u001b[0m';
const GAP = '  ';

export function renderSummaryTable(summary: Summary, options: { color?: boolean } = {}): string {
  const color = options.color === true;
  const paint = (text: string, code: string): string => (color ? `${code}${text}${RESET}` : text);
  const rows = listSummaryRows(summary);
  const columns = selectColumns(rows);

  const labels = ['method', ...rows.map(labelRow)];
  const labelWidth = Math.max(...labels.map((label) => label.length));
  const cells = rows.map((row) => columns.map((column) => column.cell(row.stats)));
  const widths = columns.map((column, i) => Math.max(column.header.length, ...cells.map((rowCells) => rowCells[i].length)));

  const header = [labels[0].padEnd(labelWidth), ...columns.map((column, i) => column.header.padStart(widths[i]))].join(GAP);
  const body = rows.map((row, r) => {
    const rendered = columns.map((column, i) => {
      const text = cells[r][i].padStart(widths[i]);
      return column.alarming?.(row.stats) === true ? paint(text, RED) : text;
    });
    return [labels[r + 1].padEnd(labelWidth), ...rendered].join(GAP).trimEnd();
  });

  const run = summary.run;
  const title = `run ${run.id}  ${run.status}  target ${run.target}  ${formatDuration(run.durationMs)}`;
  const facts = describeRunFacts(summary)
    .filter(([label]) => label !== 'target' || run.endpoint !== null)
    .map(([label, value]) => `${label} ${value}`);
  const factLines = [facts.slice(0, 3), facts.slice(3)].filter((line) => line.length > 0).map((line) => line.join('  ·  '));
  const [classHeader, ...classRows] = alignGrid(listClassGrid(summary));
  const findings = [describeFollowUps(summary), describeStableAfter(summary)].filter((line): line is string => line !== null);
  findings.push(...describeForbiddenBy(summary), ...describeArms(summary));
  const truth = describeGroundTruth(summary);
  if (truth.length > 0 && summary.groundTruth !== null && summary.groundTruth.statusMismatches > 0) truth[0] = paint(truth[0], RED);
  return [
    paint(title, BOLD), ...factLines, '',
    paint(header, BOLD), ...body, '',
    paint(classHeader, BOLD), ...classRows, '',
    ...(findings.length + truth.length > 0 ? [...findings, ...truth, ''] : []),
    ...SUMMARY_LEGEND, '',
  ].join('\n');
}

/** Label column left-aligned, counts right-aligned, two spaces apart. */
function alignGrid(grid: ClassGrid): string[] {
  const lines = [grid.header, ...grid.rows];
  const widths = grid.header.map((_, i) => Math.max(...lines.map((cells) => cells[i].length)));
  return lines.map((cells) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(GAP).trimEnd());
}

function labelRow(row: SummaryRow): string {
  return row.kind === 'phase' ? `  ${row.phase}` : row.method;
}
