// The per-arm block both tabular renderers print when a run had more than one arm: 403s per arm × method, and the significant differences.
import type { Summary } from '../summary/summarise.js';

/** Significant comparisons listed before "…and N more". */
const MAX_LISTED_DIFFERENCES = 6;

/**
 * "arm reader: head 48/144 403 (33.3%), …" per arm, then the significant differences between arms of one method
 * (Fisher's exact test, p < 0.05) or that there were none. Empty with one arm or none.
 */
export function describeArms(summary: Summary): string[] {
  if (summary.arms.length <= 1) return [];
  const width = Math.max(...summary.arms.map((arm) => arm.arm.length));
  const lines = summary.arms.map((arm) => {
    const methods = arm.methods.map((stats) => `${stats.method} ${stats.forbidden}/${stats.probes} 403 (${formatPercent(stats.forbiddenRate)})`);
    return `arm ${arm.arm.padEnd(width)}  ${methods.join(', ')}`;
  });
  const significant = summary.armComparisons.filter((comparison) => comparison.significant).sort((a, b) => a.pValue - b.pValue);
  if (significant.length === 0) {
    lines.push(`arms: no significant difference in 403 rate between arms of any method (Fisher's exact test, p ≥ 0.05)`);
    return lines;
  }
  const listed = significant.slice(0, MAX_LISTED_DIFFERENCES).map((c) => `${c.method} ${c.armA} vs ${c.armB} p=${formatPValue(c.pValue)}`);
  const more = significant.length > MAX_LISTED_DIFFERENCES ? `, and ${significant.length - MAX_LISTED_DIFFERENCES} more` : '';
  lines.push(`arms differ (Fisher's exact test, p < 0.05): ${listed.join('; ')}${more}`);
  return lines;
}

function formatPercent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

function formatPValue(pValue: number): string {
  return pValue < 0.001 ? pValue.toExponential(1) : pValue.toFixed(3);
}
