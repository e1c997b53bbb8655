// The read side of experiment arms: planned probes and their 403s per (arm, method), and per remote IP, socket age and time to credential expiry, counted in SQL.
import { CREDENTIAL_EXPIRY_BUCKETS, NO_EXPIRY, UNKNOWN_EXPIRY } from '../summary/credential-expiry.js';
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

/** Time to credential expiry of an attempt (schema v4 `attempts.credential_expires_at_ms`), as credentialExpiryBucket buckets it. */
export const CREDENTIAL_EXPIRY_BUCKET_SQL = `CASE
    WHEN a.credential_kind IS NULL THEN '${UNKNOWN_EXPIRY}'
    WHEN a.credential_expires_at_ms IS NULL THEN '${NO_EXPIRY}'
    ${CREDENTIAL_EXPIRY_BUCKETS.filter((bucket) => Number.isFinite(bucket.belowMs))
      .map((bucket) => `WHEN a.credential_expires_at_ms - a.started_at_ms < ${bucket.belowMs} THEN '${bucket.label}'`)
      .join('\n    ')}
    ELSE '${CREDENTIAL_EXPIRY_BUCKETS[CREDENTIAL_EXPIRY_BUCKETS.length - 1].label}' END`;

interface FactGroup {
  address: string;
  age: string;
  expiry: string;
  probes: number;
  forbidden: number;
}

/** Tallies for the given runs (one run, or a shard group summarised as one); each planned probe counts by its last attempt. */
export function readArmTallies(db: Db, runIds: readonly string[]): ArmTallies {
  const inRuns = `p.run_id IN (${runIds.map(() => '?').join(', ')})`;
  const arms = db
    .prepare(`SELECT p.arm, p.method, count(*) AS probes, coalesce(sum(p.status = 403), 0) AS forbidden FROM probes p WHERE ${inRuns} AND p.trigger = 'plan' GROUP BY p.arm, p.method ORDER BY p.arm, p.method`)
    .all(...runIds) as ArmTallyRow[];
  // One pass over the planned probes for every breakdown: grouped by (address, socket age, expiry), folded per key below.
  // A probe without attempts (nothing reached the wire) has no facts: 'unknown' in each.
  const groups = db
    .prepare(
      `SELECT coalesce(a.remote_address, 'unknown') AS address, ${SOCKET_REQUESTS_BUCKET_SQL} AS age, ${CREDENTIAL_EXPIRY_BUCKET_SQL} AS expiry,
         count(*) AS probes, coalesce(sum(p.status = 403), 0) AS forbidden
       FROM probes p LEFT JOIN attempts a ON a.probe_id = p.id AND a.attempt = p.attempts
       WHERE ${inRuns} AND p.trigger = 'plan' GROUP BY address, age, expiry`,
    )
    .all(...runIds) as FactGroup[];
  return {
    arms,
    byRemoteAddress: foldBy(groups, (group) => group.address),
    bySocketRequests: foldBy(groups, (group) => group.age),
    byCredentialExpiry: foldBy(groups, (group) => group.expiry),
  };
}

function foldBy(groups: FactGroup[], keyOf: (group: FactGroup) => string): ForbiddenTallyRow[] {
  const totals = new Map<string, ForbiddenTallyRow>();
  for (const group of groups) {
    const key = keyOf(group);
    const row = totals.get(key) ?? { key, probes: 0, forbidden: 0 };
    row.probes += group.probes;
    row.forbidden += group.forbidden;
    totals.set(key, row);
  }
  return [...totals.keys()].sort().map((key) => totals.get(key) as ForbiddenTallyRow);
}
