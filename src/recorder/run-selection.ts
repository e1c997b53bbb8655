// Chooses the runs a command reads: one run (id, prefix, latest), a comma-separated list, or a shard group; and joins them for the summary.
import { HarnessError } from '../errors.js';
import type { Db } from './database.js';
import { iterateProbes, resolveRun } from './queries.js';
import type { ProbeRow, RunRow, RunStatus } from './rows.js';
import { RUN_FACT_EVENTS } from './run-facts.js';

export interface RunSelection {
  /** 'run' for a single run; 'group' for several (a list, or the shards of one plan). */
  kind: 'run' | 'group';
  /** The run id, the group name, or the ids joined with commas. */
  label: string;
  /** Oldest first; never empty. */
  runs: RunRow[];
}

export interface SelectionArgs {
  /** 'latest', a run id, a unique id prefix, or several of these separated by commas. */
  run: string;
  /** Name of a shard group (`run --shard i/n --group NAME`); overrides `run` when set. */
  group?: string;
}

/** Resolves `--run` / `--group`. Throws HarnessError E_USAGE naming the flag when nothing matches. */
export function resolveRunSelection(db: Db, args: SelectionArgs): RunSelection {
  if (args.group !== undefined && args.group !== '') return resolveGroup(db, args.group);
  const selectors = args.run.split(',').map((part) => part.trim()).filter((part) => part !== '');
  if (selectors.length === 0) throw new HarnessError('E_USAGE', `--run: expected a run id, 'latest' or ids separated by commas; got '${args.run}'.`);
  const runs = new Map<string, RunRow>();
  for (const selector of selectors) {
    const run = resolveRun(db, selector);
    runs.set(run.id, run);
  }
  const ordered = sortRuns([...runs.values()]);
  if (ordered.length === 1) return { kind: 'run', label: ordered[0].id, runs: ordered };
  return { kind: 'group', label: ordered.map((run) => run.id).join(','), runs: ordered };
}

function resolveGroup(db: Db, group: string): RunSelection {
  const ids = db
    .prepare(`SELECT DISTINCT run_id AS id FROM run_events WHERE kind = ? AND json_valid(detail) AND json_extract(detail, '$.group') = ?`)
    .all(RUN_FACT_EVENTS.shard, group) as Array<{ id: string }>;
  if (ids.length === 0) {
    const known = listRunGroups(db).slice(0, 5).map((entry) => `${entry.group} (${entry.runs} runs)`);
    const hint = known.length === 0 ? 'it has no sharded runs' : `groups: ${known.join(', ')}`;
    throw new HarnessError('E_USAGE', `--group: no runs of group '${group}' in results database ${db.name} (${hint}). Use a listed group, or --run ID,ID,….`);
  }
  return { kind: 'group', label: group, runs: sortRuns(ids.map((row) => resolveRun(db, row.id))) };
}

/** Shard groups recorded in the database, newest first. */
export function listRunGroups(db: Db): Array<{ group: string; runs: number }> {
  return db
    .prepare(
      `SELECT json_extract(detail, '$.group') AS "group", count(DISTINCT run_id) AS runs
       FROM run_events WHERE kind = ? AND json_valid(detail) AND json_extract(detail, '$.group') IS NOT NULL
       GROUP BY 1 ORDER BY max(at_ms) DESC`,
    )
    .all(RUN_FACT_EVENTS.shard) as Array<{ group: string; runs: number }>;
}

function sortRuns(runs: RunRow[]): RunRow[] {
  return runs.sort((a, b) => a.startedAtMs - b.startedAtMs || a.id.localeCompare(b.id));
}

/** Streams the probes of every run in the selection, run after run (each in iterateProbes order). */
export function* iterateSelectionProbes(db: Db, selection: RunSelection): IterableIterator<ProbeRow> {
  for (const run of selection.runs) yield* iterateProbes(db, run.id);
}

/** How bad a status is, for the status of a group: the worst of its runs. */
const STATUS_RANK: Record<string, number> = { completed: 0, running: 1, interrupted: 2, failed: 3 };

/** The worse of two run statuses (failed > interrupted > running > completed). */
export function worseStatus<S extends string>(a: S, b: S): S {
  return (STATUS_RANK[b] ?? 0) > (STATUS_RANK[a] ?? 0) ? b : a;
}

/**
 * One RunRow standing for the whole selection, so `summarise()` can describe a group: id = the label, earliest start,
 * latest end (null while any run is unfinished), summed planned probes and concurrency, the worst status, and the
 * distinct values of every descriptive field joined with ", ".
 */
export function combineRuns(selection: RunSelection): RunRow {
  const runs = selection.runs;
  if (runs.length === 1) return runs[0];
  const distinct = (pick: (run: RunRow) => string | null): string => [...new Set(runs.map(pick).filter((value): value is string => value !== null))].join(', ');
  const ended = runs.map((run) => run.endedAtMs);
  return {
    ...runs[0],
    id: selection.label,
    scenarioName: distinct((run) => run.scenarioName),
    status: runs.reduce<RunStatus>((worst, run) => worseStatus(worst, run.status), runs[0].status),
    startedAtMs: Math.min(...runs.map((run) => run.startedAtMs)),
    endedAtMs: ended.some((value) => value === null) ? null : Math.max(...(ended as number[])),
    target: distinct((run) => run.target),
    endpoint: distinct((run) => run.endpoint) || null,
    region: distinct((run) => run.region),
    bucket: distinct((run) => run.bucket),
    prefix: distinct((run) => run.prefix),
    concurrency: runs.reduce((sum, run) => sum + run.concurrency, 0),
    plannedProbes: runs.reduce((sum, run) => sum + run.plannedProbes, 0),
    hostName: distinct((run) => run.hostName),
    note: distinct((run) => run.note) || null,
  };
}
