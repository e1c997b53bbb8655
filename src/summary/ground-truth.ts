// Injected vs observed: what the embedded endpoint says it answered, next to what the harness recorded, per probe method.
import { METHODS } from '../probes/probe-record.js';
import type { EndpointTallyRow, GroundTruthRows } from '../recorder/rows.js';
import { sortStatuses, statusKey } from './method-stats.js';

/** Counts per status key, and per deciding rule or model then status key. */
export interface EndpointAnswers {
  requests: number;
  statuses: Record<string, number>;
  /** Answers a scenario rule or model decided (e.g. `faults[0]` → `{ "403": 31 }`); the plain store's answers are not here. */
  decidedBy: Record<string, Record<string, number>>;
}

export interface GroundTruthProbeGroup {
  method: string;
  trigger: string;
  /** Logged requests whose request id one of this group's recorded attempts carries. */
  endpoint: EndpointAnswers;
  /**
   * The group's recorded attempts the endpoint logged, plus those without a request id ("error" = no HTTP response,
   * which no log entry can match), by status. Attempts with a request id the endpoint never logged are only in
   * `unloggedAttempts`.
   */
  recorded: { attempts: number; statuses: Record<string, number> };
}

export interface GroundTruth {
  /** Requests the endpoint logged for the run (uploads, cleanup and bucket set-up included). */
  requests: number;
  /** Logged requests whose request id a recorded probe attempt carries. */
  matched: number;
  /** Matched requests whose recorded status differs from the logged one: 0 when the harness records what was sent. */
  statusMismatches: number;
  /** Recorded attempts carrying a request id the endpoint never logged: 0 on a complete local run. */
  unloggedAttempts: number;
  /** Per probe method and trigger: head, ranged-get, get, then others; planned before follow-up. */
  probes: GroundTruthProbeGroup[];
  /** Logged requests no recorded attempt carries, per S3 operation: uploads, cleanup, set-up, and requests that got no response. */
  other: Array<EndpointAnswers & { operation: string }>;
}

class AnswerTally {
  requests = 0;
  private readonly statuses = new Map<string, number>();
  private readonly decided = new Map<string, Map<string, number>>();

  add(row: EndpointTallyRow): void {
    const key = statusKey(row.status);
    this.requests += row.requests;
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + row.requests);
    if (row.decidedBy === null) return;
    let byStatus = this.decided.get(row.decidedBy);
    if (byStatus === undefined) {
      byStatus = new Map();
      this.decided.set(row.decidedBy, byStatus);
    }
    byStatus.set(key, (byStatus.get(key) ?? 0) + row.requests);
  }

  finish(): EndpointAnswers {
    const rules = [...this.decided.keys()].sort();
    return {
      requests: this.requests,
      statuses: sortStatuses(this.statuses),
      decidedBy: Object.fromEntries(rules.map((rule) => [rule, sortStatuses(this.decided.get(rule) as Map<string, number>)])),
    };
  }
}

interface ProbeGroupTally {
  method: string;
  trigger: string;
  endpoint: AnswerTally;
  attempts: number;
  statuses: Map<string, number>;
}

/** Pure: the SQL tallies of readGroundTruth in, the summary's `groundTruth` block out. */
export function summariseGroundTruth(rows: GroundTruthRows): GroundTruth {
  const groups = new Map<string, ProbeGroupTally>();
  const group = (method: string, trigger: string): ProbeGroupTally => {
    const key = `${method}\u0000${trigger}`;
    let tally = groups.get(key);
    if (tally === undefined) {
      tally = { method, trigger, endpoint: new AnswerTally(), attempts: 0, statuses: new Map() };
      groups.set(key, tally);
    }
    return tally;
  };
  const other = new Map<string, AnswerTally>();
  let requests = 0;
  let matched = 0;
  let statusMismatches = 0;
  for (const row of rows.endpoint) {
    requests += row.requests;
    if (row.method === null) {
      if (!other.has(row.operation)) other.set(row.operation, new AnswerTally());
      (other.get(row.operation) as AnswerTally).add(row);
      continue;
    }
    matched += row.requests;
    if (row.recordedStatus !== row.status) statusMismatches += row.requests;
    const tally = group(row.method, row.trigger ?? 'plan');
    tally.endpoint.add(row);
    addRecorded(tally, row.recordedStatus, row.requests);
  }
  let withoutRequestId = 0;
  for (const row of rows.withoutRequestId) {
    withoutRequestId += row.attempts;
    addRecorded(group(row.method, row.trigger), row.status, row.attempts);
  }
  return {
    requests,
    matched,
    statusMismatches,
    unloggedAttempts: rows.attempts - matched - withoutRequestId,
    probes: [...groups.values()].sort(compareGroups).map((tally) => ({
      method: tally.method,
      trigger: tally.trigger,
      endpoint: tally.endpoint.finish(),
      recorded: { attempts: tally.attempts, statuses: sortStatuses(tally.statuses) },
    })),
    other: [...other.keys()].sort().map((operation) => ({ operation, ...(other.get(operation) as AnswerTally).finish() })),
  };
}

function addRecorded(tally: ProbeGroupTally, status: number | null, attempts: number): void {
  const key = statusKey(status);
  tally.attempts += attempts;
  tally.statuses.set(key, (tally.statuses.get(key) ?? 0) + attempts);
}

function compareGroups(a: ProbeGroupTally, b: ProbeGroupTally): number {
  return rankMethod(a.method) - rankMethod(b.method) || a.method.localeCompare(b.method) || rankTrigger(a.trigger) - rankTrigger(b.trigger);
}

function rankMethod(method: string): number {
  const index = (METHODS as readonly string[]).indexOf(method);
  return index === -1 ? METHODS.length : index;
}

function rankTrigger(trigger: string): number {
  return trigger === 'plan' ? 0 : 1;
}
