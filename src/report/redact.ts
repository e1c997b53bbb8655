// Replaces bucket names, AWS account ids, key prefixes and host names in a report with stable tokens (bucket-1, account-1 …).
import type { ReportData, RunFacts } from './report-model.js';

/** Twelve digits standing alone: an AWS account id (ARNs, bucket names, endpoints). */
const ACCOUNT_ID = /(?<![0-9A-Za-z])\d{12}(?![0-9A-Za-z])/g;

/** Maps each distinct secret-ish value to a token; the same value always gets the same token. */
export class Redactor {
  private readonly literals: Array<{ pattern: RegExp; token: string }> = [];
  private readonly accounts = new Map<string, string>();
  private readonly counters = new Map<string, number>();
  private readonly known = new Map<string, string>();

  /**
   * Registers `value` to be replaced by `<kind>-N`; returns its token. Empty values are ignored. A `glued` value (a key
   * prefix) may be followed by anything, and its token keeps its last character when that is a separator ("s3probe/" → "prefix-1/").
   */
  add(kind: string, value: string, options: { glued?: boolean } = {}): string | null {
    if (value === '') return null;
    const existing = this.known.get(value);
    if (existing !== undefined) return existing;
    const glued = options.glued === true;
    const separator = glued && /[^A-Za-z0-9]$/.test(value) ? value.slice(-1) : '';
    const token = `${kind}-${this.next(kind)}${separator}`;
    this.known.set(value, token);
    this.literals.push({ pattern: literalPattern(value, glued), token });
    // Longest first, so a bucket named "logs-prod" is replaced before one named "logs".
    this.literals.sort((a, b) => b.pattern.source.length - a.pattern.source.length);
    return token;
  }

  text(value: string): string {
    let result = value;
    for (const { pattern, token } of this.literals) result = result.replace(pattern, token);
    return result.replace(ACCOUNT_ID, (id) => {
      let token = this.accounts.get(id);
      if (token === undefined) this.accounts.set(id, (token = `account-${this.next('account')}`));
      return token;
    });
  }

  nullable(value: string | null): string | null {
    return value === null ? null : this.text(value);
  }

  private next(kind: string): number {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return n;
  }
}

/** Matches `value` where it is not part of a longer name (no letter, digit, "-" or "_" glued to a word-character end). */
function literalPattern(value: string, glued: boolean): RegExp {
  const escaped = value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const before = /^[A-Za-z0-9_-]/.test(value) ? '(?<![A-Za-z0-9_-])' : '';
  const after = !glued && /[A-Za-z0-9_-]$/.test(value) ? '(?![A-Za-z0-9_-])' : '';
  return new RegExp(`${before}${escaped}${after}`, 'g');
}

/** The scenario's `prefix:` part of a run prefix (`<scenario prefix><run id>/`). */
export function scenarioPrefixOf(run: Pick<RunFacts, 'id' | 'prefix'>): string {
  const tail = `${run.id}/`;
  return run.prefix.endsWith(tail) ? run.prefix.slice(0, run.prefix.length - tail.length) : run.prefix;
}

/**
 * A copy of `report` with every bucket, scenario key prefix, host name and 12-digit account id replaced consistently
 * across all fields that can hold them. Request ids, times, statuses and remote IPs (S3's, not yours) stay: AWS needs them.
 */
export function redactReport(report: ReportData): ReportData {
  const redactor = new Redactor();
  for (const run of report.runs) redactor.add('bucket', run.bucket);
  for (const run of report.runs) redactor.add('prefix', scenarioPrefixOf(run), { glued: true });
  for (const run of report.runs) redactor.add('host', run.hostName);
  const text = (value: string): string => redactor.text(value);
  return {
    ...report,
    subject: { ...report.subject, label: text(report.subject.label) },
    runs: report.runs.map((run) => ({
      ...run,
      bucket: text(run.bucket),
      prefix: text(run.prefix),
      endpoint: redactor.nullable(run.endpoint),
      hostName: text(run.hostName),
      commandLine: text(run.commandLine),
      scenarioPath: text(run.scenarioPath),
      note: redactor.nullable(run.note),
      shard: run.shard === null ? null : { ...run.shard, group: text(run.shard.group) },
    })),
    scenario: { ...report.scenario, path: text(report.scenario.path), text: text(report.scenario.text) },
    anomalies: { ...report.anomalies, rows: report.anomalies.rows.map((row) => ({ ...row, key: text(row.key) })) },
    trend: report.trend.map((point) => ({ ...point, label: text(point.label) })),
    // Arm names come from the scenario text, which is redacted too.
    credentials: { ...report.credentials, rows: report.credentials.rows.map((row) => ({ ...row, arms: row.arms.map(text) })) },
    reproduce: report.reproduce.map(text),
    redacted: true,
  };
}
