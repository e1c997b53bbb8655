// The `runs` and `run_events` tables: a run's identity, its start and end, and notable moments in between.
import { HarnessError } from '../errors.js';
import type { Db } from './database.js';
import type { RunRow, RunStatus } from './rows.js';

export type { RunStatus } from './rows.js';

/** Everything known about a run when it starts; stored once in `runs` (the read-back RunRow plus two columns it omits). */
export type RunInfo = Omit<RunRow, 'status' | 'endedAtMs' | 'note'> & {
  scenarioPath: string;
  platform: string;
};

/** Inserts the run with status 'running'. */
export function insertRun(db: Db, info: RunInfo): void {
  db.prepare(
    `INSERT INTO runs (id, scenario_name, scenario_text, scenario_path, status, started_at_ms,
       harness_version, sdk_version, node_version, platform, host_name, command_line,
       target, endpoint, region, bucket, prefix, seed, concurrency, max_attempts, planned_probes)
     VALUES (?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    info.id, info.scenarioName, info.scenarioText, info.scenarioPath, info.startedAtMs,
    info.harnessVersion, info.sdkVersion, info.nodeVersion, info.platform, info.hostName, info.commandLine,
    info.target, info.endpoint, info.region, info.bucket, info.prefix, info.seed, info.concurrency,
    info.maxAttempts, info.plannedProbes,
  );
}

/** Sets the final status and end time (and an optional human-readable note, e.g. why it failed). */
export function finishRun(
  db: Db,
  runId: string,
  status: Exclude<RunStatus, 'running'>,
  endedAtMs: number,
  note?: string,
): void {
  const result = db
    .prepare('UPDATE runs SET status = ?, ended_at_ms = ?, note = ? WHERE id = ?')
    .run(status, endedAtMs, note ?? null, runId);
  if (result.changes === 0) {
    throw new HarnessError('E_INTERNAL', `finishRun: no run with id '${runId}' in ${db.name}; insertRun must come first.`);
  }
}

/** Appends a run event (e.g. 'preflight-ok', 'interrupted', 'cleanup'); `detail` is stored as JSON. */
export function recordRunEvent(db: Db, runId: string, atMs: number, kind: string, detail?: unknown): void {
  db.prepare('INSERT INTO run_events (run_id, at_ms, kind, detail) VALUES (?, ?, ?, ?)').run(
    runId,
    atMs,
    kind,
    detail === undefined ? null : JSON.stringify(detail),
  );
}

/** A sortable, UTC run id: `20261204T152807Z-3f9a1c` (second resolution plus 6 random hex digits). */
export function newRunId(now: Date, random: () => number): string {
  const stamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  const suffix = Math.min(0xffffff, Math.floor(random() * 0x1000000))
    .toString(16)
    .padStart(6, '0');
  return `${stamp}-${suffix}`;
}
