import { describe, expect, test } from 'vitest';
import { HarnessError } from '../errors.js';
import { parseScenario } from './parse.js';
import type { Scenario } from './scenario.js';

const FILE = 'scenarios/x.yaml';

function problemsOf(text: string, label = FILE): string {
  try {
    parseScenario(text, label);
  } catch (error) {
    expect(error).toBeInstanceOf(HarnessError);
    expect((error as HarnessError).code).toBe('E_SCENARIO');
    return (error as HarnessError).message;
  }
  throw new Error('expected the scenario to be rejected');
}

const FULL = `
version: 1
name: full
target: s3
endpoint: http://127.0.0.1:9000
region: eu-west-1
bucket: s3probe-full
prefix: runs/
objects: { count: 7, size-bytes: [5, 0] }
methods: [get, head]
schedule: { before-upload-ms: [-50], after-upload-ms: [0, 5], upload-interval-ms: 3 }
concurrency: 4
seed: 7
sdk: { max-attempts: 3, request-timeout-ms: 500, request-checksum-calculation: WHEN_REQUIRED }
cleanup: false
path-style: true
profile: research
`;

describe('parseScenario on valid input', () => {
  test('maps every key of the file to the Scenario type', () => {
    expect(parseScenario(FULL, FILE)).toEqual<Scenario>({
      version: 1,
      name: 'full',
      target: 's3',
      endpoint: 'http://127.0.0.1:9000',
      region: 'eu-west-1',
      bucket: 's3probe-full',
      prefix: 'runs/',
      objects: { count: 7, sizeBytes: [5, 0] },
      methods: ['get', 'head'],
      schedule: { beforeUploadMs: [-50], afterUploadMs: [0, 5], uploadIntervalMs: 3 },
      concurrency: 4,
      seed: 7,
      sdk: { maxAttempts: 3, requestTimeoutMs: 500, requestChecksumCalculation: 'WHEN_REQUIRED' },
      cleanup: false,
      pathStyle: true,
      profile: 'research',
      faults: [],
      consistency: { visibilityDelayMs: { head: 0, 'ranged-get': 0, get: 0, 'get-object-attributes': 0, 'list-prefix': 0, 'head-if-match': 0 }, staleAfterDeleteMs: 0 },
      identities: [{ name: 'default', listBucket: true }],
      uploader: 'default',
      prober: 'default',
      followUp: { onHead403: 'ranged-get' },
      thresholds: [],
    });
  });

  test('fills every documented default for a minimal local scenario', () => {
    expect(parseScenario('version: 1\nname: minimal\ntarget: local\n', FILE)).toEqual<Scenario>({
      version: 1,
      name: 'minimal',
      target: 'local',
      region: 'us-east-1',
      bucket: 's3probe-local',
      prefix: 's3probe/',
      objects: { count: 100, sizeBytes: [0, 1, 4096] },
      methods: ['head', 'ranged-get', 'get'],
      schedule: { beforeUploadMs: [-1000, -100], afterUploadMs: [0, 10, 50, 100, 250, 500, 1000, 2000], uploadIntervalMs: 20 },
      concurrency: 32,
      seed: 42,
      sdk: { maxAttempts: 1, requestTimeoutMs: 10_000, requestChecksumCalculation: 'WHEN_SUPPORTED' },
      cleanup: true,
      pathStyle: true,
      faults: [],
      consistency: { visibilityDelayMs: { head: 0, 'ranged-get': 0, get: 0, 'get-object-attributes': 0, 'list-prefix': 0, 'head-if-match': 0 }, staleAfterDeleteMs: 0 },
      identities: [{ name: 'default', listBucket: true }],
      uploader: 'default',
      prober: 'default',
      followUp: { onHead403: 'ranged-get' },
      thresholds: [],
    });
  });

  test('path-style defaults to true for local and false for s3; endpoint and profile stay absent when not given', () => {
    const s3 = parseScenario('version: 1\nname: aws\ntarget: s3\nbucket: my-bucket\n', FILE);
    expect(s3.pathStyle).toBe(false);
    expect('endpoint' in s3 || 'profile' in s3).toBe(false);
  });

  test('a partly given mapping keeps the defaults of the keys it leaves out', () => {
    const scenario = parseScenario('version: 1\nname: p\ntarget: local\nsdk: { max-attempts: 2 }\nschedule: { upload-interval-ms: 0 }\n', FILE);
    expect(scenario.sdk).toEqual({ maxAttempts: 2, requestTimeoutMs: 10_000, requestChecksumCalculation: 'WHEN_SUPPORTED' });
    expect(scenario.schedule.afterUploadMs).toEqual([0, 10, 50, 100, 250, 500, 1000, 2000]);
  });

  test('default lists are fresh copies: changing one scenario leaves the next untouched', () => {
    const first = parseScenario('version: 1\nname: a\ntarget: local\n', FILE);
    first.schedule.afterUploadMs.push(99_999);
    first.methods.pop();
    const second = parseScenario('version: 1\nname: b\ntarget: local\n', FILE);
    expect(second.schedule.afterUploadMs.at(-1)).toBe(2000);
    expect(second.methods).toHaveLength(3);
  });

  test('reads JSON content and .json files, tabs included', () => {
    const json = '{\n\t"version": 1,\n\t"name": "from-json",\n\t"target": "local",\n\t"schedule": { "after-upload-ms": [0, 100] }\n}';
    expect(parseScenario(json, 'x.yaml').name).toBe('from-json');
    expect(parseScenario(json, 'scenarios/x.json').schedule.afterUploadMs).toEqual([0, 100]);
  });

  test('a byte-order mark at the start is ignored', () => {
    expect(parseScenario('\uFEFFversion: 1\nname: bom\ntarget: local\n', FILE).name).toBe('bom');
  });
});

describe('unreadable text', () => {
  test('a YAML syntax error names the file, line and column', () => {
    const message = problemsOf('version: 1\nname: x\nmethods: [head, get\ntarget: local\n');
    expect(message).toMatch(/^scenarios\/x\.yaml:\d+:\d+: syntax error: .+\. Fix: correct the YAML at line \d+, column \d+/);
  });

  test('a duplicate key is a syntax error at the duplicate', () => {
    expect(problemsOf('version: 1\nname: x\nname: y\n')).toMatch(/^scenarios\/x\.yaml:3:1: syntax error: Map keys must be unique/);
  });

  test('broken JSON is located by line and column too', () => {
    expect(problemsOf('{\n  "version": 1,,\n}', 'x.json')).toMatch(/^x\.json:2:\d+: syntax error: .+\. Fix: correct the JSON at line 2, column \d+$/);
  });

  test.each([
    ['an empty file', '', 'the file is empty'],
    ['only whitespace', '  \n\n', 'the file is empty'],
    ['only comments', '# nothing here\n', 'the file has no content'],
    ['binary junk', 'PK\u0003\u0004\u0000\u0000binary', 'not a text file'],
  ])('%s gets a clear message', (_, text, expected) => {
    const message = problemsOf(text);
    expect(message).toContain(`${FILE}: ${expected}`);
    expect(message).toContain('Fix: ');
  });

  test('a document that is not a mapping says so at the top level', () => {
    expect(problemsOf('- head\n- get\n')).toMatch(/^scenarios\/x\.yaml: \(top level\): expected a mapping of scenario keys .*, got \["head", "get"\]\. Fix: /);
    expect(problemsOf('just a sentence')).toContain('got "just a sentence"');
  });

  test('alias bombs are refused, not expanded', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)].join('\n');
    expect(problemsOf(bomb)).toMatch(/could not read the YAML: .*alias/i);
  });
});

describe('unknown keys', () => {
  const BASE = 'version: 1\nname: k\ntarget: local\n';

  test.each([
    ['concurency: 4', 'concurency', 'concurrency'],
    ['regoin: us-east-1', 'regoin', 'region'],
    ['pathStyle: true', 'pathStyle', 'path-style'],
    ['path_style: true', 'path_style', 'path-style'],
    ['sdk: { maxAttempts: 2 }', 'sdk.maxAttempts', 'max-attempts'],
    ['schedule: { after-upload: [0] }', 'schedule.after-upload', 'after-upload-ms'],
    ['objects: { cuont: 3 }', 'objects.cuont', 'count'],
  ])('%s → did you mean', (line, keyPath, suggestion) => {
    const unknown = keyPath.split('.').at(-1);
    expect(problemsOf(`${BASE}${line}\n`)).toBe(`${FILE}: ${keyPath}: unknown key "${unknown}" — did you mean "${suggestion}"?`);
  });

  test('a key close to nothing gets the list of allowed keys instead of a guess', () => {
    const message = problemsOf(`${BASE}colour: blue\n`);
    expect(message).toBe(`${FILE}: colour: unknown key "colour". Fix: remove it; the keys allowed here are ${[
      'version', 'name', 'target', 'endpoint', 'region', 'bucket', 'prefix', 'objects', 'methods', 'schedule', 'concurrency', 'seed', 'sdk', 'cleanup', 'path-style', 'profile',
      'thresholds', 'faults', 'consistency', 'identities', 'uploader', 'prober', 'follow-up', 'arms',
    ].join(', ')}`);
  });
});

describe('odd keys', () => {
  const BASE = 'version: 1\nname: k\ntarget: local\n';

  test('a key with spaces or a line break is quoted, so each problem stays on one line', () => {
    expect(problemsOf(`${BASE}"two words": 1\n`)).toMatch(/^scenarios\/x\.yaml: "two words": unknown key "two words"\. Fix: remove it/);
    const lines = problemsOf(`${BASE}"line\\nbreak": 1\n`).split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"line\\nbreak": unknown key "line\\nbreak"');
  });

  test.each(['constructor', '__proto__', 'toString'])('%s is just an unknown key', (key) => {
    expect(problemsOf(`${BASE}${key}: 1\n`)).toMatch(new RegExp(`^scenarios/x\\.yaml: ${key}: unknown key "${key}"\\. Fix: remove it; the keys allowed here are version, `));
  });
});

describe('collecting problems', () => {
  test('reports every problem, one per line, in the order of the file keys, each naming the file and key path', () => {
    const text = [
      'concurency: 3',
      'sdk: { max-attempts: 0 }',
      'schedule: { after-upload-ms: [0, 10, -5], before-upload-ms: [-1, -10] }',
      'methods: [head, head, put]',
      'objects: { count: 0 }',
      'target: locl',
      'name: ""',
      'version: 2',
    ].join('\n');
    const lines = problemsOf(text).split('\n');
    expect(lines.map((line) => line.split(': ')[1])).toEqual([
      'version',
      'name',
      'target',
      'objects.count',
      'methods[1]',
      'methods[2]',
      'schedule.before-upload-ms[1]',
      'schedule.after-upload-ms[2]',
      'sdk.max-attempts',
      'concurency',
    ]);
    for (const line of lines) expect(line.startsWith(`${FILE}: `)).toBe(true);
  });

  test('a value gets one message, not one per broken rule', () => {
    const message = problemsOf('version: 1\nname: x\ntarget: local\nconcurrency: 1e300\n');
    expect(message.split('\n')).toEqual([`${FILE}: concurrency: expected an integer 1..4096, got 1e+300. Fix: use e.g. \`concurrency: 32\``]);
  });

  test('cross-key problems are reported with the schema ones', () => {
    const lines = problemsOf('version: 1\nname: x\ntarget: local\nendpoint: http://127.0.0.1:1\nseed: -1\n').split('\n');
    expect(lines.map((line) => line.split(': ')[1])).toEqual(['endpoint', 'seed']);
  });
});
