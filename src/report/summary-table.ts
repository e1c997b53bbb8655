// Renders a Summary as a plain-text terminal table (ANSI colour only when asked for).
import type { Summary } from '../summary/summarise.js';
import { formatDuration } from './format.js';
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
  return [paint(title, BOLD), ...factLines, '', paint(header, BOLD), ...body, '', ...SUMMARY_LEGEND, ''].join('\n');
}

function labelRow(row: SummaryRow): string {
  return row.kind === 'phase' ? `  ${row.phase}` : row.method;
}
