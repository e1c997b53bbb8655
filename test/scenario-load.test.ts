import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HarnessError } from '../src/errors.js';
import { describePlan } from '../src/scenario/describe.js';
import { estimateRequests } from '../src/scenario/estimate.js';
import { loadScenario } from '../src/scenario/load.js';
import { planRun } from '../src/scenario/plan.js';

let directory: string;

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 's3probe-scenario-'));
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

function write(name: string, content: string | Buffer): string {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
}

function loadErrorOf(path: string): string {
  try {
    loadScenario(path);
  } catch (error) {
    expect(error).toBeInstanceOf(HarnessError);
    expect((error as HarnessError).code).toBe('E_SCENARIO');
    return (error as HarnessError).message;
  }
  throw new Error(`expected ${path} to be rejected`);
}

describe('loadScenario', () => {
  test('returns the scenario and its source verbatim', () => {
    const text = 'version: 1\nname: from-disk\ntarget: local\n';
    const path = write('ok.yaml', text);
    const loaded = loadScenario(path);
    expect(loaded.scenario.name).toBe('from-disk');
    expect(loaded.source).toEqual({ path, text });
  });

  test('reads .json files', () => {
    expect(loadScenario(write('ok.json', JSON.stringify({ version: 1, name: 'json', target: 'local' }))).scenario.name).toBe('json');
  });

  test('validation messages name the path as given', () => {
    const path = write('bad.yaml', 'version: 1\nname: bad\ntarget: local\nconcurrency: 0\n');
    expect(loadErrorOf(path)).toBe(`${path}: concurrency: expected an integer 1..4096, got 0. Fix: use e.g. \`concurrency: 32\``);
  });

  test('a missing file', () => {
    expect(loadErrorOf(join(directory, 'nope.yaml'))).toMatch(/nope\.yaml: no such file\. Fix: check the path; example scenarios are in scenarios\//);
    expect(loadErrorOf(join(directory, 'ok.yaml', 'below-a-file.yaml'))).toContain('no such file');
  });

  test('a directory, with the scenario files inside it offered', () => {
    const withFiles = join(directory, 'scenarios');
    mkdirSync(withFiles);
    writeFileSync(join(withFiles, 'one.yaml'), 'x: 1');
    expect(loadErrorOf(withFiles)).toBe(`${withFiles}: is a directory; expected a scenario file (.yaml, .yml or .json). Fix: name a file inside it: ${join(withFiles, 'one.yaml')}`);
    const empty = join(directory, 'empty-dir');
    mkdirSync(empty);
    expect(loadErrorOf(empty)).toContain('is a directory');
  });

  test.each([
    ['empty.yaml', '', 'the file is empty'],
    ['junk.bin', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe]), 'not a text file (it contains NUL bytes)'],
    ['latin1.yaml', Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9, 0x0a]), 'not UTF-8 text'],
    ['huge.yaml', `# ${'x'.repeat(1024 * 1024)}\n`, 'is too large for a scenario'],
  ])('%s gets a clear message', (name, content, expected) => {
    const path = write(name, content);
    const message = loadErrorOf(path);
    expect(message.startsWith(`${path}: `)).toBe(true);
    expect(message).toContain(expected);
    expect(message).toContain('Fix: ');
  });
});

describe('shipped scenarios', () => {
  test('quickstart loads as the documented example: local, 200 objects, the default schedule', () => {
    const { scenario } = loadScenario('scenarios/quickstart.yaml');
    expect(scenario).toEqual({
      version: 1,
      name: 'quickstart',
      target: 'local',
      region: 'us-east-1',
      bucket: 's3probe-quickstart',
      prefix: 's3probe/',
      objects: { count: 200, sizeBytes: [0, 1, 4096] },
      methods: ['head', 'ranged-get', 'get'],
      schedule: { beforeUploadMs: [-1000, -100], afterUploadMs: [0, 10, 50, 100, 250, 500, 1000, 2000], uploadIntervalMs: 20 },
      concurrency: 32,
      seed: 42,
      sdk: { maxAttempts: 1, requestTimeoutMs: 10_000, requestChecksumCalculation: 'WHEN_SUPPORTED' },
      cleanup: true,
      pathStyle: true,
      faults: [{ method: 'head', when: 'any', probability: 0.03, action: { kind: 'status', status: 403, code: 'AccessDenied' } }],
      consistency: { visibilityDelayMs: { head: 0, 'ranged-get': 0, get: 0, 'get-object-attributes': 0, 'list-prefix': 0, 'head-if-match': 0 }, staleAfterDeleteMs: 0 },
      identities: [{ name: 'default', listBucket: true }],
      uploader: 'default',
      prober: 'default',
      followUp: { onHead403: 'ranged-get' },
      thresholds: [],
    });
  });

  test('aws-nightly loads as a target s3 template with a placeholder bucket', () => {
    const { scenario } = loadScenario('scenarios/aws-nightly.yaml');
    expect(scenario).toMatchObject({ target: 's3', bucket: 'change-me-s3probe-bucket', region: 'us-east-1', objects: { count: 100 }, cleanup: true });
    expect(scenario.endpoint).toBeUndefined();
  });

  test("aws-nightly's comments state the estimate validate computes", () => {
    const { scenario, source } = loadScenario('scenarios/aws-nightly.yaml');
    const plan = planRun(scenario, `${scenario.prefix}<run-id>/`);
    const estimate = estimateRequests(scenario, plan);
    const text = describePlan(scenario, plan, estimate);
    expect(source.text).toContain(`= ${estimate.total.toLocaleString('en-US')} requests, about $${estimate.costUsd.toPrecision(2)} a run`);
    expect(source.text).toContain(`${plan.counts.probes.toLocaleString('en-US')} probes`);
    expect(text).toContain('~5.0 s');
    expect(source.text).toContain('about 5 s');
  });
});
