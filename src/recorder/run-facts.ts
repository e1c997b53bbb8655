// Facts about a run beyond its `runs` row, kept as run events (shard, credential kind, clock offset), and read back for reports.
import type { RunFacts, ShardInfo } from '../report/report-model.js';
import { estimateClockOffset, type ClockOffsetEstimate, type DateHeaderGroup } from '../stats/clock-offset.js';
import type { RunFactsInput } from '../stats/report-inputs.js';
import type { Db } from './database.js';
import { recordRunEvent } from './runs.js';

/** `run_events.kind` values this module writes; `detail` holds the JSON shown beside each. */
export const RUN_FACT_EVENTS = {
  /** {"index": 0, "count": 4, "group": "nightly-20261204"} */
  shard: 'shard',
  /** {"kind": "temporary"} — the credential kind only, never a key or token. */
  credentials: 'credentials',
  /** {"offsetMs": 412.5, "lowMs": 120, "highMs": 705, "consistent": true, "attempts": 6000} */
  clockOffset: 'clock-offset',
} as const;

/** The SQL fragment that limits a query to the runs in a JSON array parameter. */
export const IN_RUN_IDS = 'IN (SELECT value FROM json_each(?))';

export function recordShard(db: Db, runId: string, atMs: number, shard: ShardInfo): void {
  recordRunEvent(db, runId, atMs, RUN_FACT_EVENTS.shard, shard);
}

export function recordCredentialKind(db: Db, runId: string, atMs: number, kind: string): void {
  recordRunEvent(db, runId, atMs, RUN_FACT_EVENTS.credentials, { kind });
}

/** Estimates the run's clock offset from its attempts' `Date` headers, stores it as a run event, and returns it. */
export function recordClockOffset(db: Db, runId: string, atMs: number): ClockOffsetEstimate | null {
  const estimate = estimateClockOffset(readDateGroups(db, runId));
  if (estimate !== null) recordRunEvent(db, runId, atMs, RUN_FACT_EVENTS.clockOffset, estimate);
  return estimate;
}

/** A run's attempts grouped by `Date` header (one group per second of run time). */
export function readDateGroups(db: Db, runId: string): DateHeaderGroup[] {
  return db
    .prepare(
      `SELECT response_date AS responseDate, min(ended_at_ms) AS minEndedAtMs, max(started_at_ms) AS maxStartedAtMs, count(*) AS attempts
       FROM attempts WHERE run_id = ? AND response_date IS NOT NULL GROUP BY response_date`,
    )
    .all(runId) as DateHeaderGroup[];
}

/** The latest event of `kind` for each run, parsed. */
export function readLatestEvents<T>(db: Db, runIds: readonly string[], kind: string): Map<string, T> {
  const rows = db
    .prepare(`SELECT run_id AS runId, detail FROM run_events WHERE run_id ${IN_RUN_IDS} AND kind = ? AND detail IS NOT NULL ORDER BY at_ms, id`)
    .all(JSON.stringify(runIds), kind) as Array<{ runId: string; detail: string }>;
  const latest = new Map<string, T>();
  for (const row of rows) {
    try {
      latest.set(row.runId, JSON.parse(row.detail) as T);
    } catch {
      // A detail that is not JSON was not written by s3probe; ignore it.
    }
  }
  return latest;
}

/** Shard of each run that recorded one. */
export function readShards(db: Db, runIds: readonly string[]): Map<string, ShardInfo> {
  const shards = new Map<string, ShardInfo>();
  for (const [runId, detail] of readLatestEvents<Partial<ShardInfo>>(db, runIds, RUN_FACT_EVENTS.shard)) {
    if (Number.isInteger(detail.index) && Number.isInteger(detail.count) && typeof detail.group === 'string') {
      shards.set(runId, { index: detail.index as number, count: detail.count as number, group: detail.group });
    }
  }
  return shards;
}

interface RunColumns extends Omit<RunFacts, 'startedAt' | 'endedAt' | 'durationMs' | 'probes' | 'followUps' | 'credentialKind' | 'shard' | 'clockOffset'> {
  scenarioText: string;
  startedAtMs: number;
  endedAtMs: number | null;
}

/** Everything a report says about each run, in the order of `runIds`. */
export function readRunFacts(db: Db, runIds: readonly string[]): RunFactsInput[] {
  const ids = JSON.stringify(runIds);
  const rows = db
    .prepare(
      `SELECT id, status, scenario_name AS scenarioName, scenario_path AS scenarioPath, scenario_text AS scenarioText, target,
         endpoint, region, bucket, prefix, seed, concurrency, max_attempts AS maxAttempts, planned_probes AS plannedProbes,
         started_at_ms AS startedAtMs, ended_at_ms AS endedAtMs, harness_version AS harnessVersion, sdk_version AS sdkVersion,
         node_version AS nodeVersion, platform, host_name AS hostName, command_line AS commandLine, note
       FROM runs WHERE id ${IN_RUN_IDS}`,
    )
    .all(ids) as RunColumns[];
  const counts = new Map(
    (db
      .prepare(`SELECT run_id AS runId, sum(trigger = 'plan') AS planned, sum(trigger <> 'plan') AS followUps FROM probes WHERE run_id ${IN_RUN_IDS} GROUP BY run_id`)
      .all(ids) as Array<{ runId: string; planned: number; followUps: number }>).map((row) => [row.runId, row]),
  );
  const credentials = readLatestEvents<{ kind?: unknown }>(db, runIds, RUN_FACT_EVENTS.credentials);
  const shards = readShards(db, runIds);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return runIds.flatMap((id) => {
    const row = byId.get(id);
    if (row === undefined) return [];
    const { startedAtMs, endedAtMs, ...columns } = row;
    const kind = credentials.get(id)?.kind;
    return [{
      ...columns,
      startedAt: new Date(startedAtMs).toISOString(),
      endedAt: endedAtMs === null ? null : new Date(endedAtMs).toISOString(),
      durationMs: endedAtMs === null ? null : Math.round(endedAtMs - startedAtMs),
      probes: counts.get(id)?.planned ?? 0,
      followUps: counts.get(id)?.followUps ?? 0,
      credentialKind: typeof kind === 'string' ? kind : row.target === 'local' ? 'static (the embedded endpoint\'s test identity)' : null,
      shard: shards.get(id) ?? null,
      dateGroups: readDateGroups(db, id),
    }];
  });
}
