import { describe, expect, it } from 'vitest';
import { HarnessError } from '../errors.js';
import { parseThreshold, parseThresholds, type ThresholdOrigin } from './parse.js';

const FLAG: ThresholdOrigin = { code: 'E_USAGE', where: '--threshold' };

function failure(text: string, origin: ThresholdOrigin = FLAG): HarnessError {
  try {
    parseThreshold(text, origin);
  } catch (error) {
    if (error instanceof HarnessError) return error;
    throw error;
  }
  throw new Error(`"${text}" parsed`);
}

describe('parseThreshold', () => {
  it.each([
    ['head.forbidden-rate < 0.001', { method: 'head', metric: 'forbidden-rate', kind: 'rate', operator: '<', value: 0.001 }],
    ['ranged-get.forbidden == 0', { method: 'ranged-get', metric: 'forbidden', kind: 'count', operator: '==', value: 0 }],
    ['any.network-error-rate < 0.01', { method: 'any', metric: 'network-error-rate', kind: 'rate', operator: '<', value: 0.01 }],
    ['  all.p99-latency-ms<=250 ', { method: 'any', metric: 'p99-latency-ms', kind: 'ms', operator: '<=', value: 250 }],
    ['get.unexpected-rate != 0.5%', { method: 'get', metric: 'unexpected-rate', kind: 'rate', operator: '!=', value: 0.005 }],
    ['head.stale >= 1e0', { method: 'head', metric: 'not-found-after-upload', kind: 'count', operator: '>=', value: 1 }],
    ['HEAD.403-rate > .5', { method: 'head', metric: 'forbidden-rate', kind: 'rate', operator: '>', value: 0.5 }],
  ])('%s', (text, expected) => {
    expect(parseThreshold(text, FLAG)).toEqual({ text: text.trim(), ...expected });
  });

  it('says what shape it expected, naming where the expression came from', () => {
    const error = failure('head forbidden < 1', { code: 'E_SCENARIO', where: 'nightly.yaml: thresholds[2]' });
    expect(error.code).toBe('E_SCENARIO');
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      'nightly.yaml: thresholds[2]: threshold "head forbidden < 1": expected <method>.<metric> <operator> <number>, e.g. "head.forbidden-rate < 0.001" or "any.network-errors == 0"; operators: < <= > >= == !=.',
    );
  });

  it('suggests the nearest method and metric', () => {
    expect(failure('haed.forbidden == 0').message).toContain('unknown method "haed" — did you mean "head"?; expected one of head, ranged-get, get, get-object-attributes, list-prefix, head-if-match, any.');
    expect(failure('head.forbiden-rate < 0.1').message).toContain('unknown metric "forbiden-rate" — did you mean "forbidden-rate"?');
    expect(failure('head.bogus < 1').message).toMatch(/unknown metric "bogus"; expected one of probes, forbidden, forbidden-rate,/);
  });

  it('refuses "=", non-numbers, percentages of counts and rates outside [0, 1]', () => {
    expect(failure('head.forbidden = 0').message).toContain('write "==" to compare');
    expect(failure('head.forbidden == none').message).toContain('"none" is not a number');
    expect(failure('head.forbidden < 5%').message).toContain('"%" only applies to rates; forbidden is a count');
    expect(failure('head.forbidden-rate < 2').message).toContain('a rate lies between 0 and 1');
    expect(failure('head.forbidden-rate < 150%').message).toContain('a rate lies between 0 and 1');
    expect(failure('').code).toBe('E_USAGE');
  });
});

describe('parseThresholds', () => {
  it('parses a list and names the failing entry', () => {
    expect(parseThresholds(['head.forbidden == 0', 'get.probes > 0'], 'E_SCENARIO', (i) => `s.yaml: thresholds[${i}]`)).toHaveLength(2);
    expect(() => parseThresholds(['head.forbidden == 0', 'x'], 'E_SCENARIO', (i) => `s.yaml: thresholds[${i}]`)).toThrow(/^s\.yaml: thresholds\[1\]: threshold "x"/);
  });
});
