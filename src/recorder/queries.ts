// The read side of the results database: find runs, stream a run's probes, list its objects.
import type { ObjectRecord } from '../probes/probe-record.js';
import { HarnessError } from '../errors.js';
import type { Db } from './database.js';
import type { ProbeRow, RunRow } from './rows.js';

export type { GroundTruthRows, ProbeRow, RunRow } from './rows.js';

const RUN_COLUMNS = `id, scenario_name AS scenarioName, scenario_text AS scenarioText, status,
  started_at_ms AS startedAtMs, ended_at_ms AS endedAtMs, target, endpoint, region, bucket, prefix,
  seed, concurrency, max_attempts AS maxAttempts, planned_probes AS plannedProbes,
  harness_version AS harnessVersion, sdk_version AS sdkVersion, node_version AS nodeVersion,
  host_name AS hostName, command_line AS commandLine, note`;

/** How many existing ids an "unknown run" message lists. */
const IDS_IN_MESSAGE = 5;

/** All runs, oldest first. */
export function listRuns(db: Db): RunRow[] {
  return db.prepare(`SELECT ${RUN_COLUMNS} FROM runs ORDER BY started_at_ms, id`).all() as RunRow[];
}

/**
 * Finds a run by exact id, by a unique id prefix, or 'latest' (most recently started).
 * Throws HarnessError E_USAGE when there is no such run, listing the most recent ids.
 */
export function resolveRun(db: Db, selector: 'latest' | string): RunRow {
  if (selector === 'latest') {
    const latest = db.prepare(`SELECT ${RUN_COLUMNS} FROM runs ORDER BY started_at_ms DESC, id DESC LIMIT 1`).get();
    if (latest === undefined) {
      throw new HarnessError('E_USAGE', `No runs in results database ${db.name}. Start one with \`s3probe run <scenario>\`, or point at another results file.`);
    }
    return latest as RunRow;
  }
  const exact = db.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`).get(selector);
  if (exact !== undefined) return exact as RunRow;

  const matches = db
    .prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE substr(id, 1, length(?)) = ? ORDER BY started_at_ms DESC, id DESC`)
    .all(selector, selector) as RunRow[];
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    throw new HarnessError(
      'E_USAGE',
      `Run id prefix '${selector}' matches ${matches.length} runs in ${db.name} (${listIds(matches)}). Give more of the id.`,
    );
  }
  const recent = db.prepare(`SELECT id FROM runs ORDER BY started_at_ms DESC, id DESC LIMIT ?`).all(IDS_IN_MESSAGE) as Array<{ id: string }>;
  const known = recent.length === 0 ? 'it has no runs' : `most recent: ${listIds(recent)}`;
  throw new HarnessError('E_USAGE', `No run '${selector}' in results database ${db.name} (${known}). Use a listed id or 'latest'.`);
}

function listIds(rows: Array<{ id: string }>): string {
  const shown = rows.slice(0, IDS_IN_MESSAGE).map((row) => row.id);
  return rows.length > IDS_IN_MESSAGE ? `${shown.join(', ')}, …` : shown.join(', ');
}

/**
 * Streams a run's probes with their last attempt's facts, each object's together (by key, then insertion: the
 * (run_id, object_key) index order, so SQLite never sorts), follow-ups included. streamProbes is the faster path.
 * The connection is busy until the iterator is exhausted or returned: run other queries on it afterwards.
 */
export function iterateProbes(db: Db, runId: string): IterableIterator<ProbeRow> {
  return db
    .prepare(
      `SELECT p.object_key AS objectKey, p.method, p.phase, p.offset_ms AS offsetMs, p.status, p.error_code AS errorCode,
         p.error_class AS errorClass, p.latency_ms AS latencyMs, p.attempts, p.started_at_ms AS startedAtMs,
         p.planned_at_ms AS plannedAtMs, p.trigger, p.key_listed AS keyListed, p.arm, a.remote_address AS remoteAddress,
         a.socket_requests AS socketRequests, a.credential_kind AS credentialKind, a.credential_expires_at_ms - a.started_at_ms AS credentialLeftMs
       FROM probes p LEFT JOIN attempts a ON a.probe_id = p.id AND a.attempt = p.attempts
       WHERE p.run_id = ? ORDER BY p.object_key, p.id`,
    )
    .iterate(runId) as IterableIterator<ProbeRow>;
}

interface ObjectRow extends Omit<ObjectRecord, 'deleted'> {
  deleted: number;
}

/** A run's uploaded objects in upload order. */
export function readObjects(db: Db, runId: string): ObjectRecord[] {
  const rows = db
    .prepare(
      `SELECT run_id AS runId, key, size_bytes AS sizeBytes, upload_started_at_ms AS uploadStartedAtMs,
         upload_ended_at_ms AS uploadEndedAtMs, status, error_code AS errorCode, etag, deleted
       FROM objects WHERE run_id = ? ORDER BY upload_started_at_ms, key`,
    )
    .all(runId) as ObjectRow[];
  return rows.map((row) => ({ ...row, deleted: row.deleted === 1 }));
}

/** Keys a run recorded as uploaded (any status: a failed PUT may still have landed) and not marked deleted. */
export function readUndeletedKeys(db: Db, runId: string): string[] {
  return (db.prepare('SELECT key FROM objects WHERE run_id = ? AND deleted = 0 ORDER BY key').all(runId) as Array<{ key: string }>).map((row) => row.key);
}
