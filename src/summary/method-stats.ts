// Per-group probe statistics (a method, a method × phase, or all probes), accumulated in one streaming pass.
import type { ProbeRow } from '../recorder/rows.js';
import { zeroClassCounts, type ProbeClass } from './classify.js';
import { LogHistogram } from './log-histogram.js';
import { wilsonInterval } from './wilson.js';

/** Key used in `statuses` for probes that got no HTTP response. */
export const NO_RESPONSE = 'error';

export interface MethodStats {
  method: string;
  probes: number;
  /** Count per HTTP status ("200", "403", …) ascending, then "error" for probes with no HTTP response. */
  statuses: Record<string, number>;
  forbidden: number;
  /** forbidden / probes (0 when there are no probes). */
  forbiddenRate: number;
  /** Wilson 95% interval of forbiddenRate. */
  forbiddenCi95: [number, number];
  /** 404 answered after the upload completed: a stale read. */
  notFoundAfterUpload: number;
  /** 5xx answers. */
  serverErrors: number;
  /** No HTTP response (status NULL). */
  networkErrors: number;
  /** Probes that needed more than one attempt. */
  retried: number;
  /** Probes whose status is not what S3 should answer for their method and phase (see expected-status.ts). */
  unexpected: number;
  /** Probes per class (classify.ts), every class present, in PROBE_CLASSES order. */
  classes: Record<ProbeClass, number>;
  latencyMs: { p50: number | null; p99: number | null; max: number | null };
  /** How late probes fired: started_at − planned_at. */
  lateness: { p50Ms: number | null; p99Ms: number | null };
}

const NO_STATUS = -1;

/** Collects one group's counts and histograms; `finish` turns them into MethodStats. */
export class StatsAccumulator {
  private probes = 0;
  /** Keyed by the numeric status (NO_STATUS for none): cheaper per row than building a string key. */
  private readonly statuses = new Map<number, number>();
  private forbidden = 0;
  private notFoundAfterUpload = 0;
  private serverErrors = 0;
  private networkErrors = 0;
  private retried = 0;
  private unexpected = 0;
  private readonly classes = zeroClassCounts();
  private readonly latencyMs = new LogHistogram();
  private readonly latenessMs = new LogHistogram();

  constructor(readonly method: string) {}

  add(probe: ProbeRow, probeClass: ProbeClass, unexpected: boolean): void {
    this.probes += 1;
    const status = probe.status;
    const key = status ?? NO_STATUS;
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
    if (status === null) this.networkErrors += 1;
    else if (status === 403) this.forbidden += 1;
    else if (status === 404 && probe.phase === 'after-upload') this.notFoundAfterUpload += 1;
    else if (status >= 500 && status <= 599) this.serverErrors += 1;
    if (probe.attempts > 1) this.retried += 1;
    if (unexpected) this.unexpected += 1;
    this.classes[probeClass] += 1;
    this.latencyMs.add(probe.latencyMs);
    this.latenessMs.add(probe.startedAtMs - probe.plannedAtMs);
  }

  /** Adds another group's counts and histograms to this one (a method from its phases, the totals from every group). */
  merge(other: StatsAccumulator): void {
    this.probes += other.probes;
    for (const [status, count] of other.statuses) this.statuses.set(status, (this.statuses.get(status) ?? 0) + count);
    this.forbidden += other.forbidden;
    this.notFoundAfterUpload += other.notFoundAfterUpload;
    this.serverErrors += other.serverErrors;
    this.networkErrors += other.networkErrors;
    this.retried += other.retried;
    this.unexpected += other.unexpected;
    for (const probeClass of Object.keys(this.classes) as ProbeClass[]) this.classes[probeClass] += other.classes[probeClass];
    this.latencyMs.merge(other.latencyMs);
    this.latenessMs.merge(other.latenessMs);
  }

  finish(): MethodStats {
    return {
      method: this.method,
      probes: this.probes,
      statuses: sortStatuses(new Map([...this.statuses].map(([status, count]) => [statusKey(status === NO_STATUS ? null : status), count]))),
      forbidden: this.forbidden,
      forbiddenRate: this.probes === 0 ? 0 : this.forbidden / this.probes,
      forbiddenCi95: wilsonInterval(this.forbidden, this.probes),
      notFoundAfterUpload: this.notFoundAfterUpload,
      serverErrors: this.serverErrors,
      networkErrors: this.networkErrors,
      retried: this.retried,
      unexpected: this.unexpected,
      classes: { ...this.classes },
      latencyMs: {
        p50: roundMs(this.latencyMs.quantile(0.5)),
        p99: roundMs(this.latencyMs.quantile(0.99)),
        max: roundMs(this.latencyMs.max),
      },
      lateness: { p50Ms: roundMs(this.latenessMs.quantile(0.5)), p99Ms: roundMs(this.latenessMs.quantile(0.99)) },
    };
  }
}

/** Status counts keyed "200", "403" … ascending, then "error" (no HTTP response). */
export function sortStatuses(statuses: Map<string, number>): Record<string, number> {
  const keys = [...statuses.keys()].sort((a, b) => rankStatus(a) - rankStatus(b));
  return Object.fromEntries(keys.map((key) => [key, statuses.get(key) ?? 0]));
}

/** The `statuses` key of a status (null = no HTTP response). */
export function statusKey(status: number | null): string {
  return status === null ? NO_RESPONSE : String(status);
}

function rankStatus(key: string): number {
  return key === NO_RESPONSE ? Number.MAX_SAFE_INTEGER : Number(key);
}

/** Hundredths of a millisecond are plenty next to a 1% histogram; keeps the JSON readable. */
function roundMs(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100) / 100;
}
