import { describe, expect, test } from 'vitest';
import { summariseArms } from './arms.js';

describe('summariseArms', () => {
  test('no tallies: empty arms, comparisons and breakdowns', () => {
    expect(summariseArms(null)).toEqual({ arms: [], armComparisons: [], forbiddenBy: { remoteAddress: {}, socketRequests: {} } });
  });

  test('rates with Wilson intervals, methods in canonical order, Fisher only between arms of the same method', () => {
    const summary = summariseArms({
      arms: [
        { arm: 'b', method: 'get', probes: 100, forbidden: 0 },
        { arm: 'b', method: 'head', probes: 100, forbidden: 30 },
        { arm: 'a', method: 'head', probes: 100, forbidden: 0 },
        { arm: 'a', method: 'get', probes: 100, forbidden: 1 },
        { arm: 'c', method: 'list-prefix', probes: 10, forbidden: 0 },
      ],
      byRemoteAddress: [{ key: '10.0.0.1', forbidden: 31 }],
      bySocketRequests: [{ key: '1', forbidden: 1 }, { key: '2-10', forbidden: 30 }],
    });
    expect(summary.arms.map((arm) => [arm.arm, arm.methods.map((m) => m.method)])).toEqual([['a', ['head', 'get']], ['b', ['head', 'get']], ['c', ['list-prefix']]]);
    const bHead = summary.arms[1].methods[0];
    expect(bHead.forbiddenRate).toBe(0.3);
    expect(bHead.forbiddenCi95[0]).toBeLessThan(0.3);
    expect(bHead.forbiddenCi95[1]).toBeGreaterThan(0.3);
    expect(summary.armComparisons.map((c) => `${c.method} ${c.armA}-${c.armB} ${c.significant}`)).toEqual(['get a-b false', 'head a-b true']);
    expect(summary.armComparisons[1].pValue).toBeLessThan(1e-6);
    expect(summary.armComparisons[0].pValue).toBeCloseTo(1, 9);
    expect(summary.forbiddenBy).toEqual({ remoteAddress: { '10.0.0.1': 31 }, socketRequests: { '1': 1, '2-10': 30 } });
  });
});
