import { describe, expect, test } from 'vitest';
import { summariseArms } from './arms.js';

describe('summariseArms', () => {
  test('no tallies: empty arms, comparisons and breakdowns', () => {
    const empty = { remoteAddress: {}, socketRequests: {}, credentialExpiry: {} };
    expect(summariseArms(null)).toEqual({ arms: [], armComparisons: [], forbiddenBy: { ...empty, probes: empty } });
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
      byRemoteAddress: [{ key: '10.0.0.1', probes: 400, forbidden: 31 }, { key: '10.0.0.2', probes: 10, forbidden: 0 }],
      bySocketRequests: [{ key: '1', probes: 10, forbidden: 1 }, { key: '2-10', probes: 400, forbidden: 30 }],
      byCredentialExpiry: [{ key: '<5 min', probes: 40, forbidden: 30 }, { key: '>60 min', probes: 370, forbidden: 1 }],
    });
    expect(summary.arms.map((arm) => [arm.arm, arm.methods.map((m) => m.method)])).toEqual([['a', ['head', 'get']], ['b', ['head', 'get']], ['c', ['list-prefix']]]);
    const bHead = summary.arms[1].methods[0];
    expect(bHead.forbiddenRate).toBe(0.3);
    expect(bHead.forbiddenCi95[0]).toBeLessThan(0.3);
    expect(bHead.forbiddenCi95[1]).toBeGreaterThan(0.3);
    expect(summary.armComparisons.map((c) => `${c.method} ${c.armA}-${c.armB} ${c.significant}`)).toEqual(['get a-b false', 'head a-b true']);
    expect(summary.armComparisons[1].pValue).toBeLessThan(1e-6);
    expect(summary.armComparisons[0].pValue).toBeCloseTo(1, 9);
    // 403 counts keep only keys with a 403 (summaryVersion 1 as first shipped); `probes` has every key, as denominators.
    expect(summary.forbiddenBy).toEqual({
      remoteAddress: { '10.0.0.1': 31 }, socketRequests: { '1': 1, '2-10': 30 }, credentialExpiry: { '<5 min': 30, '>60 min': 1 },
      probes: {
        remoteAddress: { '10.0.0.1': 400, '10.0.0.2': 10 }, socketRequests: { '1': 10, '2-10': 400 }, credentialExpiry: { '<5 min': 40, '>60 min': 370 },
      },
    });
  });
});
