import { describe, expect, test } from 'vitest';
import type { FaultRule } from '../scenario/scenario.js';
import { wilsonInterval } from '../summary/wilson.js';
import { createFaultDecider, matchesRule, nameObject, type FaultRequest } from './decide.js';

const FORBID: FaultRule['action'] = { kind: 'status', status: 403, code: 'AccessDenied' };

function head(key: string, keyExists = false, msSincePut: number | null = null): FaultRequest {
  return { method: 'head', key, keyExists, msSincePut: keyExists ? msSincePut ?? 0 : null };
}

/** `count` HEAD requests over distinct keys, as decisions (rule name or null). */
function decideMany(rules: FaultRule[], seed: number, count: number, prefix = 'run-a/'): (string | null)[] {
  const decider = createFaultDecider(rules, seed);
  return Array.from({ length: count }, (_unused, i) => decider.decide(head(`${prefix}obj-${String(i).padStart(6, '0')}`))?.rule ?? null);
}

describe('createFaultDecider', () => {
  const rate = (probability: number): FaultRule[] => [{ method: 'head', when: 'any', probability, action: FORBID }];

  test('same seed, same requests: same decisions; another seed: other decisions', () => {
    expect(decideMany(rate(0.3), 7, 500)).toEqual(decideMany(rate(0.3), 7, 500));
    expect(decideMany(rate(0.3), 8, 500)).not.toEqual(decideMany(rate(0.3), 7, 500));
  });

  test('a probability draw does not depend on the run id in the key prefix, nor on other keys interleaved', () => {
    expect(decideMany(rate(0.3), 7, 300, 's3probe/20261204T152807Z-3f9a1c/')).toEqual(decideMany(rate(0.3), 7, 300, 's3probe/20261205T010000Z-aaaaaa/'));
    const decider = createFaultDecider(rate(0.5), 3);
    const alone = createFaultDecider(rate(0.5), 3);
    const interleaved = Array.from({ length: 50 }, (_unused, i) => {
      decider.decide(head(`other-${i}`));
      return decider.decide(head('target'))?.rule ?? null;
    });
    expect(interleaved).toEqual(Array.from({ length: 50 }, () => alone.decide(head('target'))?.rule ?? null));
  });

  test('repeated requests for one key draw anew each time', () => {
    const decider = createFaultDecider(rate(0.5), 11);
    const decisions = Array.from({ length: 64 }, () => decider.decide(head('same-key')) !== null);
    expect(new Set(decisions).size).toBe(2);
  });

  test.each([0.01, 0.05, 0.5])('probability %d: the rate over 20,000 requests lies in its Wilson 99.9%% interval', (probability) => {
    const fired = decideMany(rate(probability), 42, 20_000).filter((rule) => rule !== null).length;
    const [low, high] = wilsonInterval(fired, 20_000, 3.29);
    expect(low).toBeLessThanOrEqual(probability);
    expect(high).toBeGreaterThanOrEqual(probability);
  });

  test('probability 0 never fires and 1 always does', () => {
    expect(decideMany(rate(0), 1, 1000).every((rule) => rule === null)).toBe(true);
    expect(decideMany(rate(1), 1, 1000).every((rule) => rule === 'faults[0]')).toBe(true);
  });

  test('every: N fires on exactly the Nth, 2Nth, … matching request', () => {
    const rules: FaultRule[] = [{ method: 'head', when: 'any', every: 3, action: { kind: 'reset' } }];
    const decisions = decideMany(rules, 0, 12);
    expect(decisions.map((rule, i) => (rule === null ? i : -1)).filter((i) => i >= 0)).toEqual([0, 1, 3, 4, 6, 7, 9, 10]);
  });

  test('non-matching requests do not advance an every counter', () => {
    const decider = createFaultDecider([{ method: 'get', when: 'any', every: 2, action: { kind: 'stall' } }], 0);
    const fired = ['get', 'head', 'head', 'get', 'put', 'get', 'get'].map((method) =>
      decider.decide({ method: method as FaultRequest['method'], key: 'k', keyExists: true, msSincePut: 5 })?.rule ?? null);
    expect(fired).toEqual([null, null, null, 'faults[0]', null, null, 'faults[0]']);
  });

  test('the first rule that fires wins, and a later matching rule still advances its counter', () => {
    const rules: FaultRule[] = [
      { method: 'head', when: 'any', every: 2, action: FORBID },
      { method: 'any', when: 'any', every: 3, action: { kind: 'reset' } },
    ];
    const decider = createFaultDecider(rules, 0);
    const decisions = Array.from({ length: 6 }, () => decider.decide(head('k'))?.rule ?? null);
    // Request 6 is both rules' turn: faults[0] wins; faults[1] fired alone on request 3.
    expect(decisions).toEqual([null, 'faults[0]', 'faults[1]', 'faults[0]', null, 'faults[0]']);
    const decision = createFaultDecider(rules, 0);
    decision.decide(head('k'));
    expect(decision.decide(head('k'))).toEqual({ rule: 'faults[0]', index: 0, action: FORBID });
  });

  test('no rules, no decisions', () => {
    expect(createFaultDecider([], 1).decide(head('k'))).toBeNull();
  });
});

describe('matchesRule', () => {
  const rule = (overrides: Partial<FaultRule>): FaultRule => ({ method: 'any', when: 'any', every: 1, action: FORBID, ...overrides });
  const request = (overrides: Partial<FaultRequest>): FaultRequest => ({ method: 'head', key: 'k', keyExists: true, msSincePut: 100, ...overrides });

  test.each([
    ['head', 'head', true], ['head', 'get', false], ['ranged-get', 'ranged-get', true], ['ranged-get', 'get', false],
    ['get', 'get', true], ['put', 'put', true], ['any', 'head', true], ['any', 'put', true], ['any', 'other', false], ['head', 'other', false],
  ] as const)('method %s matches a %s request: %s', (method, requestMethod, expected) => {
    expect(matchesRule(rule({ method }), request({ method: requestMethod }))).toBe(expected);
  });

  test.each([
    ['before-upload', false, true], ['before-upload', true, false], ['after-upload', true, true], ['after-upload', false, false], ['any', false, true], ['any', true, true],
  ] as const)('when %s, key exists %s: %s', (when, keyExists, expected) => {
    expect(matchesRule(rule({ when }), request({ keyExists, msSincePut: keyExists ? 1 : null }))).toBe(expected);
  });

  test('a window is inclusive at both ends and never matches a key that does not exist', () => {
    const windowed = rule({ windowMs: [100, 500] });
    expect([99, 100, 300, 500, 501].map((msSincePut) => matchesRule(windowed, request({ msSincePut })))).toEqual([false, true, true, true, false]);
    expect(matchesRule(windowed, request({ keyExists: false, msSincePut: null }))).toBe(false);
  });
});

describe('nameObject', () => {
  test.each([
    ['s3probe/20261204T152807Z-3f9a1c/obj-000042', 'obj-000042'],
    ['plain', 'plain'],
    ['dir/sub/', 'sub/'],
  ])('%s → %s', (key, name) => {
    expect(nameObject(key)).toBe(name);
  });
});
