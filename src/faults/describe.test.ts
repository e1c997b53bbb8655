import { describe, expect, test } from 'vitest';
import { STRONG_CONSISTENCY } from '../local-s3/models.js';
import type { FaultRule } from '../scenario/scenario.js';
import { describeConsistency, describeFaultRules } from './describe.js';

describe('describeFaultRules', () => {
  test('names each rule as the log does and says what it does', () => {
    const rules: FaultRule[] = [
      { method: 'head', when: 'any', probability: 0.03, action: { kind: 'status', status: 403, code: 'AccessDenied' } },
      { method: 'any', when: 'after-upload', windowMs: [0, 250], every: 2, action: { kind: 'status', status: 503, code: 'SlowDown' } },
      { method: 'get', when: 'before-upload', every: 1, action: { kind: 'delay', delayMs: 300 } },
      { method: 'ranged-get', when: 'any', every: 3, action: { kind: 'stall' } },
      { method: 'put', when: 'any', every: 11, action: { kind: 'reset' } },
      { method: 'get', when: 'any', every: 22, action: { kind: 'truncate' } },
    ];
    expect(describeFaultRules(rules)).toEqual([
      'faults[0]: HEAD whether or not the key exists, with probability 0.03: answer 403 AccessDenied',
      'faults[1]: HEAD, GET, GetObjectAttributes, ListObjectsV2 and PUT once the key exists, 0–250 ms after its PUT, every 2nd matching request: answer 503 SlowDown',
      'faults[2]: GET (no Range) before the key exists, every time: wait 300 ms, then answer normally',
      'faults[3]: ranged GET whether or not the key exists, every 3rd matching request: never answer (the client times out)',
      'faults[4]: PUT whether or not the key exists, every 11th matching request: reset the connection before any header',
      'faults[5]: GET (no Range) whether or not the key exists, every 22nd matching request: send the headers and half the body, then close',
    ]);
  });
});

describe('describeConsistency', () => {
  test.each([
    [STRONG_CONSISTENCY, 'strongly consistent (as S3 is since December 2020)'],
    [{ visibilityDelayMs: { head: 200, 'ranged-get': 200, get: 200, 'get-object-attributes': 200, 'list-prefix': 200, 'head-if-match': 200 }, staleAfterDeleteMs: 0 }, 'new objects invisible for 200 ms; deleted objects still readable for 0 ms'],
    [{ visibilityDelayMs: { head: 200, 'ranged-get': 0, get: 0, 'get-object-attributes': 0, 'list-prefix': 0, 'head-if-match': 0 }, staleAfterDeleteMs: 50 }, 'new objects invisible for head 200 ms (0 ms for the other methods); deleted objects still readable for 50 ms'],
  ])('%j', (consistency, text) => {
    expect(describeConsistency(consistency)).toBe(text);
  });
});
