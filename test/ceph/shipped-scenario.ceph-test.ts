// scenarios/ceph-local.yaml as a user runs it: validated offline, then run against RGW with the real port via --endpoint.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { ROOT } from '../helpers/cli.js';
import { makeTempDir, rgw, runS3probe } from './rgw.js';

const SCENARIO = 'scenarios/ceph-local.yaml';
let dir: string;

beforeAll(() => {
  dir = makeTempDir('shipped');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe(SCENARIO, () => {
  it('is a target-s3 scenario for RGW: placeholder endpoint, path-style, WHEN_REQUIRED checksums, the bucket `up` creates', () => {
    const { scenario } = loadScenario(join(ROOT, SCENARIO));
    expect(scenario).toMatchObject({
      target: 's3',
      endpoint: 'http://127.0.0.1:7480',
      pathStyle: true,
      bucket: rgw().bucket,
      sdk: { requestChecksumCalculation: 'WHEN_REQUIRED' },
      cleanup: true,
    });
  });

  it('validates offline: plan, request count, estimated cost', async () => {
    const result = await runS3probe(['validate', SCENARIO], rgw().users.owner);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/\$\d/);
  });

  it('runs against RGW with --endpoint: nothing unexpected, no 403, everything cleaned up', async () => {
    const dbPath = join(dir, 'ceph-local.sqlite');
    const run = await runS3probe(['run', SCENARIO, '--endpoint', rgw().endpoint, '--db', dbPath, '--no-progress'], rgw().users.owner);
    expect(run.code, run.stderr).toBe(0);
    const json = await runS3probe(['summary', '--db', dbPath, '--format', 'json'], rgw().users.owner);
    expect(json.code, json.stderr).toBe(0);
    const summary = JSON.parse(json.stdout);
    expect(summary.run).toMatchObject({ status: 'completed', scenario: 'ceph-local', target: 's3', endpoint: rgw().endpoint, bucket: rgw().bucket });
    expect(summary.run.probes).toBe(summary.run.plannedProbes);
    expect(summary.unexpected).toBe(0);
    expect(summary.totals.forbidden).toBe(0);
    expect(summary.totals.networkErrors).toBe(0);
    const ranged = summary.methods.find((m: { method: string }) => m.method === 'ranged-get');
    expect(Object.keys(ranged.statuses)).toEqual(['206', '404', '416']);
  });
});
