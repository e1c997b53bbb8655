import { describe, expect, it } from 'vitest';
import { formatDuration, formatMs, formatPercent, formatRate } from './format.js';

describe('formatPercent', () => {
  it.each([
    [0, 2, '0%'],
    [1, 1, '100%'],
    [0.031, 2, '3.10%'],
    [0.026, 1, '2.6%'],
    [0.0026, 1, '0.26%'],
    [0.000052, 2, '0.0052%'],
    [0.5, 2, '50.00%'],
  ])('%f with %i decimals → %s', (fraction, decimals, expected) => {
    expect(formatPercent(fraction, decimals)).toBe(expected);
  });
});

describe('formatRate', () => {
  it('prints the rate and its interval, or a dash without trials', () => {
    expect(formatRate(0.031, [0.0261, 0.0368], 1000)).toBe('3.10% [2.6%–3.7%]');
    expect(formatRate(0, [0, 1], 0)).toBe('–');
  });
});

describe('formatMs and formatDuration', () => {
  it('scale their precision', () => {
    expect([formatMs(null), formatMs(0.347), formatMs(12.44), formatMs(2150.4)]).toEqual(['–', '0.35', '12.4', '2150']);
    expect([formatDuration(null), formatDuration(850), formatDuration(12_340), formatDuration(245_000), formatDuration(7_380_000)]).toEqual([
      '–', '850 ms', '12.3 s', '4m 05s', '2h 03m',
    ]);
  });
});
