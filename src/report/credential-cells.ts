// The credential-expiry timeline as table cells, shared by the Markdown and HTML reports: one row per identity, capped.
import type { ReportData } from './report-model.js';

/** Rows shown; the JSON report keeps all of them. */
export const MAX_CREDENTIAL_ROWS = 40;

export interface CredentialTable {
  heading: string;
  headers: string[];
  rows: string[][];
  /** Rows left out ("…and N more"). */
  more: number;
}

/** Null when the report has no credential-refresh events (runs recorded before they were written, or none resolved). */
export function listCredentialTable(report: ReportData): CredentialTable | null {
  const { windowMs, rows } = report.credentials;
  if (rows.length === 0) return null;
  const minutes = Math.round(windowMs / 60_000);
  const showRun = report.subject.kind === 'group';
  const headers = [...(showRun ? ['run'] : []), 'arms', 'obtained (UTC)', 'access key', 'kind', 'expires (UTC)', `403s in the ${minutes} min before expiry`];
  const shown = rows.slice(0, MAX_CREDENTIAL_ROWS).map((row) => [
    ...(showRun ? [row.runId] : []),
    row.arms.join(', '),
    row.obtainedAt,
    `…${row.accessKeyIdSuffix}`,
    row.credentialKind,
    row.expiresAt ?? 'never',
    row.nearExpiry === null ? '—' : `${row.nearExpiry.forbidden} of ${row.nearExpiry.probes} probes`,
  ]);
  return { heading: 'Credentials: when each identity was obtained and when it expired', headers, rows: shown, more: rows.length - shown.length };
}
