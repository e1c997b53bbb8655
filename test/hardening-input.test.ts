// Bad input is turned away cleanly: fuzzed scenario files and bad flags always exit 2, name the file or flag, write nothing.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from './helpers/run-main.js';

/** How many generated cases each property runs (docs/guarantees.md quotes these). */
export const FUZZ_RUNS = { mutated: 200, junk: 80, flags: 60 } as const;

let dir: string;
let caseNumber = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 's3probe-input-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const VALID = {
  version: 1, name: 'fuzz-base', target: 'local', bucket: 's3probe-fuzz', prefix: 's3probe/', region: 'us-east-1',
  objects: { count: 3, 'size-bytes': [0, 1] }, methods: ['head', 'get'],
  schedule: { 'before-upload-ms': [-100], 'after-upload-ms': [0, 50], 'upload-interval-ms': 5 },
  concurrency: 4, seed: 1, sdk: { 'max-attempts': 1, 'request-timeout-ms': 1000 },
  faults: [{ method: 'head', probability: 0.1, status: 403, code: 'AccessDenied' }],
};

type Path = Array<string | number>;

/** Each entry: a key path and values that are always wrong there. */
const BAD_VALUES: Array<[Path, fc.Arbitrary<unknown>]> = [
  [['version'], fc.oneof(fc.integer({ min: 2, max: 1e6 }), fc.constantFrom('1', null, true, [1]))],
  [['name'], fc.constantFrom('', 'has space', 'slash/name', 42, null, [], {})],
  [['target'], fc.constantFrom('aws', '', 'LOCAL', 1, null)],
  [['bucket'], fc.constantFrom('', 'UPPER', 'a', 'under_score', 7, null)],
  [['concurrency'], fc.oneof(fc.integer({ min: -1e6, max: 0 }), fc.constantFrom(1.5, 'eight', [], {}, true, null))],
  [['seed'], fc.constantFrom('abc', 1.5, -1, [], {}, null)],
  [['objects', 'count'], fc.oneof(fc.integer({ min: -1e6, max: 0 }), fc.constantFrom(2.5, 'ten', null, []))],
  [['objects', 'size-bytes', 0], fc.oneof(fc.integer({ min: 5_368_709_121, max: 2 ** 52 }), fc.integer({ min: -1e6, max: -1 }), fc.constantFrom(1.5, 'big'))],
  [['methods'], fc.constantFrom([], ['put'], 'head', [1], ['head', 'head'], null)],
  [['schedule', 'after-upload-ms'], fc.oneof(fc.tuple(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 0, max: 1e6 })).map(([a, b]) => [a + b, b]), fc.constantFrom([-5], 'soon', [0.5], null))],
  [['schedule', 'upload-interval-ms'], fc.oneof(fc.integer({ min: -1e6, max: -1 }), fc.constantFrom('fast', []))],
  [['sdk', 'max-attempts'], fc.oneof(fc.integer({ min: -100, max: 0 }), fc.integer({ min: 11, max: 1e6 }))],
  [['sdk', 'request-timeout-ms'], fc.constantFrom(-1, 'x', [], 0.5)],
  [['faults', 0, 'probability'], fc.oneof(fc.double({ min: 1.0001, max: 1e6, noNaN: true }), fc.double({ min: -1e6, max: -0.0001, noNaN: true }), fc.constantFrom('often'))],
  [['faults', 0, 'method'], fc.constantFrom('delete', '', 3)],
  [['faults', 0, 'status'], fc.oneof(fc.integer({ min: -1000, max: 199 }), fc.integer({ min: 600, max: 1e6 }))],
];

const NESTED = [[], ['objects'], ['schedule'], ['sdk'], ['faults', 0]] as Path[];

function clone<T>(value: T): T {
  return structuredClone(value);
}

function setAt(document: unknown, path: Path, value: unknown): unknown {
  const copy = clone(document) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
  return copy;
}

/** `objects.size-bytes[0]`, `faults[0].probability`: how the loader names a key path. */
function formatPath(path: Path): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`)).join('');
}

const mutation = fc.oneof(
  fc.integer({ min: 0, max: BAD_VALUES.length - 1 }).chain((i) => BAD_VALUES[i][1].map((value) => ({ path: BAD_VALUES[i][0], value, unknown: false }))),
  fc.tuple(fc.constantFrom(...NESTED), fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/), fc.jsonValue()).map(([parent, name, value]) => ({
    path: [...parent, `zz-${name}`], value, unknown: true,
  })),
);

function writeCase(content: string | Uint8Array, extension: string): { file: string; db: string } {
  caseNumber += 1;
  const file = join(dir, `case-${caseNumber}.${extension}`);
  writeFileSync(file, content);
  return { file, db: join(dir, `case-${caseNumber}.sqlite`) };
}

async function expectTurnedAway(file: string, db: string, args: string[] = []): Promise<string> {
  const result = await runMain(['run', file, '--db', db, '--no-progress', ...args]);
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).not.toMatch(/\n\s+at |internal error/);
  expect(result.stdout).toBe('');
  expect(existsSync(db)).toBe(false);
  return result.stderr;
}

describe('scenario files', () => {
  it('the base document is valid (so every mutation below is what breaks it)', async () => {
    const { file } = writeCase(stringify(VALID), 'yaml');
    const result = await runMain(['validate', file]);
    expect([result.code, result.stderr]).toEqual([0, '']);
  });

  it(`${FUZZ_RUNS.mutated} mutated scenarios (wrong types, out-of-range numbers, unknown keys; YAML and JSON): exit 2 naming file and key path`, async () => {
    await fc.assert(
      fc.asyncProperty(mutation, fc.boolean(), async ({ path, value, unknown }, asJson) => {
        const document = setAt(VALID, path, value);
        const { file, db } = writeCase(asJson ? JSON.stringify(document) : stringify(document), asJson ? 'json' : 'yaml');
        const stderr = await expectTurnedAway(file, db);
        expect(stderr).toContain(file);
        expect(stderr).toContain(unknown ? String(path[path.length - 1]) : formatPath(path));
      }),
      { numRuns: FUZZ_RUNS.mutated, seed: 6 },
    );
  });

  it(`${FUZZ_RUNS.junk} files of binary junk or invalid YAML: exit 2 naming the file`, async () => {
    const junk = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 300 }),
      fc.string({ maxLength: 200 }).map((text) => `version: 1\nname: [unclosed\n${text}`),
      fc.string({ maxLength: 200 }).map((text) => `{"version": 1, ${text}`),
    );
    await fc.assert(
      fc.asyncProperty(junk, async (content) => {
        const { file, db } = writeCase(content, 'yaml');
        expect(await expectTurnedAway(file, db)).toContain(file);
      }),
      { numRuns: FUZZ_RUNS.junk, seed: 6 },
    );
  });

  it.each([
    ['an empty file', ''],
    ['only whitespace', '  \n\t\n'],
    ['only a comment', '# nothing here\n'],
    ['a YAML list', '- version: 1\n'],
    ['a scalar', 'hello\n'],
  ])('%s: exit 2 naming the file', async (_label, content) => {
    const { file, db } = writeCase(content, 'yaml');
    expect(await expectTurnedAway(file, db)).toContain(file);
  });

  it('a directory and a missing file: exit 2 naming the path', async () => {
    const directory = join(dir, 'a-directory.yaml');
    mkdirSync(directory);
    expect(await expectTurnedAway(directory, join(dir, 'dir.sqlite'))).toContain(directory);
    const missing = join(dir, 'missing.yaml');
    expect(await expectTurnedAway(missing, join(dir, 'missing.sqlite'))).toContain(missing);
  });
});

describe('flags', () => {
  const BAD_FLAGS: Array<[string, fc.Arbitrary<string>]> = [
    ['--concurrency', fc.oneof(fc.integer({ min: -1e6, max: 0 }).map(String), fc.constantFrom('abc', '1.5', '4097', ''))],
    ['--seed', fc.oneof(fc.integer({ min: -1e6, max: -1 }).map(String), fc.constantFrom('abc', '1.5', '4294967296'))],
    ['--objects', fc.oneof(fc.integer({ min: -1e6, max: 0 }).map(String), fc.constantFrom('x', '2.5', '1000001'))],
    ['--shard', fc.oneof(fc.tuple(fc.nat(50), fc.nat(50)).map(([i, n]) => `${i + n}/${n}`), fc.constantFrom('a/b', '1', '0/0', '-1/2', '1/2/3', ''))],
    ['--threshold', fc.constantFrom('nonsense', 'head.forbidden-rate <', 'head.nope < 1', 'x.forbidden-rate < 1', 'head.forbidden-rate ~ 1', '')],
    ['--max-requests', fc.constantFrom('0', '-5', 'abc', '')],
    ['--max-cost-usd', fc.constantFrom('0', '-1', 'abc', '')],
  ];

  it(`${FUZZ_RUNS.flags} bad flag values (and flags missing their value): exit 2 naming the flag, nothing written`, async () => {
    const { file } = writeCase(stringify(VALID), 'yaml');
    const flag = fc.integer({ min: 0, max: BAD_FLAGS.length - 1 }).chain((i) => BAD_FLAGS[i][1].map((value) => [BAD_FLAGS[i][0], value] as const));
    await fc.assert(
      fc.asyncProperty(flag, fc.boolean(), async ([name, value], dropValue) => {
        caseNumber += 1;
        const db = join(dir, `flags-${caseNumber}.sqlite`);
        const stderr = await expectTurnedAway(file, db, dropValue ? [name] : [`${name}=${value}`]);
        expect(stderr).toContain(name.slice(2));
      }),
      { numRuns: FUZZ_RUNS.flags, seed: 6 },
    );
  });
});
