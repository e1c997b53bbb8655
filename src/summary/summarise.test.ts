import { describe, expect, it } from 'vitest';
import type { ProbeRow, RunRow } from '../recorder/rows.js';
import { expectedStatuses, isUnexpected } from './expected-status.js';
import { summarise } from './summarise.js';

const RUN: RunRow = {
  id: '20261204T152807Z-3f9a1c', scenarioName: 'quickstart', scenarioText: 'version: 1\n', status: 'completed',
  startedAtMs: Date.UTC(2026, 11, 4, 15, 28, 7), endedAtMs: Date.UTC(2026, 11, 4, 15, 29, 10, 500), target: 's3',
  endpoint: null, region: 'us-east-1', bucket: 'probe-bucket', prefix: 's3probe/20261204T152807Z-3f9a1c/', seed: 1,
  concurrency: 4, maxAttempts: 3, plannedProbes: 30, harnessVersion: '0.1.0', sdkVersion: '3.1178.0',
  nodeVersion: 'v20', hostName: 'host', commandLine: 's3probe run', note: null,
};

function rows(count: number, method: string, phase: string, status: number | null, extra: Partial<ProbeRow> = {}): ProbeRow[] {
  return Array.from({ length: count }, (_, i) => ({
    objectKey: `k${i}`, method, phase, offsetMs: phase === 'before-upload' ? -100 : 100, status, errorCode: null, errorClass: null,
    latencyMs: 10, attempts: 1, startedAtMs: 1002, plannedAtMs: 1000, trigger: 'plan', ...extra,
  }));
}

const PROBES: ProbeRow[] = [
  ...rows(2, 'get', 'after-upload', 200),
  ...rows(1, 'get', 'after-upload', 503, { attempts: 3, latencyMs: 900 }),
  ...rows(3, 'head', 'before-upload', 404),
  ...rows(1, 'head', 'before-upload', 403),
  ...rows(4, 'head', 'after-upload', 200),
  ...rows(2, 'head', 'after-upload', 403, { latencyMs: 20 }),
  ...rows(1, 'head', 'after-upload', 404),
  ...rows(2, 'ranged-get', 'before-upload', 404),
  ...rows(3, 'ranged-get', 'after-upload', 206),
  ...rows(1, 'ranged-get', 'after-upload', 416),
  ...rows(1, 'ranged-get', 'after-upload', null, { attempts: 3, errorClass: 'ECONNRESET' }),
  ...rows(1, 'list', 'after-upload', 200),
];

describe('expected statuses', () => {
  it('match what S3 answers per method and phase', () => {
    expect(expectedStatuses('head', 'before-upload')).toEqual([404]);
    expect(expectedStatuses('ranged-get', 'after-upload')).toEqual([206, 416]);
    expect(isUnexpected('get', 'after-upload', 200)).toBe(false);
    expect(isUnexpected('get', 'after-upload', 206)).toBe(true);
    expect(isUnexpected('head', 'after-upload', null)).toBe(true);
    expect(isUnexpected('list', 'after-upload', 500)).toBe(false);
  });
});

describe('summarise', () => {
  const summary = summarise(RUN, PROBES);

  it('describes the run', () => {
    expect(summary.run).toEqual({
      id: RUN.id, status: 'completed', scenario: 'quickstart', target: 's3', endpoint: null, region: 'us-east-1',
      bucket: 'probe-bucket', prefix: RUN.prefix, startedAt: '2026-12-04T15:28:07.000Z', endedAt: '2026-12-04T15:29:10.500Z',
      durationMs: 63_500, plannedProbes: 30, probes: 22, note: null,
    });
    expect(summarise({ ...RUN, endedAtMs: null }, []).run).toMatchObject({ endedAt: null, durationMs: null, probes: 0 });
  });

  it('orders methods head, ranged-get, get, then others', () => {
    expect(summary.methods.map((stats) => stats.method)).toEqual(['head', 'ranged-get', 'get', 'list']);
  });

  it('counts statuses, 403s, stale 404s and unexpected answers per method and phase', () => {
    const head = summary.methods[0];
    expect(head).toMatchObject({
      probes: 11, statuses: { '200': 4, '403': 3, '404': 4 }, forbidden: 3, notFoundAfterUpload: 1, unexpected: 4,
      serverErrors: 0, networkErrors: 0, retried: 0,
    });
    expect(head.forbiddenRate).toBeCloseTo(3 / 11, 10);
    expect(head.byPhase['before-upload']).toMatchObject({ probes: 4, forbidden: 1, notFoundAfterUpload: 0, unexpected: 1 });
    expect(head.byPhase['after-upload']).toMatchObject({ probes: 7, forbidden: 2, notFoundAfterUpload: 1, unexpected: 3 });
    expect(head.byPhase['after-upload']?.latencyMs.max).toBe(20);
  });

  it('counts network errors, 5xx and retries; keys statuses numerically with "error" last', () => {
    const [, rangedGet, get] = summary.methods;
    expect(Object.keys(rangedGet.statuses)).toEqual(['206', '404', '416', 'error']);
    expect(rangedGet).toMatchObject({ networkErrors: 1, retried: 1, unexpected: 1, forbidden: 0, forbiddenCi95: [0, expect.any(Number)] });
    expect(get).toMatchObject({ serverErrors: 1, retried: 1, unexpected: 1, byPhase: { 'after-upload': { probes: 3 } } });
    expect(get.byPhase['before-upload']).toBeUndefined();
    expect(get.latencyMs).toMatchObject({ p99: 900, max: 900 }); // rank n is exact
    expect(Math.abs((get.latencyMs.p50 as number) - 10)).toBeLessThanOrEqual(0.1); // within the histogram's 1%
    expect(get.lateness).toEqual({ p50Ms: 2, p99Ms: 2 });
  });

  it('totals every probe; unexpected excludes methods without an expectation', () => {
    expect(summary.totals).toMatchObject({ method: 'all', probes: 22, forbidden: 3, networkErrors: 1, serverErrors: 1, retried: 2 });
    expect(summary.unexpected).toBe(6);
    expect(summary.totals.forbiddenCi95[0]).toBeGreaterThan(0);
  });

  it('has null latencies and a [0, 1] interval when a group is empty', () => {
    const empty = summarise(RUN, []);
    expect(empty.methods).toEqual([]);
    expect(empty.totals).toMatchObject({ probes: 0, forbiddenRate: 0, forbiddenCi95: [0, 1], latencyMs: { p50: null, p99: null, max: null } });
  });

  it('classifies every planned probe per method, phase and in the totals', () => {
    const head = summary.methods[0];
    expect(head.classes).toEqual({
      expected: 7, stale: 1, phantom: 0, forbidden: 3, throttled: 0, 'server-error': 0, 'network-error': 0, timeout: 0, 'other-unexpected': 0,
    });
    expect(Object.keys(head.classes)).toEqual(['expected', 'stale', 'phantom', 'forbidden', 'throttled', 'server-error', 'network-error', 'timeout', 'other-unexpected']);
    expect(head.byPhase['before-upload']?.classes).toMatchObject({ expected: 3, forbidden: 1 });
    expect(summary.methods[1].classes).toMatchObject({ expected: 6, 'network-error': 1 });
    expect(summary.methods[2].classes).toMatchObject({ expected: 2, throttled: 1 }); // 503 with no code
    expect(summary.totals.classes).toMatchObject({ expected: 16, stale: 1, forbidden: 3, throttled: 1, 'network-error': 1 });
  });

  it('keeps follow-ups out of the planned rates and summarises them apart', () => {
    const withFollowUps = summarise(RUN, [
      ...PROBES,
      ...rows(2, 'ranged-get', 'after-upload', 403, { trigger: 'follow-up', errorCode: 'AccessDenied' }),
      ...rows(1, 'ranged-get', 'before-upload', 206, { trigger: 'follow-up' }),
    ]);
    expect(withFollowUps.methods).toEqual(summary.methods);
    expect(withFollowUps.totals).toEqual(summary.totals);
    expect(withFollowUps.run.probes).toBe(22);
    expect(withFollowUps.followUps).toMatchObject({ head403: 3, probes: 3, outcomes: { AccessDenied: 2, succeeded: 1 } });
    expect(summary.followUps).toMatchObject({ head403: 3, probes: 0, outcomes: {} });
  });

  it('finds per object the offset after which every planned probe was expected', () => {
    const probe = (objectKey: string, offsetMs: number, status: number, method = 'head'): ProbeRow => ({ ...rows(1, method, 'after-upload', status)[0], objectKey, offsetMs });
    const stable = summarise(RUN, [
      probe('a', 0, 200), probe('a', 0, 206, 'ranged-get'), probe('a', 50, 200),
      probe('b', 0, 404), probe('b', 0, 206, 'ranged-get'), probe('b', 50, 200),
      probe('c', 0, 200), probe('c', 50, 403),
      probe('c', 50, 404, 'ranged-get'), // two failures at one offset count once
      { ...rows(1, 'head', 'before-upload', 403)[0], objectKey: 'a' }, // before-upload probes do not count
      { ...probe('a', 50, 404, 'ranged-get'), trigger: 'follow-up' }, // nor do follow-ups
    ]).stableAfter;
    expect(stable).toEqual({ objects: 3, byOffset: [{ offsetMs: 0, objects: 1 }, { offsetMs: 50, objects: 1 }], never: 1 });
  });

  it('has no ground truth unless given one', () => {
    expect(summary.groundTruth).toBeNull();
    const truth = summarise(RUN, [], { endpoint: [], withoutRequestId: [], attempts: 0 }).groundTruth;
    expect(truth).toEqual({ requests: 0, matched: 0, statusMismatches: 0, unloggedAttempts: 0, probes: [], other: [] });
  });

  it('streams a million probes quickly (prints the time)', () => {
    function* generate(): Generator<ProbeRow> {
      for (let i = 0; i < 1_000_000; i += 1) {
        yield {
          objectKey: `s3probe/20261204T152807Z-3f9a1c/obj-${String(Math.floor(i / 30)).padStart(6, '0')}`, trigger: 'plan',
          method: ['head', 'ranged-get', 'get'][i % 3], phase: i % 4 === 0 ? 'before-upload' : 'after-upload', offsetMs: 0,
          status: i % 97 === 0 ? 403 : i % 4 === 0 ? 404 : 200, errorCode: null, errorClass: null,
          latencyMs: 5 + (i % 1000) / 10, attempts: 1, startedAtMs: i + 1, plannedAtMs: i,
        };
      }
    }
    const startedAt = performance.now();
    const big = summarise(RUN, generate());
    console.log(`summarise: 1,000,000 probes in ${(performance.now() - startedAt).toFixed(0)} ms`);
    expect(big.totals.probes).toBe(1_000_000);
    expect(big.totals.forbidden).toBe(Math.ceil(1_000_000 / 97));
    expect(big.totals.latencyMs.max).toBe(104.9);
  });
});
