// Measures each threshold's metric on a run's summary and decides passed or failed (pure).
import type { MethodStats, Summary } from '../summary/summarise.js';
import { ANY_METHOD, findMetric } from './metrics.js';
import type { Operator, Threshold } from './parse.js';

/** Exit code of a run whose thresholds failed: distinct, so cron, CI and Kubernetes can alert on it. */
export const THRESHOLDS_FAILED_EXIT = 99;

export interface ThresholdResult {
  threshold: Threshold;
  /** null when the metric cannot be measured (no probes of that method, a rate of zero probes). */
  measured: number | null;
  passed: boolean;
  /** Why it could not be measured; set when measured is null. */
  reason?: string;
}

const COMPARE: Record<Operator, (measured: number, limit: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
};

/**
 * One result per threshold, in order. A threshold that cannot be measured fails: a nightly check that silently
 * passes because a method was dropped from the scenario is worse than one that says so.
 */
export function evaluateThresholds(thresholds: readonly Threshold[], summary: Summary): ThresholdResult[] {
  return thresholds.map((threshold) => evaluateThreshold(threshold, summary));
}

export function evaluateThreshold(threshold: Threshold, summary: Summary): ThresholdResult {
  const stats = findStats(summary, threshold.method);
  if (stats === undefined) return { threshold, measured: null, passed: false, reason: `no ${threshold.method} probes in this run` };
  const metric = findMetric(threshold.metric);
  if (metric === undefined) throw new RangeError(`evaluateThreshold: unknown metric ${threshold.metric}; thresholds come from parseThreshold`);
  const measured = metric.read(stats);
  if (measured === null) return { threshold, measured, passed: false, reason: `${threshold.metric} has no value (${stats.probes} ${threshold.method} probes)` };
  return { threshold, measured, passed: COMPARE[threshold.operator](measured, threshold.value) };
}

function findStats(summary: Summary, method: string): MethodStats | undefined {
  if (method === ANY_METHOD) return summary.totals;
  return summary.methods.find((stats) => stats.method === method);
}

/** True when every threshold passed (and also when there are none). */
export function allPassed(results: readonly ThresholdResult[]): boolean {
  return results.every((result) => result.passed);
}
