import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LogHistogram } from './log-histogram.js';

function exactQuantile(sorted: number[], q: number): number {
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1];
}

describe('LogHistogram', () => {
  it('is empty until values arrive', () => {
    const histogram = new LogHistogram();
    expect([histogram.quantile(0.5), histogram.min, histogram.max, histogram.count]).toEqual([null, null, null, 0]);
  });

  it('reports exact min and max and clamps quantiles to them', () => {
    const histogram = new LogHistogram();
    for (const value of [7, 7, 7]) histogram.add(value);
    expect(histogram.quantile(0)).toBe(7);
    expect(histogram.quantile(0.5)).toBe(7);
    expect(histogram.quantile(1)).toBe(7);
  });

  it('handles zero and negative values (early probes have negative lateness)', () => {
    const histogram = new LogHistogram();
    for (const value of [-3, -1, 0, 0, 2]) histogram.add(value);
    expect(histogram.quantile(0.2)).toBe(-3);
    expect(histogram.quantile(0.4)).toBeCloseTo(-1, 1);
    expect(histogram.quantile(0.6)).toBe(0);
    expect(histogram.quantile(1)).toBe(2);
  });

  it('stays within 1% of the exact nearest-rank quantile on random data', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 120_000, noNaN: true }), { minLength: 1, maxLength: 2000 }),
        fc.constantFrom(0.01, 0.5, 0.9, 0.99, 0.999),
        (values, q) => {
          const histogram = new LogHistogram(0.01);
          for (const value of values) histogram.add(value);
          const exact = exactQuantile([...values].sort((a, b) => a - b), q);
          const estimate = histogram.quantile(q) as number;
          return Math.abs(estimate - exact) <= 0.01 * exact + 1e-9;
        },
      ),
    );
  });

  it('keeps memory bounded: a million values land in a few thousand buckets', () => {
    const histogram = new LogHistogram(0.01);
    let seed = 1;
    const sorted: number[] = [];
    for (let i = 0; i < 1_000_000; i += 1) {
      seed = (seed * 48271) % 2147483647;
      const value = Math.exp((seed / 2147483647) * 20 - 5); // 0.007 … 22,000
      histogram.add(value);
      if (i % 100 === 0) sorted.push(value);
    }
    expect(histogram.buckets).toBeLessThan(1100);
    expect(histogram.count).toBe(1_000_000);
    sorted.sort((a, b) => a - b);
    expect(histogram.quantile(0.5)).toBeGreaterThan(exactQuantile(sorted, 0.45));
    expect(histogram.quantile(0.5)).toBeLessThan(exactQuantile(sorted, 0.55));
  });

  it('merges: two halves answer every quantile, min, max and count as the whole does', () => {
    const whole = new LogHistogram();
    const left = new LogHistogram();
    const right = new LogHistogram();
    [-3, 0, 0.5, 1, 2, 7, 7, 40, 900, 1e-9].forEach((value, i) => {
      whole.add(value);
      (i % 2 === 0 ? left : right).add(value);
    });
    left.merge(right);
    left.merge(new LogHistogram());
    expect(left.count).toBe(whole.count);
    expect([left.min, left.max]).toEqual([-3, 900]);
    for (const q of [0, 0.1, 0.3, 0.5, 0.7, 0.9, 1]) expect(left.quantile(q)).toBe(whole.quantile(q));
    expect(() => left.merge(new LogHistogram(0.02))).toThrow(/different accuracy/);
  });
});

describe('LogHistogram beyond its dense range', () => {
  it('counts magnitudes past the typed array in its map, in order, and merges them', () => {
    const histogram = new LogHistogram(0.01);
    const values = [2, 1e20, 1e30, -1e25, -3];
    for (const value of values) histogram.add(value);
    const other = new LogHistogram(0.01);
    other.add(1e40);
    histogram.merge(other);
    expect(histogram.buckets).toBe(6);
    // Ranks 2..5 in value order: -3, 2, 1e20, 1e30 (ranks 1 and 6 are the exact min and max).
    const expected = [-3, 2, 1e20, 1e30];
    expected.forEach((value, i) => {
      const estimate = histogram.quantile((i + 2) / 6) as number;
      expect(Math.abs(estimate - value) / Math.abs(value)).toBeLessThanOrEqual(0.01);
    });
    expect([histogram.min, histogram.max]).toEqual([-1e25, 1e40]);
  });
});
