// The read side of experiment arms: planned probes and their 403s per (arm, method), and 403s by remote IP and socket age, counted in SQL.
import type { Db } from './database.js';
import type { ArmTallies, ArmTallyRow, ForbiddenTallyRow } from './rows.js';

export type { ArmTallies } from './rows.js';

/** Socket age of an attempt: requests its socket had carried, this one included (schema v3 `attempts.socket_requests`). */
export const SOCKET_REQUESTS_BUCKET_SQL = `CASE
    WHEN a.socket_requests IS NULL THEN 'unknown'
    WHEN a.socket_requests = 1 THEN '1'
    WHEN a.socket_requests <= 10 THEN '2-10'
    WHEN a.socket_requests <= 100 THEN '11-100'
    ELSE '>100' END`;

/** Tallies for the given runs (one run, or a shard group summarised as one); the 403 breakdowns join only 403 probes. */
export function readArmTallies(db: Db, runIds: readonly string[]): ArmTallies {
  const inRuns = `p.run_id IN (${runIds.map(() => '?').join(', ')})`;
  const arms = db
    .prepare(`SELECT p.arm, p.method, count(*) AS probes, coalesce(sum(p.status = 403), 0) AS forbidden FROM probes p WHERE ${inRuns} AND p.trigger = 'plan' GROUP BY p.arm, p.method ORDER BY p.arm, p.method`)
    .all(...runIds) as ArmTallyRow[];
  // One pass over the 403s for both breakdowns: grouped by (address, socket age), folded per key below.
  const pairs = db
    .prepare(
      `SELECT coalesce(a.remote_address, 'unknown') AS address, ${SOCKET_REQUESTS_BUCKET_SQL} AS age, count(*) AS forbidden
       FROM probes p JOIN attempts a ON a.probe_id = p.id AND a.attempt = p.attempts
       WHERE ${inRuns} AND p.trigger = 'plan' AND p.status = 403 GROUP BY address, age`,
    )
    .all(...runIds) as Array<{ address: string; age: string; forbidden: number }>;
  return { arms, byRemoteAddress: foldBy(pairs, (pair) => pair.address), bySocketRequests: foldBy(pairs, (pair) => pair.age) };
}

function foldBy<T extends { forbidden: number }>(rows: T[], keyOf: (row: T) => string): ForbiddenTallyRow[] {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(keyOf(row), (totals.get(keyOf(row)) ?? 0) + row.forbidden);
  return [...totals.keys()].sort().map((key) => ({ key, forbidden: totals.get(key) ?? 0 }));
}
