import { describe, expect, it } from 'vitest';
import { estimateClockOffset, type DateHeaderGroup } from './clock-offset.js';

const BASE = Date.UTC(2026, 11, 4, 15, 28, 7);

/** Simulates responses from an endpoint whose clock is `offsetMs` ahead of the client, one every `stepMs`. */
function simulate(offsetMs: number, count: number, stepMs: number, latencyMs: number): DateHeaderGroup[] {
  const groups = new Map<string, DateHeaderGroup>();
  for (let i = 0; i < count; i++) {
    const startedAtMs = BASE + i * stepMs;
    const endedAtMs = startedAtMs + latencyMs;
    const serverMs = startedAtMs + latencyMs / 2 + offsetMs;
    const responseDate = new Date(Math.floor(serverMs / 1000) * 1000).toUTCString();
    const group = groups.get(responseDate);
    if (group === undefined) groups.set(responseDate, { responseDate, minEndedAtMs: endedAtMs, maxStartedAtMs: startedAtMs, attempts: 1 });
    else {
      group.minEndedAtMs = Math.min(group.minEndedAtMs, endedAtMs);
      group.maxStartedAtMs = Math.max(group.maxStartedAtMs, startedAtMs);
      group.attempts += 1;
    }
  }
  return [...groups.values()];
}

describe('estimateClockOffset', () => {
  it.each([0, 350, -2700, 61_000])('bounds a true offset of %i ms and narrows it with many responses', (offsetMs) => {
    const estimate = estimateClockOffset(simulate(offsetMs, 500, 37, 8));
    expect(estimate).not.toBeNull();
    expect(estimate!.consistent).toBe(true);
    expect(estimate!.lowMs).toBeLessThanOrEqual(offsetMs);
    expect(estimate!.highMs).toBeGreaterThanOrEqual(offsetMs);
    // Responses at many sub-second phases pin the offset far below the 1 s header resolution.
    expect(estimate!.highMs - estimate!.lowMs).toBeLessThan(60);
    expect(estimate!.attempts).toBe(500);
  });

  it('with one response, the bound is the 1 s resolution plus the round trip', () => {
    const estimate = estimateClockOffset(simulate(0, 1, 1, 100))!;
    expect(estimate.highMs - estimate.lowMs).toBeCloseTo(1100, 5);
    expect(estimate.lowMs).toBeLessThanOrEqual(0);
    expect(estimate.highMs).toBeGreaterThanOrEqual(0);
  });

  it('says so when responses disagree (two front ends 5 s apart) and falls back to the median', () => {
    const groups = [...simulate(0, 50, 40, 5), ...simulate(5000, 10, 400, 5)];
    const estimate = estimateClockOffset(groups)!;
    expect(estimate.consistent).toBe(false);
    expect(estimate.lowMs).toBeLessThan(1000);
    expect(estimate.highMs).toBeGreaterThan(4000);
  });

  it('is null without a readable Date header', () => {
    expect(estimateClockOffset([])).toBeNull();
    expect(estimateClockOffset([{ responseDate: 'not a date', minEndedAtMs: 1, maxStartedAtMs: 1, attempts: 3 }])).toBeNull();
  });
});
