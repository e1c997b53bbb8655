// The reporting side of `run`: shard and threshold checks up front, exit 99 on a failed threshold, credential kind without secrets.
import type { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { applyThresholds, describeCredentials, planForShard, prepareRunReporting } from '../src/commands/run-reporting.js';
import type { ProbeRow, RunRow } from '../src/recorder/rows.js';
import { planRun } from '../src/scenario/plan.js';
import type { Scenario } from '../src/scenario/scenario.js';
import { summarise } from '../src/summary/summarise.js';
import { captureIo } from './helpers/capture-io.js';

const BASE = { scenarioPath: 'nightly.yaml', scenarioName: 'nightly', seed: 42, now: new Date(Date.UTC(2026, 11, 4, 2)) };

describe('prepareRunReporting', () => {
  it('parses the shard, names the group, and keeps scenario thresholds before flag thresholds', () => {
    const reporting = prepareRunReporting({ ...BASE, shard: '1/4', scenarioThresholds: ['head.forbidden == 0'], flagThresholds: ['any.probes > 0'] });
    expect(reporting.shard).toEqual({ index: 1, count: 4, group: 'nightly-seed42-x4-20261204' });
    expect(reporting.thresholds.map((t) => t.text)).toEqual(['head.forbidden == 0', 'any.probes > 0']);
    expect(prepareRunReporting({ ...BASE, shard: '0/2', group: 'gha-123' }).shard?.group).toBe('gha-123');
    expect(prepareRunReporting(BASE)).toEqual({ shard: null, thresholds: [] });
  });

  it('names the file and entry of a bad scenario threshold, and the flag of a bad --threshold (both exit 2)', () => {
    expect(() => prepareRunReporting({ ...BASE, scenarioThresholds: ['head.forbidden == 0', 'head.oops < 1'] })).toThrow(/^nightly\.yaml: thresholds\[1\]: threshold "head\.oops < 1": unknown metric/);
    expect(() => prepareRunReporting({ ...BASE, flagThresholds: ['nonsense'] })).toThrow(/^--threshold: threshold "nonsense"/);
    expect(() => prepareRunReporting({ ...BASE, shard: '4/4' })).toThrow(/^--shard: "4\/4"/);
  });

  it('plans only the shard\'s objects', () => {
    const scenario = {
      name: 'n', seed: 1, objects: { count: 10, sizeBytes: [1] }, methods: ['head'],
      schedule: { beforeUploadMs: [], afterUploadMs: [0], uploadIntervalMs: 10 },
    } as unknown as Scenario;
    const plan = planRun(scenario, 'p/');
    expect(planForShard(plan, prepareRunReporting(BASE))).toBe(plan);
    expect(planForShard(plan, prepareRunReporting({ ...BASE, shard: '2/3' })).objects.map((o) => o.index)).toEqual([2, 5, 8]);
  });
});

describe('applyThresholds', () => {
  const run = { id: 'r', status: 'completed', startedAtMs: 0, endedAtMs: 1, plannedProbes: 2 } as RunRow;
  const probe = (status: number): ProbeRow => ({
    objectKey: 'k', method: 'head', phase: 'after-upload', offsetMs: 0, status, errorCode: null, errorClass: null, latencyMs: 1, attempts: 1,
    startedAtMs: 0, plannedAtMs: 0, trigger: 'plan',
  });
  const summary = summarise(run, [probe(200), probe(403)]);

  it('prints the results and turns a clean exit into 99 when one failed', () => {
    const io = captureIo();
    const failing = prepareRunReporting({ ...BASE, flagThresholds: ['head.forbidden == 0', 'head.probes == 2'] });
    expect(applyThresholds(summary, failing, io, 0)).toBe(99);
    expect(io.stdoutText).toContain('thresholds: 1 passed, 1 failed (exit 99)');
    expect(applyThresholds(summary, prepareRunReporting({ ...BASE, flagThresholds: ['head.probes == 2'] }), captureIo(), 0)).toBe(0);
    expect(applyThresholds(summary, failing, captureIo(), 130)).toBe(130);
    const quiet = captureIo();
    expect(applyThresholds(summary, prepareRunReporting(BASE), quiet, 0)).toBe(0);
    expect(quiet.stdoutText).toBe('');
  });
});

describe('describeCredentials', () => {
  const client = (identity: object | Error) => ({ config: { credentials: async () => { if (identity instanceof Error) throw identity; return identity; } } }) as unknown as S3Client;

  it('says temporary or static and where from, never the keys', async () => {
    const temporary = await describeCredentials(client({ accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'SECRET', sessionToken: 'TOKEN' }), { target: 's3', env: { AWS_WEB_IDENTITY_TOKEN_FILE: '/t', AWS_ROLE_ARN: 'arn' } });
    expect(temporary).toEqual({ kind: 'temporary (role via web identity)' });
    const fixed = await describeCredentials(client({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'SECRET' }), { target: 's3', profile: 'research', env: {} });
    expect(fixed).toEqual({ kind: 'static (profile research)' });
    expect(JSON.stringify([temporary, fixed])).not.toMatch(/EXAMPLE|SECRET|TOKEN/);
    expect(await describeCredentials(client(new Error('no')), { target: 's3', env: { AWS_ACCESS_KEY_ID: 'AKIA' } })).toEqual({ kind: 'unknown (environment variables)' });
    expect((await describeCredentials(client(new Error('unused')), { target: 'local' })).kind).toMatch(/^static/);
  });
});
