// The read side of `s3probe trend` and the report's trend chart: runs (shard groups folded into one) with their outcome counts.
import type { RunOutcomes } from '../stats/report-inputs.js';
import type { Db } from './database.js';
import { listRuns } from './queries.js';
import { readOutcomeGroups } from './report-queries.js';
import { readShards } from './run-facts.js';
import { worseStatus } from './run-selection.js';

export interface TrendArgs {
  /** Only runs of this scenario name. */
  scenario?: string;
  /** Only the last N runs (a shard group counts once). */
  last?: number;
}

/** One entry per run, or per shard group (its runs together), oldest first, each with its planned probes' outcome counts. */
export function readTrend(db: Db, args: TrendArgs = {}): RunOutcomes[] {
  const runs = listRuns(db).filter((run) => args.scenario === undefined || run.scenarioName === args.scenario);
  const shards = readShards(db, runs.map((run) => run.id));
  const subjects = new Map<string, Omit<RunOutcomes, 'groups'>>();
  for (const run of runs) {
    const label = shards.get(run.id)?.group ?? run.id;
    const subject = subjects.get(label);
    if (subject === undefined) {
      subjects.set(label, { label, runIds: [run.id], startedAtMs: run.startedAtMs, status: run.status });
    } else {
      subject.runIds.push(run.id);
      subject.startedAtMs = Math.min(subject.startedAtMs, run.startedAtMs);
      subject.status = worseStatus(subject.status, run.status);
    }
  }
  const ordered = [...subjects.values()].sort((a, b) => a.startedAtMs - b.startedAtMs || a.label.localeCompare(b.label));
  const chosen = args.last === undefined ? ordered : ordered.slice(Math.max(0, ordered.length - args.last));
  return chosen.map((subject) => ({ ...subject, groups: readOutcomeGroups(db, subject.runIds) }));
}
