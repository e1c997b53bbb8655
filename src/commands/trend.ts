// `s3probe trend`: one row per run (a shard group counts once) with its per-method 403 counts and rates, oldest first.
import { EXIT, HarnessError } from '../errors.js';
import { readTrend } from '../recorder/trend-queries.js';
import { renderTrendJson, renderTrendMarkdown, renderTrendTable } from '../report/trend-render.js';
import { buildTrend } from '../stats/trend.js';
import type { CommandIo } from './io.js';
import { openExistingDatabase } from './open-existing.js';

export const TREND_FORMATS = ['table', 'markdown', 'json'] as const;
export type TrendFormat = (typeof TREND_FORMATS)[number];

export interface TrendArgs {
  dbPath: string;
  /** Only runs of this scenario name. */
  scenario?: string;
  /** Only the last N runs. */
  last?: number;
  format: TrendFormat;
}

export function trendCommand(args: TrendArgs, io: CommandIo): number {
  if (args.last !== undefined && (!Number.isInteger(args.last) || args.last < 1)) {
    throw new HarnessError('E_USAGE', `--last: expected a whole number ≥ 1, got ${args.last}.`);
  }
  const db = openExistingDatabase(args.dbPath);
  try {
    const points = buildTrend(readTrend(db, { scenario: args.scenario, last: args.last }));
    if (points.length === 0 && args.scenario !== undefined) {
      const names = (db.prepare('SELECT DISTINCT scenario_name AS name FROM runs ORDER BY name').all() as Array<{ name: string }>).map((row) => row.name);
      throw new HarnessError('E_USAGE', `--scenario: no runs of scenario '${args.scenario}' in ${args.dbPath} (scenarios: ${names.join(', ') || 'none'}).`);
    }
    io.out({ table: renderTrendTable, markdown: renderTrendMarkdown, json: renderTrendJson }[args.format](points));
    return EXIT.ok;
  } finally {
    db.close();
  }
}
