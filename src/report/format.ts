// Number formatting shared by the summary renderers: percentages, rates with intervals, milliseconds, durations.

/** An en dash stands in for "no data". */
export const NO_DATA = '–';

/**
 * A fraction as a percentage with at least `minDecimals` decimals and at least two significant
 * digits for small values (0.000052 → "0.0052%"), at most four decimals; exact 0 and 1 print as "0%" and "100%".
 */
export function formatPercent(fraction: number, minDecimals: number): string {
  if (fraction === 0) return '0%';
  if (fraction === 1) return '100%';
  const percent = fraction * 100;
  const forTwoDigits = Math.ceil(-Math.log10(percent)) + 1;
  const decimals = Math.min(4, Math.max(minDecimals, forTwoDigits));
  return `${percent.toFixed(decimals)}%`;
}

/** "3.10% [2.6%–3.7%]": a rate and its 95% interval; "–" when there were no trials. */
export function formatRate(rate: number, interval: [number, number], trials: number): string {
  if (trials === 0) return NO_DATA;
  return `${formatPercent(rate, 2)} [${formatPercent(interval[0], 1)}–${formatPercent(interval[1], 1)}]`;
}

/** Milliseconds with precision that suits their size: 0.35, 12.4, 2150. */
export function formatMs(value: number | null): string {
  if (value === null) return NO_DATA;
  const magnitude = Math.abs(value);
  if (magnitude < 1) return value.toFixed(2);
  if (magnitude < 100) return value.toFixed(1);
  return value.toFixed(0);
}

/** A run's duration: "850 ms", "12.3 s", "4m 05s", "2h 03m". */
export function formatDuration(durationMs: number | null): string {
  if (durationMs === null) return NO_DATA;
  if (durationMs < 1000) return `${Math.round(durationMs)} ms`;
  if (durationMs < 60_000) return `${(durationMs / 1000).toFixed(1)} s`;
  const totalSeconds = Math.round(durationMs / 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (totalSeconds < 3600) return `${Math.floor(totalSeconds / 60)}m ${pad(totalSeconds % 60)}s`;
  const totalMinutes = Math.round(totalSeconds / 60);
  return `${Math.floor(totalMinutes / 60)}h ${pad(totalMinutes % 60)}m`;
}
