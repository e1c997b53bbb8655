import { describe, expect, test } from 'vitest';
import { formatDurationMs, formatUsd, formatValue, groupDigits } from './format.js';

describe('groupDigits', () => {
  test.each([
    [0, '0'],
    [4096, '4096'],
    [10_000, '10,000'],
    [5_368_709_120, '5,368,709,120'],
    [-86_400_000, '-86,400,000'],
  ])('%d → %s', (value, text) => expect(groupDigits(value)).toBe(text));
});

describe('formatValue', () => {
  test.each([
    [undefined, 'nothing (the key is missing)'],
    [null, 'null (an empty value)'],
    ['x', '"x"'],
    [-5, '-5'],
    [Number.NaN, 'NaN'],
    [true, 'true'],
    [[1, 'a'], '[1, "a"]'],
    [{ count: 2 }, '{ count: 2 }'],
    [[[[1]]], '[[[…]]]'],
  ])('%j → %s', (value, text) => expect(formatValue(value)).toBe(text));

  test('long values are cut to a readable length', () => {
    const text = formatValue('y'.repeat(500));
    expect(text.length).toBeLessThanOrEqual(60);
    expect(text.endsWith('…')).toBe(true);
  });
});

describe('formatDurationMs', () => {
  test.each([
    [0, '0 ms'],
    [850, '850 ms'],
    [12_300, '12.3 s'],
    [303_000, '5 min 3 s'],
    [3_720_000, '1 h 2 min'],
  ])('%d → %s', (durationMs, text) => expect(formatDurationMs(durationMs)).toBe(text));
});

describe('formatUsd', () => {
  test.each([
    [0, '$0.00'],
    [0.00258, '$0.0026'],
    [0.01, '$0.01'],
    [12.345, '$12.35'],
  ])('%d → %s', (amount, text) => expect(formatUsd(amount)).toBe(text));
});
