import { describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { HarnessError } from '../errors.js';
import { parseScenario } from './parse.js';
import type { FaultRule } from './scenario.js';

const FILE = 'scenarios/x.yaml';
const LOCAL = { version: 1, name: 'endpoint-keys', target: 'local' };
const S3 = { version: 1, name: 'endpoint-keys', target: 's3', bucket: 'my-team-s3probe' };
const RULE = { method: 'head', probability: 0.03, status: 403, code: 'AccessDenied' };

function parse(extra: Record<string, unknown>, base: Record<string, unknown> = LOCAL) {
  return parseScenario(stringify({ ...base, ...extra }), FILE);
}

function problemsOf(extra: Record<string, unknown>, base: Record<string, unknown> = LOCAL): string[] {
  try {
    parse(extra, base);
  } catch (error) {
    expect(error).toBeInstanceOf(HarnessError);
    expect((error as HarnessError).code).toBe('E_SCENARIO');
    return (error as HarnessError).message.split('\n');
  }
  throw new Error('expected the scenario to be rejected');
}

/** The one line naming `keyPath`, checked for the "expected …, got …. Fix: …" shape. */
function lineFor(lines: string[], keyPath: string): string {
  const line = lines.find((candidate) => candidate.startsWith(`${FILE}: ${keyPath}: `));
  expect(line, lines.join('\n')).toBeDefined();
  return line!;
}

describe('faults', () => {
  test('a rule of each action is normalised, with `when` defaulting to any', () => {
    const faults = parse({
      faults: [
        { method: 'head', when: 'any', probability: 0.03, status: 403, code: 'AccessDenied' },
        { method: 'get', when: 'after-upload', 'window-ms': [0, 500], every: 10, status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' },
        { method: 'ranged-get', probability: 1, 'delay-ms': 250 },
        { method: 'any', when: 'before-upload', every: 1, reset: true },
        { method: 'put', every: 2, stall: true },
        { method: 'get', probability: 0.5, truncate: true },
      ],
    }).faults;
    expect(faults).toEqual<FaultRule[]>([
      { method: 'head', when: 'any', probability: 0.03, action: { kind: 'status', status: 403, code: 'AccessDenied' } },
      { method: 'get', when: 'after-upload', windowMs: [0, 500], every: 10, action: { kind: 'status', status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' } },
      { method: 'ranged-get', when: 'any', probability: 1, action: { kind: 'delay', delayMs: 250 } },
      { method: 'any', when: 'before-upload', every: 1, action: { kind: 'reset' } },
      { method: 'put', when: 'any', every: 2, action: { kind: 'stall' } },
      { method: 'get', when: 'any', probability: 0.5, action: { kind: 'truncate' } },
    ]);
  });

  test.each([
    [{ ...RULE, method: 'post' }, 'faults[0].method', 'one of head, ranged-get, get, get-object-attributes, list-prefix, head-if-match, put, any'],
    [{ ...RULE, when: 'later' }, 'faults[0].when', 'one of before-upload, after-upload, any'],
    [{ ...RULE, probability: 1.5 }, 'faults[0].probability', 'a probability 0..1'],
    [{ ...RULE, probability: undefined, every: 0 }, 'faults[0].every', 'an integer 1..1,000,000'],
    [{ ...RULE, status: 99 }, 'faults[0].status', 'an HTTP status 200..599'],
    [{ ...RULE, status: 600 }, 'faults[0].status', 'an HTTP status 200..599'],
    [{ ...RULE, status: 100 }, 'faults[0].status', 'an HTTP status 200..599 (1xx is not a final answer)'],
    [{ ...RULE, code: 'Access Denied' }, 'faults[0].code', 'an S3 error code'],
    [{ ...RULE, message: 'two\nlines' }, 'faults[0].message', 'a one-line error message'],
    [{ ...RULE, 'window-ms': [500, 0] }, 'faults[0].window-ms[1]', "a number ≥ the window's start (500)"],
    [{ ...RULE, 'window-ms': [0] }, 'faults[0].window-ms', 'a pair [from, to]'],
    [{ ...RULE, 'window-ms': [-1, 5] }, 'faults[0].window-ms[0]', 'a number of milliseconds 0..86,400,000'],
    [{ method: 'get', every: 1, 'delay-ms': -5 }, 'faults[0].delay-ms', 'a number of milliseconds 0..600,000'],
    [{ method: 'get', every: 1, reset: false }, 'faults[0].reset', 'true (close the connection before any header)'],
    [{ ...RULE, every: 3 }, 'faults[0].every', 'no every next to probability (a rule has exactly one trigger)'],
    [{ ...RULE, reset: true }, 'faults[0].reset', 'no reset next to status (a rule has exactly one action)'],
    [{ method: 'head', probability: 0.1, status: 403 }, 'faults[0].code', 'an S3 error code next to status'],
    [{ method: 'head', probability: 0.1, reset: true, code: 'AccessDenied' }, 'faults[0].code', 'no code without status'],
    [{ method: 'head', probability: 0.1, truncate: true }, 'faults[0].truncate', 'truncate only with method get, ranged-get, get-object-attributes, list-prefix or any'],
    [{ method: 'head-if-match', probability: 0.1, truncate: true }, 'faults[0].truncate', 'truncate only with method get, ranged-get, get-object-attributes, list-prefix or any (a HEAD-IF-MATCH answer'],
    [{ ...RULE, when: 'before-upload', 'window-ms': [0, 10] }, 'faults[0].window-ms', 'no window-ms with when: before-upload'],
  ])('%j → %s', (rule, keyPath, expected) => {
    const line = lineFor(problemsOf({ faults: [rule] }), keyPath);
    expect(line).toMatch(/: expected .+, got .+\. Fix: \S/);
    expect(line).toContain(`expected ${expected}`);
  });

  test('a rule without trigger or action says what it lacks', () => {
    expect(lineFor(problemsOf({ faults: [{ method: 'head' }] }), 'faults[0]')).toContain('got a rule with no trigger and no action. Fix: complete the rule, e.g.');
    expect(lineFor(problemsOf({ faults: [{ method: 'head', every: 2 }] }), 'faults[0]')).toContain('got a rule with no action.');
    expect(lineFor(problemsOf({ faults: [{ method: 'head', reset: true }] }), 'faults[0]')).toContain('got a rule with no trigger.');
  });

  test('the method is required', () => {
    expect(lineFor(problemsOf({ faults: [{ every: 1, reset: true }] }), 'faults[0].method')).toContain('got nothing (the key is missing)');
  });

  test('a misspelt rule key gets a "did you mean"', () => {
    expect(problemsOf({ faults: [{ ...RULE, delayMs: 5 }] })).toContain(`${FILE}: faults[0].delayMs: unknown key "delayMs" — did you mean "delay-ms"?`);
    expect(problemsOf({ faults: [{ ...RULE, propability: 0.1 }] })).toContain(`${FILE}: faults[0].propability: unknown key "propability" — did you mean "probability"?`);
  });

  test('problems in several rules are all reported, each at its own index', () => {
    const lines = problemsOf({ faults: [{ ...RULE, status: 42 }, RULE, { ...RULE, method: 'x' }] });
    expect(lines.map((line) => line.split(': ')[1])).toEqual(['faults[0].status', 'faults[2].method']);
  });
});

describe('consistency', () => {
  test('one number applies to every read method; a mapping sets them one by one, the rest 0', () => {
    expect(parse({ consistency: { 'visibility-delay-ms': 200 } }).consistency).toEqual({ visibilityDelayMs: { head: 200, 'ranged-get': 200, get: 200, 'get-object-attributes': 200, 'list-prefix': 200, 'head-if-match': 200 }, staleAfterDeleteMs: 0 });
    expect(parse({ consistency: { 'visibility-delay-ms': { head: 150 }, 'stale-after-delete-ms': 80 } }).consistency).toEqual({
      visibilityDelayMs: { head: 150, 'ranged-get': 0, get: 0, 'get-object-attributes': 0, 'list-prefix': 0, 'head-if-match': 0 },
      staleAfterDeleteMs: 80,
    });
  });

  test.each([
    [{ 'visibility-delay-ms': -1 }, 'consistency.visibility-delay-ms', 'a number of milliseconds 0..86,400,000'],
    [{ 'visibility-delay-ms': 'soon' }, 'consistency.visibility-delay-ms', 'a number of milliseconds, or a mapping per method'],
    [{ 'visibility-delay-ms': { head: -3 } }, 'consistency.visibility-delay-ms.head', 'a number of milliseconds'],
    [{ 'stale-after-delete-ms': 86_400_001 }, 'consistency.stale-after-delete-ms', 'a number of milliseconds 0..86,400,000'],
  ])('%j → %s', (consistency, keyPath, expected) => {
    expect(lineFor(problemsOf({ consistency }), keyPath)).toContain(`expected ${expected}`);
  });

  test('unknown keys get a "did you mean", inside the per-method mapping too', () => {
    expect(problemsOf({ consistency: { 'visibility-delay': 5 } })).toContain(`${FILE}: consistency.visibility-delay: unknown key "visibility-delay" — did you mean "visibility-delay-ms"?`);
    expect(problemsOf({ consistency: { 'visibility-delay-ms': { heda: 5 } } })).toContain(
      `${FILE}: consistency.visibility-delay-ms.heda: unknown key "heda" — did you mean "head"?`,
    );
  });
});

describe('identities, uploader and prober', () => {
  test('uploader and prober default to the first identity; list-bucket defaults to true', () => {
    const scenario = parse({ identities: [{ name: 'owner' }, { name: 'reader', 'list-bucket': false }] });
    expect(scenario.identities).toEqual([{ name: 'owner', listBucket: true }, { name: 'reader', listBucket: false }]);
    expect([scenario.uploader, scenario.prober]).toEqual(['owner', 'owner']);
  });

  test('uploader and prober may name different identities', () => {
    const scenario = parse({ identities: [{ name: 'owner' }, { name: 'reader', 'list-bucket': false }], uploader: 'owner', prober: 'reader' });
    expect([scenario.uploader, scenario.prober]).toEqual(['owner', 'reader']);
  });

  test('uploader and prober must name a declared identity (the default one when none is declared)', () => {
    expect(parse({ prober: 'default' }).prober).toBe('default');
    const lines = problemsOf({ identities: [{ name: 'owner' }], uploader: 'ownr', prober: 'reader' });
    expect(lineFor(lines, 'uploader')).toBe(
      `${FILE}: uploader: expected the name of a declared identity ("owner"), got "ownr". Fix: use one of the names under \`identities:\`, or add an identity named "ownr"`,
    );
    expect(lineFor(lines, 'prober')).toContain('got "reader"');
    expect(lineFor(problemsOf({ prober: 'reader' }), 'prober')).toContain('a declared identity ("default")');
  });

  test.each([
    [[], 'identities', 'a non-empty list of identities'],
    [[{ name: 'a b' }], 'identities[0].name', 'a name of letters, digits'],
    [[{ 'list-bucket': false }], 'identities[0].name', 'a name of letters'],
    [[{ name: 'x', 'list-bucket': 'no' }], 'identities[0].list-bucket', 'true or false'],
    [[{ name: 'x' }, { name: 'y' }, { name: 'x' }], 'identities[2].name', 'a name not used before (it is already identities[0].name)'],
  ])('%j → %s', (identities, keyPath, expected) => {
    expect(lineFor(problemsOf({ identities }), keyPath)).toContain(`expected ${expected}`);
  });

  test('a misspelt identity key gets a "did you mean"', () => {
    expect(problemsOf({ identities: [{ name: 'x', listBucket: false }] })).toContain(`${FILE}: identities[0].listBucket: unknown key "listBucket" — did you mean "list-bucket"?`);
  });
});

describe('follow-up', () => {
  test('defaults to a ranged GET after a HEAD 403, for both targets; none turns it off', () => {
    expect(parse({}, S3).followUp).toEqual({ onHead403: 'ranged-get' });
    expect(parse({ 'follow-up': { 'on-head-403': 'none' } }, S3).followUp).toEqual({ onHead403: 'none' });
  });

  test('rejects other values and keys', () => {
    expect(lineFor(problemsOf({ 'follow-up': { 'on-head-403': 'get' } }), 'follow-up.on-head-403')).toContain('expected one of ranged-get, none, got "get"');
    expect(problemsOf({ 'follow-up': { 'on-head403': 'none' } })).toContain(`${FILE}: follow-up.on-head403: unknown key "on-head403" — did you mean "on-head-403"?`);
  });
});

describe('target s3', () => {
  test.each([
    ['faults', [RULE], 'faults are injected by the embedded endpoint'],
    ['consistency', { 'visibility-delay-ms': 5 }, 'the consistency model belongs to the embedded endpoint'],
    ['identities', [{ name: 'x' }], "a real bucket's identities come from the AWS credential chain or `--profile`"],
    ['uploader', 'default', "a real bucket's identities come from the AWS credential chain"],
    ['prober', 'default', "a real bucket's identities come from the AWS credential chain"],
  ])('refuses %s, saying why and how to fix it', (key, value, reason) => {
    const line = lineFor(problemsOf({ [key]: value }, S3), key);
    expect(line).toContain(`expected no ${key} with target s3 (${reason}`);
    expect(line).toMatch(new RegExp(`Fix: remove \`${key}\`, or set \`target: local\`$`));
  });

  test('gets the local defaults, unused', () => {
    const scenario = parse({}, S3);
    expect([scenario.faults, scenario.identities, scenario.uploader]).toEqual([[], [{ name: 'default', listBucket: true }], 'default']);
  });
});
