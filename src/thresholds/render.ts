// Prints threshold results: one line each for the terminal, or a Markdown table for CI job summaries.
import type { ThresholdResult } from './evaluate.js';

const RED = '\u001b[31m';
const GREEN = '\u001b[32m';
const RESET = '\u001b[0m';

/** "thresholds: 2 passed, 1 failed" then "  PASS  head.forbidden-rate < 0.001   measured 0.0002". Empty string when there are none. */
export function renderThresholdResults(results: readonly ThresholdResult[], options: { color?: boolean } = {}): string {
  if (results.length === 0) return '';
  const paint = (text: string, code: string): string => (options.color === true ? `${code}${text}${RESET}` : text);
  const failed = results.filter((result) => !result.passed).length;
  const width = Math.max(...results.map((result) => result.threshold.text.length));
  const lines = results.map((result) => {
    const verdict = result.passed ? paint('PASS', GREEN) : paint('FAIL', RED);
    return `  ${verdict}  ${result.threshold.text.padEnd(width)}  ${describeMeasurement(result)}`;
  });
  const title = `thresholds: ${results.length - failed} passed, ${failed} failed${failed > 0 ? ' (exit 99)' : ''}`;
  return [title, ...lines, ''].join('\n');
}

export function renderThresholdMarkdown(results: readonly ThresholdResult[]): string {
  if (results.length === 0) return '';
  return [
    '| threshold | result | measured |',
    '|:--|:--|--:|',
    ...results.map((result) => `| \`${result.threshold.text.replace(/`/g, '')}\` | ${result.passed ? 'passed' : '**failed**'} | ${describeMeasurement(result)} |`),
    '',
  ].join('\n');
}

/** "measured 0.00031 (0.031%)", "measured 3", or why nothing could be measured. */
export function describeMeasurement(result: ThresholdResult): string {
  if (result.measured === null) return result.reason ?? 'not measured';
  const value = result.measured;
  if (result.threshold.kind === 'rate') return `measured ${Number(value.toPrecision(3))} (${Number((value * 100).toPrecision(3))}%)`;
  if (result.threshold.kind === 'ms') return `measured ${value} ms`;
  return `measured ${value}`;
}
