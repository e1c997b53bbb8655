// Small text formatters shared by scenario messages and the plan description: digit grouping, values, durations.

/** 4096 stays 4096; 1000000 becomes 1,000,000 (grouping from five digits on, where it starts to help). */
export function groupDigits(value: number): string {
  return Math.abs(value) >= 10_000 ? value.toLocaleString('en-US', { maximumFractionDigits: 3 }) : String(value);
}

const MAX_VALUE_CHARS = 60;

/** A received value as a short, readable fragment for "got …" in error messages. */
export function formatValue(value: unknown): string {
  if (value === undefined) return 'nothing (the key is missing)';
  if (value === null) return 'null (an empty value)';
  const text = renderValue(value, 0);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

function renderValue(value: unknown, depth: number): string {
  if (typeof value === 'string') return JSON.stringify(value.length > MAX_VALUE_CHARS ? value.slice(0, MAX_VALUE_CHARS) : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null) return 'null';
  if (depth > 1) return Array.isArray(value) ? '[…]' : '{…}';
  if (Array.isArray(value)) return `[${value.slice(0, 12).map((item) => renderValue(item, depth + 1)).join(', ')}${value.length > 12 ? ', …' : ''}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).slice(0, 6);
    return `{ ${entries.map(([key, item]) => `${key}: ${renderValue(item, depth + 1)}`).join(', ')} }`;
  }
  return typeof value;
}

/** 850 → "850 ms", 12300 → "12.3 s", 303000 → "5 min 3 s", 3720000 → "1 h 2 min". */
export function formatDurationMs(durationMs: number): string {
  if (durationMs < 1000) return `${Math.round(durationMs)} ms`;
  if (durationMs < 120_000) return `${(durationMs / 1000).toFixed(1)} s`;
  const totalSeconds = Math.round(durationMs / 1000);
  if (totalSeconds < 3600) return `${Math.floor(totalSeconds / 60)} min ${totalSeconds % 60} s`;
  const totalMinutes = Math.round(totalSeconds / 60);
  return `${Math.floor(totalMinutes / 60)} h ${totalMinutes % 60} min`;
}

/** Dollars: two decimals from one cent up, two significant digits below (so $0.0026 does not print as $0.00). */
export function formatUsd(amountUsd: number): string {
  if (amountUsd === 0) return '$0.00';
  return amountUsd >= 0.01 ? `$${amountUsd.toFixed(2)}` : `$${amountUsd.toPrecision(2)}`;
}
