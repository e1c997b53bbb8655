import { describe, expect, test } from 'vitest';
import { estimateRequests } from './estimate.js';
import { parseScenario } from './parse.js';
import { planRun } from './plan.js';

function estimateFor(yaml: string) {
  const scenario = parseScenario(`version: 1\nname: estimate\ntarget: s3\nbucket: my-team-s3probe\n${yaml}`, 'estimate.yaml');
  return estimateRequests(scenario, planRun(scenario, ''));
}

describe('estimateRequests', () => {
  test('counts one PUT per object, probes by tier, the preflight HeadBucket and DeleteObjects batches', () => {
    const estimate = estimateFor('objects: { count: 200 }\n');
    expect(estimate).toMatchObject({ put: 200, head: 2001, get: 4000, list: 0, delete: 1, total: 6202, followUpGetUpperBound: 2000, totalUpperBound: 8202 });
    // (200 PUT + 1 DeleteObjects) at $0.005/1k + (2001 HEAD + 4000 GET) at $0.0004/1k
    expect(estimate.costUsd).toBeCloseTo((201 * 0.005 + 6001 * 0.0004) / 1000, 12);
    // ... plus at most one follow-up ranged GET per HEAD probe
    expect(estimate.costUsdUpperBound).toBeCloseTo(estimate.costUsd + (2000 * 0.0004) / 1000, 12);
    expect(estimate.pricing).toContain('us-east-1 S3 Standard: $0.005/1k PUT/COPY/POST/LIST, $0.0004/1k GET/HEAD and others; DELETE free');
    expect(estimate.pricing).toContain('DeleteObjects');
  });

  test('DeleteObjects takes 1,000 keys a request; no cleanup, no deletes', () => {
    expect(estimateFor('objects: { count: 1000 }\n').delete).toBe(1);
    expect(estimateFor('objects: { count: 1001 }\n').delete).toBe(2);
    expect(estimateFor('objects: { count: 2500 }\ncleanup: false\n').delete).toBe(0);
  });

  test('ranged-get and get are both GET-tier; head only when planned', () => {
    const estimate = estimateFor('objects: { count: 10 }\nmethods: [ranged-get]\nschedule: { before-upload-ms: [], after-upload-ms: [0, 5] }\n');
    expect(estimate).toMatchObject({ put: 10, head: 1, get: 20, delete: 1, total: 32 });
  });

  test('the new methods by tier: head-if-match HEAD, get-object-attributes GET, list-prefix LIST (PUT tier)', () => {
    const estimate = estimateFor('objects: { count: 10 }\nmethods: [head-if-match, get-object-attributes, list-prefix]\nschedule: { before-upload-ms: [-5], after-upload-ms: [0] }\n');
    expect(estimate).toMatchObject({ put: 10, head: 21, get: 20, list: 20, delete: 1, total: 72 });
    expect(estimate.costUsd).toBeCloseTo(((10 + 20 + 1) * 0.005 + (21 + 20) * 0.0004) / 1000, 12);
  });

  test('retries can multiply every request up to max-attempts', () => {
    const estimate = estimateFor('objects: { count: 10 }\nsdk: { max-attempts: 3 }\nfollow-up: { on-head-403: none }\n');
    expect(estimate.followUpGetUpperBound).toBe(0);
    expect(estimate.totalUpperBound).toBe(estimate.total * 3);
    expect(estimate.costUsdUpperBound).toBeCloseTo(estimate.costUsd * 3, 12);
  });

  test('follow-ups are bounded by the HEAD probes, and only counted when HEAD is planned', () => {
    expect(estimateFor('objects: { count: 10 }\nsdk: { max-attempts: 2 }\n')).toMatchObject({ followUpGetUpperBound: 100, totalUpperBound: (10 + 101 + 200 + 1 + 100) * 2 });
    expect(estimateFor('objects: { count: 10 }\nmethods: [get]\n').followUpGetUpperBound).toBe(0);
  });

  test('a 1,000,000-object plan is priced without materialising its probes', () => {
    const estimate = estimateFor('objects: { count: 1000000 }\n');
    expect(estimate.total).toBe(1_000_000 + 10_000_001 + 20_000_000 + 1000);
    expect(estimate.costUsd).toBeCloseTo((1_001_000 * 0.005 + 30_000_001 * 0.0004) / 1000, 6);
  });
});
