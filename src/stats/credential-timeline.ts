// The run-level credential-expiry timeline: credential-refresh events, one row per identity (arms sharing a client merged), oldest first (pure).
import type { CredentialRow } from '../report/report-model.js';
import type { CredentialRefreshInput } from './report-inputs.js';

export function buildCredentialTimeline(events: readonly CredentialRefreshInput[]): CredentialRow[] {
  const rows = new Map<string, CredentialRow>();
  const ordered = [...events].sort((a, b) => a.atMs - b.atMs || a.arm.localeCompare(b.arm));
  for (const event of ordered) {
    const key = [event.runId, event.atMs, event.accessKeyIdSuffix, event.credentialKind, event.expiresAtMs].join('\u0000');
    const row = rows.get(key);
    if (row === undefined) {
      rows.set(key, {
        runId: event.runId,
        arms: [event.arm],
        obtainedAt: new Date(event.atMs).toISOString(),
        accessKeyIdSuffix: event.accessKeyIdSuffix,
        credentialKind: event.credentialKind,
        expiresAt: event.expiresAtMs === null ? null : new Date(event.expiresAtMs).toISOString(),
        nearExpiry: event.nearExpiry === null ? null : { ...event.nearExpiry },
      });
      continue;
    }
    row.arms.push(event.arm);
    if (row.nearExpiry !== null && event.nearExpiry !== null) {
      row.nearExpiry.probes += event.nearExpiry.probes;
      row.nearExpiry.forbidden += event.nearExpiry.forbidden;
    }
  }
  return [...rows.values()];
}
