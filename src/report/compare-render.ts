// Renders a comparison of two runs as a terminal table, Markdown, or JSON (compareVersion 1).
import type { CompareData, CompareRate, CompareRow, CompareSide } from './compare-model.js';
import { formatRate } from './format.js';
import { formatPValue } from './report-cells.js';
import { formatMarkdownTable, formatTextTable, type TableColumn } from './text-table.js';

type Metric = 'forbidden' | 'unexpected';
const METRIC_TITLES: Record<Metric, string> = { forbidden: '403 rate', unexpected: 'unexpected-answer rate' };

function columnsFor(metric: Metric): TableColumn[] {
  const what = metric === 'forbidden' ? '403' : 'unexpected';
  return [
    { header: 'method' },
    { header: 'A probes', numeric: true }, { header: `A ${what}`, numeric: true }, { header: 'A rate [95% CI]', numeric: true },
    { header: 'B probes', numeric: true }, { header: `B ${what}`, numeric: true }, { header: 'B rate [95% CI]', numeric: true },
    { header: 'Fisher p (two-sided)' }, { header: 'significant' },
  ];
}

function cellsFor(row: CompareRow, metric: Metric, level: number): string[] {
  const { a, b, pValue, significant } = row[metric];
  const side = (rate: CompareRate): string[] => [String(rate.probes), String(rate.count), formatRate(rate.rate, rate.ci95, rate.probes)];
  const verdict = a.probes === 0 || b.probes === 0 ? 'no data' : significant ? `yes (p < ${level})` : 'no';
  return [row.method, ...side(a), ...side(b), formatPValue(pValue), verdict];
}

function describeSide(name: string, side: CompareSide): string {
  return `${name}: ${side.label} — scenario ${side.scenario}, started ${side.startedAt}, ${side.status}${side.runIds.length > 1 ? `, ${side.runIds.length} runs` : ''}`;
}

export function renderCompareTable(data: CompareData): string {
  const blocks = (['forbidden', 'unexpected'] as const).map((metric) => `${METRIC_TITLES[metric]}\n${formatTextTable(columnsFor(metric), data.rows.map((row) => cellsFor(row, metric, data.significanceLevel)))}`);
  return [describeSide('A', data.a), describeSide('B', data.b), '', blocks.join('\n\n'), '', 'Rates count planned probes; intervals are Wilson 95%; p is Fisher\'s exact test of A vs B.', ''].join('\n');
}

export function renderCompareMarkdown(data: CompareData): string {
  return [
    `## s3probe compare: \`${data.a.label}\` vs \`${data.b.label}\``,
    '',
    `- ${describeSide('**A**', data.a)}`,
    `- ${describeSide('**B**', data.b)}`,
    '',
    ...(['forbidden', 'unexpected'] as const).flatMap((metric) => [
      `### ${METRIC_TITLES[metric]}`,
      '',
      formatMarkdownTable(columnsFor(metric), data.rows.map((row) => cellsFor(row, metric, data.significanceLevel))),
      '',
    ]),
    '_Rates count planned probes; intervals are Wilson 95%; p is Fisher\'s exact test of A vs B._',
    '',
  ].join('\n');
}

export function renderCompareJson(data: CompareData): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}
