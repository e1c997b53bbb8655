import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './wilson.js';

describe('wilsonInterval', () => {
  it.each([
    [0, 0, 0, 1],
    [0, 10, 0, 0.2775],
    [10, 10, 0.7225, 1],
    [5, 100, 0.0215, 0.1118],
    [50, 100, 0.4038, 0.5962],
    [31, 1000, 0.0219, 0.0437],
  ])('%i of %i → [%f, %f]', (successes, trials, low, high) => {
    const [actualLow, actualHigh] = wilsonInterval(successes, trials);
    expect(actualLow).toBeCloseTo(low, 4);
    expect(actualHigh).toBeCloseTo(high, 4);
  });

  it('a wider z gives a wider interval', () => {
    const [low95, high95] = wilsonInterval(5, 100);
    const [low99, high99] = wilsonInterval(5, 100, 2.575829);
    expect(low99).toBeLessThan(low95);
    expect(high99).toBeGreaterThan(high95);
  });

  it('always lies in [0, 1] and contains the observed proportion', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (trials, share) => {
        const successes = Math.round(trials * share);
        const [low, high] = wilsonInterval(successes, trials);
        const p = successes / trials;
        return low >= 0 && high <= 1 && low <= p && p <= high;
      }),
    );
  });
});
