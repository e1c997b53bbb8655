// Renders the trend of a scenario's runs (one row per run or shard group) as a terminal table, Markdown, or JSON (trendVersion 1).
import { formatPercent } from './format.js';
import type { TrendPoint } from './report-model.js';
import { formatMarkdownTable, formatTextTable, type TableColumn } from './text-table.js';

export const TREND_VERSION = 1;

/** Methods in the order they first appear (each point lists its methods canonically, totals last). */
function listMethods(points: readonly TrendPoint[]): string[] {
  const methods: string[] = [];
  for (const point of points) for (const row of point.methods) if (!methods.includes(row.method)) methods.push(row.method);
  const all = methods.indexOf('all');
  if (all >= 0) methods.push(...methods.splice(all, 1));
  return methods;
}

function columnsAndRows(points: readonly TrendPoint[]): { columns: TableColumn[]; rows: string[][] } {
  const methods = listMethods(points);
  const columns: TableColumn[] = [
    { header: 'run start (UTC)' }, { header: 'run' }, { header: 'status' },
    ...methods.map((method) => ({ header: `${method} 403`, numeric: true })),
    { header: 'unexpected', numeric: true },
  ];
  const rows = points.map((point) => {
    const cell = (method: string): string => {
      const row = point.methods.find((candidate) => candidate.method === method);
      if (row === undefined || row.probes === 0) return '–';
      return `${row.forbidden}/${row.probes} ${formatPercent(row.forbiddenRate, 2)}`;
    };
    const totals = point.methods.find((row) => row.method === 'all');
    const label = point.runIds.length > 1 ? `${point.label} (${point.runIds.length} runs)` : point.label;
    return [point.startedAt.slice(0, 19).replace('T', ' '), label, point.status, ...methods.map(cell), totals === undefined ? '–' : String(totals.unexpected)];
  });
  return { columns, rows };
}

export function renderTrendTable(points: readonly TrendPoint[]): string {
  if (points.length === 0) return 'no runs match\n';
  const { columns, rows } = columnsAndRows(points);
  return `${formatTextTable(columns, rows)}\n`;
}

export function renderTrendMarkdown(points: readonly TrendPoint[]): string {
  if (points.length === 0) return '_no runs match_\n';
  const { columns, rows } = columnsAndRows(points);
  return `## s3probe trend\n\n${formatMarkdownTable(columns, rows)}\n`;
}

export function renderTrendJson(points: readonly TrendPoint[]): string {
  return `${JSON.stringify({ trendVersion: TREND_VERSION, runs: points }, null, 2)}\n`;
}
