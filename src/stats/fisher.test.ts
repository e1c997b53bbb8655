import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fisherExactTwoSided, logFactorial, type TwoByTwo } from './fisher.js';

/** Exact reference with BigInt binomials (slow, only for small tables). */
function binomial(n: number, k: number): bigint {
  let result = 1n;
  for (let i = 1; i <= k; i++) result = (result * BigInt(n - k + i)) / BigInt(i);
  return result;
}

function referencePValue({ hitsA, trialsA, hitsB, trialsB }: TwoByTwo): number {
  const hits = hitsA + hitsB;
  const weights: bigint[] = [];
  const low = Math.max(0, hits - trialsB);
  for (let x = low; x <= Math.min(hits, trialsA); x++) weights.push(binomial(trialsA, x) * binomial(trialsB, hits - x));
  const observed = binomial(trialsA, hitsA) * binomial(trialsB, hitsB);
  // Ties within 1e-7 relative count as extreme, as in the implementation.
  const extreme = weights.filter((w) => w * 10_000_000n <= observed * 10_000_001n).reduce((a, b) => a + b, 0n);
  const all = weights.reduce((a, b) => a + b, 0n);
  const scale = 10n ** 18n;
  return Number((extreme * scale) / all) / 1e18;
}

describe('logFactorial', () => {
  it('is exact on the table and continuous across the switch to Stirling', () => {
    expect(logFactorial(0)).toBe(0);
    expect(logFactorial(5)).toBeCloseTo(Math.log(120), 12);
    let sum = 0;
    for (let n = 1; n <= 3000; n++) sum += Math.log(n);
    expect(Math.abs(logFactorial(3000) - sum) / sum).toBeLessThan(1e-13);
  });

  it('rejects what is not a factorial', () => {
    expect(() => logFactorial(-1)).toThrow(RangeError);
    expect(() => logFactorial(1.5)).toThrow(RangeError);
  });
});

describe('fisherExactTwoSided', () => {
  it.each([
    // Fisher's tea-tasting table: R fisher.test(matrix(c(3,1,1,3),2)) → 0.4857
    [{ hitsA: 3, trialsA: 4, hitsB: 1, trialsB: 4 }, 0.4857142857142857],
    // R fisher.test(matrix(c(1,11,9,3),2)) → 0.002759 (the textbook dieting example)
    [{ hitsA: 1, trialsA: 10, hitsB: 11, trialsB: 14 }, 0.0027594562],
    // scipy.stats.fisher_exact([[8, 2], [1, 5]]) → 0.03496503496503495
    [{ hitsA: 8, trialsA: 10, hitsB: 1, trialsB: 6 }, 0.03496503496503495],
    // The two most extreme tables of 20 choose 10: 2 / 184756
    [{ hitsA: 10, trialsA: 10, hitsB: 0, trialsB: 10 }, 2 / 184756],
  ])('%o → %f', (table, expected) => {
    expect(fisherExactTwoSided(table)).toBeCloseTo(expected, 9);
  });

  it('is 1 when nothing can differ', () => {
    expect(fisherExactTwoSided({ hitsA: 0, trialsA: 100, hitsB: 0, trialsB: 100 })).toBe(1);
    expect(fisherExactTwoSided({ hitsA: 5, trialsA: 5, hitsB: 7, trialsB: 7 })).toBe(1);
    expect(fisherExactTwoSided({ hitsA: 0, trialsA: 0, hitsB: 3, trialsB: 9 })).toBe(1);
    expect(fisherExactTwoSided({ hitsA: 2, trialsA: 10, hitsB: 2, trialsB: 10 })).toBeCloseTo(1, 12);
  });

  it('matches the exact BigInt computation on random tables', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (trialsA, trialsB, ra, rb) => {
        const table = { hitsA: Math.floor(ra * trialsA), trialsA, hitsB: Math.floor(rb * trialsB), trialsB };
        const expected = referencePValue(table);
        expect(Math.abs(fisherExactTwoSided(table) - expected)).toBeLessThanOrEqual(1e-9 + 1e-9 * expected);
      }),
      { numRuns: 300 },
    );
  });

  it('stays exact on run-sized tables (31 of 1100 HEAD vs 0 of 1100 ranged GET)', () => {
    const table = { hitsA: 31, trialsA: 1100, hitsB: 0, trialsB: 1100 };
    const expected = referencePValue(table);
    expect(expected).toBeGreaterThan(0);
    expect(fisherExactTwoSided(table) / expected).toBeCloseTo(1, 9);
  });

  it('handles a million probes per group quickly and without underflow to NaN', () => {
    const started = performance.now();
    const p = fisherExactTwoSided({ hitsA: 52, trialsA: 1_000_000, hitsB: 40, trialsB: 1_000_000 });
    expect(p).toBeGreaterThan(0.2);
    expect(p).toBeLessThan(0.3);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(fisherExactTwoSided({ hitsA: 5000, trialsA: 1_000_000, hitsB: 0, trialsB: 1_000_000 })).toBe(0);
  });

  it('refuses impossible tables', () => {
    expect(() => fisherExactTwoSided({ hitsA: 3, trialsA: 2, hitsB: 0, trialsB: 1 })).toThrow(RangeError);
    expect(() => fisherExactTwoSided({ hitsA: -1, trialsA: 2, hitsB: 0, trialsB: 1 })).toThrow(RangeError);
  });
});
