// The read side of the credential timeline: `credential-refresh` run events, each with the planned probes of its arm just before the expiry.
import type { CredentialRefreshInput } from '../stats/report-inputs.js';
import type { Db } from './database.js';
import { IN_RUN_IDS } from './run-facts.js';

/** `run_events.kind` of an identity an arm started signing with (src/commands/run.ts); detail: {arm, atMs, accessKeyIdSuffix, credentialKind, expiresAtMs}. */
export const CREDENTIAL_REFRESH_EVENT = 'credential-refresh';

interface EventRow {
  runId: string;
  detail: string;
}

/**
 * Every credential-refresh event of the runs (details that are not what s3probe writes are skipped), each with the planned
 * probes of its arm whose last attempt this identity signed (same key suffix and expiry) and started in (expiry − windowMs,
 * expiry] — time left in [0, windowMs), the summary's `<5 min` bucket for the default window: the 403s that fell just
 * before it expired. Probes already signed by its successor are not counted.
 */
export function readCredentialRefreshes(db: Db, runIds: readonly string[], windowMs: number): CredentialRefreshInput[] {
  const rows = db
    .prepare(`SELECT run_id AS runId, detail FROM run_events WHERE run_id ${IN_RUN_IDS} AND kind = ? AND detail IS NOT NULL ORDER BY at_ms, id`)
    .all(JSON.stringify(runIds), CREDENTIAL_REFRESH_EVENT) as EventRow[];
  const nearExpiry = db.prepare(
    `SELECT count(*) AS probes, coalesce(sum(p.status = 403), 0) AS forbidden
     FROM probes p JOIN attempts a ON a.probe_id = p.id AND a.attempt = p.attempts
     WHERE p.run_id = ? AND p.arm = ? AND p.trigger = 'plan' AND a.access_key_id_suffix = ? AND a.credential_expires_at_ms = ?
       AND a.started_at_ms > ? AND a.started_at_ms <= ?`,
  );
  return rows.flatMap((row) => {
    const event = parseEvent(row);
    if (event === null) return [];
    const counts = event.expiresAtMs === null ? null : (nearExpiry.get(row.runId, event.arm, event.accessKeyIdSuffix, event.expiresAtMs, event.expiresAtMs - windowMs, event.expiresAtMs) as { probes: number; forbidden: number });
    return [{ ...event, nearExpiry: counts }];
  });
}

function parseEvent(row: EventRow): Omit<CredentialRefreshInput, 'nearExpiry'> | null {
  let detail: Record<string, unknown>;
  try {
    detail = JSON.parse(row.detail) as Record<string, unknown>;
  } catch {
    return null;
  }
  const { arm, atMs, accessKeyIdSuffix, credentialKind, expiresAtMs } = detail;
  if (typeof arm !== 'string' || typeof atMs !== 'number' || typeof accessKeyIdSuffix !== 'string') return null;
  if (credentialKind !== 'static' && credentialKind !== 'temporary') return null;
  if (expiresAtMs !== null && typeof expiresAtMs !== 'number') return null;
  // Four characters at most, whatever the event says: a report never shows more of a key id.
  return { runId: row.runId, arm, atMs, accessKeyIdSuffix: accessKeyIdSuffix.slice(-4), credentialKind, expiresAtMs };
}
