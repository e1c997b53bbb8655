// The metrics a threshold can name (`head.forbidden-rate`, `any.p99-latency-ms` …) and how each is read from a summary group.
import type { MethodStats } from '../summary/summarise.js';

export type MetricKind = 'count' | 'rate' | 'ms';

export interface MetricDefinition {
  name: string;
  kind: MetricKind;
  describe: string;
  /** The measured value; null when it does not exist (a rate of zero probes, a percentile of none). */
  read(stats: MethodStats): number | null;
}

const count = (name: string, describe: string, read: (s: MethodStats) => number): MetricDefinition => ({ name, kind: 'count', describe, read });
const rate = (name: string, describe: string, read: (s: MethodStats) => number): MetricDefinition => ({
  name, kind: 'rate', describe, read: (s) => (s.probes === 0 ? null : read(s) / s.probes),
});
const ms = (name: string, describe: string, read: (s: MethodStats) => number | null): MetricDefinition => ({ name, kind: 'ms', describe, read });

/** Every metric, in the order the docs and error messages list them. */
export const METRICS: readonly MetricDefinition[] = [
  count('probes', 'planned probes recorded', (s) => s.probes),
  count('forbidden', 'probes answered 403', (s) => s.forbidden),
  rate('forbidden-rate', 'forbidden / probes', (s) => s.forbidden),
  count('not-found-after-upload', 'probes answered 404 after the upload completed (stale reads)', (s) => s.notFoundAfterUpload),
  rate('not-found-after-upload-rate', 'not-found-after-upload / probes', (s) => s.notFoundAfterUpload),
  count('server-errors', 'probes answered 5xx', (s) => s.serverErrors),
  rate('server-error-rate', 'server-errors / probes', (s) => s.serverErrors),
  count('network-errors', 'probes that got no HTTP response', (s) => s.networkErrors),
  rate('network-error-rate', 'network-errors / probes', (s) => s.networkErrors),
  count('unexpected', 'probes whose status S3 should not answer', (s) => s.unexpected),
  rate('unexpected-rate', 'unexpected / probes', (s) => s.unexpected),
  count('retried', 'probes that needed more than one attempt', (s) => s.retried),
  rate('retried-rate', 'retried / probes', (s) => s.retried),
  ms('p50-latency-ms', 'median probe latency', (s) => s.latencyMs.p50),
  ms('p99-latency-ms', '99th percentile probe latency', (s) => s.latencyMs.p99),
  ms('max-latency-ms', 'slowest probe', (s) => s.latencyMs.max),
  ms('p99-lateness-ms', '99th percentile of actual minus planned fire time', (s) => s.lateness.p99Ms),
];

/** Other spellings people write, mapped to the metric they mean. */
export const METRIC_ALIASES: Readonly<Record<string, string>> = {
  '403': 'forbidden',
  '403-rate': 'forbidden-rate',
  stale: 'not-found-after-upload',
  'stale-rate': 'not-found-after-upload-rate',
  'server-error': 'server-errors',
  'server-errors-rate': 'server-error-rate',
  'network-error': 'network-errors',
  'network-errors-rate': 'network-error-rate',
};

export function findMetric(name: string): MetricDefinition | undefined {
  const canonical = METRIC_ALIASES[name] ?? name;
  return METRICS.find((metric) => metric.name === canonical);
}

/** `any` (or `all`) is every method together: the summary's totals. */
export const ANY_METHOD = 'any';
