// The read side of reports: outcome counts, follow-ups, anomalies and a timeline sample for a set of runs, aggregated in SQL.
import { METHODS, PHASES } from '../probes/probe-record.js';
import type { AnomalyInput, FollowUpGroup, OutcomeGroup, TimelineInput } from '../stats/report-inputs.js';
import { expectedKeyListed, expectedStatuses, isUnexpected } from '../summary/expected-status.js';
import type { Db } from './database.js';
import { IN_RUN_IDS } from './run-facts.js';

/** Planned probes (follow-ups excluded) counted per method, phase, offset and answer. A few hundred rows for any run size. */
export function readOutcomeGroups(db: Db, runIds: readonly string[]): OutcomeGroup[] {
  return db
    .prepare(
      `SELECT method, phase, offset_ms AS offsetMs, status, error_code AS errorCode, error_class AS errorClass, key_listed AS keyListed,
         count(*) AS probes
       FROM probes WHERE run_id ${IN_RUN_IDS} AND trigger = 'plan'
       GROUP BY method, phase, offset_ms, status, error_code, error_class, key_listed`,
    )
    .all(JSON.stringify(runIds)) as OutcomeGroup[];
}

/** Follow-up probes counted per the probe they follow (method, status) and their own answer. */
export function readFollowUpGroups(db: Db, runIds: readonly string[]): FollowUpGroup[] {
  return db
    .prepare(
      `SELECT coalesce(t.method, 'unlinked') AS triggerMethod, t.status AS triggerStatus, f.method, f.status,
         f.error_code AS errorCode, f.error_class AS errorClass, count(*) AS probes
       FROM probes f LEFT JOIN probes t ON t.run_id = f.run_id AND t.seq = f.follows_seq
       WHERE f.run_id ${IN_RUN_IDS} AND f.trigger <> 'plan'
       GROUP BY 1, 2, 3, 4, 5, 6`,
    )
    .all(JSON.stringify(runIds)) as FollowUpGroup[];
}

/**
 * SQL that is true for every planned probe whose status is expected for a known method and phase (expected-status.ts),
 * so `status IS NULL OR NOT (…)` keeps a superset of the unexpected ones; rows are then checked with isUnexpected itself.
 */
function expectedClause(alias: string): string {
  const clauses: string[] = [];
  for (const method of METHODS) {
    for (const phase of PHASES) {
      const statuses = expectedStatuses(method, phase);
      if (statuses === null || statuses.length === 0) continue;
      const listed = expectedKeyListed(method, phase);
      // A listing is expected only when it named the key as it should (or whether it did is unknown: isUnexpected's rule).
      const listing = listed === null ? '' : ` AND (${alias}.key_listed IS NULL OR ${alias}.key_listed = ${listed ? 1 : 0})`;
      clauses.push(`(${alias}.method = '${method}' AND ${alias}.phase = '${phase}' AND ${alias}.status IN (${statuses.join(', ')})${listing})`);
    }
  }
  return clauses.length === 0 ? '0' : clauses.join(' OR ');
}

/**
 * The first `limit` unexpected planned probes in time order, each with its last attempt's evidence and its follow-up's answer.
 * Sorts only the candidate rows (probes whose status was not plainly expected).
 */
export function readAnomalies(db: Db, runIds: readonly string[], limit: number): AnomalyInput[] {
  const rows: AnomalyInput[] = [];
  if (limit <= 0) return rows;
  const statement = db.prepare(
    `SELECT p.run_id AS runId, coalesce(a.started_at_ms, p.started_at_ms) AS startedAtMs, p.method, p.phase, p.offset_ms AS offsetMs,
       p.object_key AS objectKey, p.status, p.error_code AS errorCode, p.error_class AS errorClass, p.key_listed AS keyListed,
       coalesce(a.request_id, p.request_id) AS requestId, coalesce(a.extended_request_id, p.extended_request_id) AS extendedRequestId,
       a.remote_address AS remoteAddress, a.attempt,
       f.method AS followUpMethod, f.status AS followUpStatus, f.error_code AS followUpErrorCode, f.error_class AS followUpErrorClass
     FROM probes p
     LEFT JOIN attempts a ON a.probe_id = p.id AND a.attempt = p.attempts
     LEFT JOIN probes f ON f.run_id = p.run_id AND f.follows_seq = p.seq AND f.trigger <> 'plan'
     WHERE p.run_id ${IN_RUN_IDS} AND p.trigger = 'plan' AND (p.status IS NULL OR NOT (${expectedClause('p')}))
     ORDER BY p.started_at_ms, p.id`,
  );
  for (const row of statement.iterate(JSON.stringify(runIds)) as IterableIterator<AnomalyInput>) {
    if (!isUnexpected(row.method, row.phase, row.status, row.keyListed)) continue;
    rows.push(row);
    if (rows.length >= limit) break;
  }
  return rows;
}

export interface TimelineSampleOptions {
  /** Unexpected probes are all kept, up to this many. Default 3000. */
  maxUnexpected?: number;
  /** Expected probes are thinned to about this many, evenly over the run. Default 2000. */
  maxExpected?: number;
}

/**
 * Planned probes to plot on a timeline: every unexpected one (up to a cap) and every k-th expected one, in recording order.
 * Streams the rows once; memory is bounded by the caps.
 */
export function readTimelineSample(db: Db, runIds: readonly string[], options: TimelineSampleOptions = {}): { probes: number; rows: TimelineInput[] } {
  const maxUnexpected = options.maxUnexpected ?? 3000;
  const maxExpected = options.maxExpected ?? 2000;
  const ids = JSON.stringify(runIds);
  const probes = (db.prepare(`SELECT count(*) AS n FROM probes WHERE run_id ${IN_RUN_IDS} AND trigger = 'plan'`).get(ids) as { n: number }).n;
  const stride = Math.max(1, Math.ceil(probes / maxExpected));
  const rows: TimelineInput[] = [];
  let unexpected = 0;
  let expectedSeen = 0;
  const statement = db.prepare(
    `SELECT started_at_ms AS startedAtMs, method, phase, status, error_code AS errorCode, error_class AS errorClass, key_listed AS keyListed
     FROM probes WHERE run_id ${IN_RUN_IDS} AND trigger = 'plan'`,
  );
  for (const row of statement.iterate(ids) as IterableIterator<TimelineInput>) {
    if (isUnexpected(row.method, row.phase, row.status, row.keyListed)) {
      if (unexpected < maxUnexpected) rows.push(row);
      unexpected += 1;
    } else if (expectedSeen++ % stride === 0) {
      rows.push(row);
    }
  }
  return { probes, rows };
}
