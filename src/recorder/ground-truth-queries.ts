// The read side of the ground truth: a run's endpoint log joined to its recorded attempts on request id, counted in SQL.
import type { Db } from './database.js';
import type { AttemptTallyRow, EndpointTallyRow, GroundTruthRows } from './rows.js';

/**
 * One pass over the run's log: each entry joined to the attempt carrying its request id (and that attempt's probe),
 * counted per (probe method, trigger, operation, status, decided_by, recorded status). The unary `+` keeps SQLite on
 * the request-id index: without statistics it may prefer the run index and scan the whole log for every entry.
 */
export const ENDPOINT_TALLY_SQL = `
  SELECT p.method, p.trigger, e.operation, e.status, e.decided_by AS decidedBy, a.status AS recordedStatus, count(*) AS requests
  FROM endpoint_log e
  LEFT JOIN attempts a ON a.request_id = e.request_id AND +a.run_id = e.run_id
  LEFT JOIN probes p ON p.id = a.probe_id
  WHERE e.run_id = ?
  GROUP BY p.method, p.trigger, e.operation, e.status, e.decided_by, a.status`;

/** Attempts without a request id (no response): few, found through the request-id index (`+` as above). */
export const ATTEMPTS_WITHOUT_REQUEST_ID_SQL = `
  SELECT p.method, p.trigger, a.status, count(*) AS attempts
  FROM attempts a JOIN probes p ON p.id = a.probe_id
  WHERE a.request_id IS NULL AND +a.run_id = ?
  GROUP BY p.method, p.trigger, a.status`;

/**
 * The run's endpoint log tallied against its recorded attempts, or null when the run has no endpoint log (target s3,
 * or a file written before schema version 2). A few dozen rows come back however many requests the run made; the
 * cost is one indexed join per logged request (the attempts table is not scanned: its total comes from
 * `probes.attempts`).
 */
export function readGroundTruth(db: Db, runId: string): GroundTruthRows | null {
  const logged = db.prepare('SELECT 1 FROM endpoint_log WHERE run_id = ? LIMIT 1').get(runId);
  if (logged === undefined) return null;
  const endpoint = db.prepare(ENDPOINT_TALLY_SQL).all(runId) as EndpointTallyRow[];
  const withoutRequestId = db.prepare(ATTEMPTS_WITHOUT_REQUEST_ID_SQL).all(runId) as AttemptTallyRow[];
  const attempts = db.prepare('SELECT coalesce(sum(attempts), 0) FROM probes WHERE run_id = ?').pluck().get(runId) as number;
  return { endpoint, withoutRequestId, attempts };
}
