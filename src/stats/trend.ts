// Per-run (or per-run-group) 403 and unexpected counts over time, for `s3probe trend` and the report's trend chart (pure).
import type { TrendPoint } from '../report/report-model.js';
import { summariseMethods } from './rates.js';
import type { RunOutcomes } from './report-inputs.js';

/** One point per run or run group, oldest first, with per-method counts and the totals (method "all") last. */
export function buildTrend(runs: readonly RunOutcomes[]): TrendPoint[] {
  return [...runs]
    .sort((a, b) => a.startedAtMs - b.startedAtMs || a.label.localeCompare(b.label))
    .map((run) => {
      const { methods, totals } = summariseMethods(run.groups);
      return {
        label: run.label,
        runIds: run.runIds,
        startedAt: new Date(run.startedAtMs).toISOString(),
        status: run.status,
        methods: [...methods, totals].map((row) => ({
          method: row.method,
          probes: row.probes,
          forbidden: row.forbidden,
          forbiddenRate: row.forbiddenRate,
          unexpected: row.unexpected,
        })),
      };
    });
}
