// Bounds the client clock's offset from the endpoint's clock using response `Date` headers (1-second resolution).

/** One distinct `Date` header value and the attempts that carried it. */
export interface DateHeaderGroup {
  /** The `Date` header verbatim, e.g. "Fri, 04 Dec 2026 15:28:07 GMT". */
  responseDate: string;
  /** Earliest `ended_at_ms` (client clock) of these attempts. */
  minEndedAtMs: number;
  /** Latest `started_at_ms` (client clock) of these attempts. */
  maxStartedAtMs: number;
  attempts: number;
}

export interface ClockOffsetEstimate {
  /** Endpoint clock minus client clock, ms: positive = the client clock is behind. Midpoint of [lowMs, highMs] when consistent. */
  offsetMs: number;
  /** Offsets consistent with every response (consistent = true); otherwise the spread of per-second estimates. */
  lowMs: number;
  highMs: number;
  /** False when no single offset explains every response (front ends disagree, or the client clock jumped). */
  consistent: boolean;
  /** Attempts whose `Date` header could be read. */
  attempts: number;
}

/** A `Date` header names a whole second: the endpoint's clock read somewhere in [date, date + 1000 ms). */
const DATE_RESOLUTION_MS = 1000;

/**
 * The endpoint's clock read D…D+1 s (D = the header) at a moment the client saw between sending the request
 * (started) and receiving the headers (ended), so offset = endpoint − client lies in (D − ended, D + 1 s − started).
 * Intersecting that interval over every response bounds the offset; its midpoint is the estimate.
 * When the intervals do not intersect, the estimate is the median of the per-second midpoints and the bound
 * is their spread. Null when no response carried a readable `Date`.
 */
export function estimateClockOffset(groups: Iterable<DateHeaderGroup>): ClockOffsetEstimate | null {
  let low = -Infinity;
  let high = Infinity;
  let attempts = 0;
  const midpoints: number[] = [];
  for (const group of groups) {
    const dateMs = Date.parse(group.responseDate);
    if (Number.isNaN(dateMs) || group.attempts <= 0) continue;
    const groupLow = dateMs - group.minEndedAtMs;
    const groupHigh = dateMs + DATE_RESOLUTION_MS - group.maxStartedAtMs;
    low = Math.max(low, groupLow);
    high = Math.min(high, groupHigh);
    midpoints.push((groupLow + groupHigh) / 2);
    attempts += group.attempts;
  }
  if (attempts === 0) return null;
  if (low <= high) return { offsetMs: round((low + high) / 2), lowMs: round(low), highMs: round(high), consistent: true, attempts };
  midpoints.sort((a, b) => a - b);
  const middle = midpoints.length >> 1;
  const median = midpoints.length % 2 === 1 ? midpoints[middle] : (midpoints[middle - 1] + midpoints[middle]) / 2;
  return { offsetMs: round(median), lowMs: round(midpoints[0]), highMs: round(midpoints[midpoints.length - 1]), consistent: false, attempts };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
