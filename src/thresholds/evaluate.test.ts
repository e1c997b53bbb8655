import { describe, expect, it } from 'vitest';
import type { ProbeRow, RunRow } from '../recorder/rows.js';
import { summarise } from '../summary/summarise.js';
import { THRESHOLDS_FAILED_EXIT, allPassed, evaluateThresholds } from './evaluate.js';
import { parseThreshold } from './parse.js';
import { renderThresholdMarkdown, renderThresholdResults } from './render.js';

const RUN = {
  id: 'r1', scenarioName: 's', scenarioText: '', status: 'completed', startedAtMs: 0, endedAtMs: 1000, target: 'local', endpoint: null,
  region: 'us-east-1', bucket: 'b', prefix: 'p/r1/', seed: 1, concurrency: 1, maxAttempts: 1, plannedProbes: 300, harnessVersion: '0',
  sdkVersion: '0', nodeVersion: 'v20', hostName: 'h', commandLine: 's3probe run', note: null,
} as RunRow;

function rows(count: number, method: string, phase: string, status: number | null, latencyMs = 10): ProbeRow[] {
  return Array.from({ length: count }, (_, i) => ({
    objectKey: `k${i}`, method, phase, offsetMs: 0, status, errorCode: null, errorClass: status === null ? 'ECONNRESET' : null,
    latencyMs, attempts: 1, startedAtMs: 5, plannedAtMs: 5, trigger: 'plan',
  }));
}

// HEAD: 3 of 100 answered 403; ranged GET: all 206; GET: one network error out of 100.
const SUMMARY = summarise(RUN, [
  ...rows(97, 'head', 'after-upload', 200),
  ...rows(3, 'head', 'after-upload', 403),
  ...rows(100, 'ranged-get', 'after-upload', 206, 40),
  ...rows(99, 'get', 'after-upload', 200),
  ...rows(1, 'get', 'after-upload', null),
]);

const parse = (text: string) => parseThreshold(text, { code: 'E_USAGE', where: '--threshold' });

describe('evaluateThresholds', () => {
  it('measures each metric and compares it with its operator', () => {
    const results = evaluateThresholds(
      ['head.forbidden-rate < 0.001', 'head.forbidden == 3', 'ranged-get.forbidden == 0', 'any.network-error-rate < 0.01', 'any.network-errors != 0', 'ranged-get.p99-latency-ms <= 40', 'any.probes >= 300'].map(parse),
      SUMMARY,
    );
    expect(results.map((r) => [r.threshold.text, r.passed, r.measured])).toEqual([
      ['head.forbidden-rate < 0.001', false, 0.03],
      ['head.forbidden == 3', true, 3],
      ['ranged-get.forbidden == 0', true, 0],
      ['any.network-error-rate < 0.01', true, 1 / 300],
      ['any.network-errors != 0', true, 1],
      ['ranged-get.p99-latency-ms <= 40', true, 40],
      ['any.probes >= 300', true, 300],
    ]);
    expect(allPassed(results)).toBe(false);
    expect(allPassed(results.slice(1))).toBe(true);
    expect(THRESHOLDS_FAILED_EXIT).toBe(99);
  });

  it('fails a threshold that cannot be measured, saying why', () => {
    const noGet = summarise(RUN, rows(5, 'head', 'after-upload', 200));
    const [result] = evaluateThresholds([parse('get.forbidden == 0')], noGet);
    expect(result).toMatchObject({ passed: false, measured: null, reason: 'no get probes in this run' });
  });

  it('prints one line per threshold and a Markdown table', () => {
    const results = evaluateThresholds([parse('head.forbidden-rate < 0.1%'), parse('ranged-get.forbidden == 0')], SUMMARY);
    expect(renderThresholdResults(results)).toBe(
      [
        'thresholds: 1 passed, 1 failed (exit 99)',
        '  FAIL  head.forbidden-rate < 0.1%  measured 0.03 (3%)',
        '  PASS  ranged-get.forbidden == 0   measured 0',
        '',
      ].join('\n'),
    );
    expect(renderThresholdResults(results, { color: true })).toContain('\u001b[31mFAIL\u001b[0m');
    expect(renderThresholdMarkdown(results)).toContain('| `head.forbidden-rate < 0.1%` | **failed** | measured 0.03 (3%) |');
    expect(renderThresholdResults([])).toBe('');
  });
});
