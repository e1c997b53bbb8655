import { describe, expect, test } from 'vitest';
import { describePlan, estimateDurationMs } from './describe.js';
import { estimateRequests } from './estimate.js';
import { parseScenario } from './parse.js';
import { planRun } from './plan.js';

function describeYaml(yaml: string): string {
  const scenario = parseScenario(`version: 1\nname: described\n${yaml}`, 'describe.yaml');
  const plan = planRun(scenario, `${scenario.prefix}<run-id>/`);
  return describePlan(scenario, plan, estimateRequests(scenario, plan));
}

const QUICKSTART = 'target: local\nbucket: s3probe-quickstart\nobjects: { count: 200 }\n';

describe('describePlan', () => {
  test('states what the quickstart will do', () => {
    const text = describeYaml(QUICKSTART);
    expect(text.split('\n')[0]).toBe('Scenario "described" (format version 1): valid');
    for (const fragment of [
      'local: the embedded S3-compatible endpoint (a simulation, not AWS), path-style',
      's3probe-quickstart, keys under s3probe/<run-id>/obj-NNNNNN',
      '200, sizes cycled over 0, 1, 4,096 bytes; one upload every 20 ms',
      'head, ranged-get, get; order shuffled per (object, offset) by seed 42',
      "-1000, -100 ms, relative to each upload's start",
      "0, 10, 50, 100, 250, 500, 1000, 2000 ms, relative to each upload's completion",
      '6,000: head 2,000, ranged-get 2,000, get 2,000; before-upload 1,200, after-upload 4,800',
      '6,202: 200 PUT, 2,001 HEAD (1 of them the preflight HeadBucket), 4,000 GET (+ a ranged GET after each HEAD 403: at most 2,000), 1 DeleteObjects; no SDK retries',
      '~$0.0034 (up to $0.0042 with every follow-up and retry) if run against AWS; target local costs nothing',
      '~7.0 s: 1.0 s lead + 4.0 s of upload starts + 2.0 s last after-upload offset',
      '32 requests in flight at most',
      'on: deletes the objects this run created, and nothing else',
      'default; uploader default, prober default',
      'none',
      'strongly consistent (as S3 is since December 2020)',
      'a ranged GET of the same key after every HEAD 403, to read its error code',
    ]) {
      expect(text).toContain(fragment);
    }
  });

  test('names the endpoint, profile, retries and the pricing caveat for target s3', () => {
    const text = describeYaml(
      'target: s3\nbucket: my-team-s3probe\nendpoint: http://127.0.0.1:9000\nprofile: research\nsdk: { max-attempts: 3 }\ncleanup: false\n',
    );
    expect(text).toContain('s3: http://127.0.0.1:9000 (S3-compatible endpoint), region us-east-1, virtual-hosted-style, credentials from profile research');
    expect(text).toContain('if every request used all 3 attempts');
    expect(text).toContain("at AWS prices; your endpoint's pricing may differ");
    expect(text).toContain('off: the uploaded objects stay in the bucket');
    expect(text).toContain('0 DeleteObjects');
  });

  test('lists the endpoint model of a local scenario: identities, each fault rule by name, consistency', () => {
    const text = describeYaml([
      'target: local',
      'identities: [{ name: owner }, { name: reader, list-bucket: false }]',
      'prober: reader',
      'faults: [{ method: head, probability: 0.03, status: 403, code: AccessDenied }]',
      'consistency: { visibility-delay-ms: { head: 200 } }',
      'follow-up: { on-head-403: none }',
    ].join('\n'));
    expect(text).toContain('owner, reader (no s3:ListBucket: missing keys answer 403); uploader owner, prober reader');
    expect(text).toContain('1 rule(s), seeded by seed 42 (a simulation, not AWS behaviour)');
    expect(text).toMatch(/^ {4,}faults\[0\]: HEAD whether or not the key exists, with probability 0\.03: answer 403 AccessDenied$/m);
    expect(text).toContain('new objects invisible for head 200 ms (0 ms for the other methods)');
    expect(text).toMatch(/follow-up\s+none/);
    expect(text).not.toContain('after each HEAD 403: at most');
  });

  test('an AWS scenario has no endpoint model rows', () => {
    expect(describeYaml('target: s3\nbucket: my-team-s3probe\n')).not.toMatch(/identities|consistency/);
  });

  test('an AWS scenario without a profile uses the default credential chain', () => {
    expect(describeYaml('target: s3\nbucket: my-team-s3probe\n')).toContain('s3: AWS, region us-east-1, virtual-hosted-style, credentials from the default AWS credential chain');
  });

  test('an empty offset list reads "none"', () => {
    expect(describeYaml('target: local\nschedule: { before-upload-ms: [] }\n')).toMatch(/before\s+none/);
  });
});

describe('estimateDurationMs', () => {
  test('lead + upload starts + last after-upload offset', () => {
    const scenario = parseScenario('version: 1\nname: d\ntarget: local\nobjects: { count: 11 }\nschedule: { before-upload-ms: [-300], after-upload-ms: [0, 700], upload-interval-ms: 10 }\n', 'd.yaml');
    expect(estimateDurationMs(scenario, planRun(scenario, ''))).toEqual({ totalMs: 1100, leadMs: 300, uploadsSpanMs: 100, lastAfterMs: 700 });
  });
});
