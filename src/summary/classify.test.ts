import { describe, expect, it } from 'vitest';
import { PROBE_CLASSES, classifyProbe, type ProbeClass } from './classify.js';
import { isUnexpected } from './expected-status.js';

type Case = [method: string, phase: string, status: number | null, errorCode: string | null, errorClass: string | null, expected: ProbeClass, keyListed?: number | boolean | null];

const CASES: Case[] = [
  ['head', 'before-upload', 404, null, null, 'expected'],
  ['ranged-get', 'before-upload', 404, 'NoSuchKey', null, 'expected'],
  ['head', 'after-upload', 200, null, null, 'expected'],
  ['get', 'after-upload', 200, null, null, 'expected'],
  ['ranged-get', 'after-upload', 206, null, null, 'expected'],
  ['ranged-get', 'after-upload', 416, 'InvalidRange', null, 'expected'], // zero-byte object
  ['head', 'after-upload', 404, null, null, 'stale'],
  ['get', 'after-upload', 404, 'NoSuchKey', null, 'stale'],
  ['head', 'before-upload', 200, null, null, 'phantom'],
  ['ranged-get', 'before-upload', 206, null, null, 'phantom'],
  ['ranged-get', 'before-upload', 416, 'InvalidRange', null, 'phantom'],
  ['head', 'before-upload', 403, null, null, 'forbidden'],
  ['head', 'after-upload', 403, null, null, 'forbidden'],
  ['ranged-get', 'after-upload', 403, 'AccessDenied', null, 'forbidden'],
  ['get', 'after-upload', 503, 'SlowDown', null, 'throttled'],
  ['head', 'after-upload', 503, null, null, 'throttled'], // HEAD errors carry no code
  ['head', 'before-upload', 429, null, null, 'throttled'],
  ['get', 'after-upload', 503, 'ServiceUnavailable', null, 'server-error'],
  ['get', 'after-upload', 500, 'InternalError', null, 'server-error'],
  ['head', 'before-upload', 502, null, null, 'server-error'],
  ['head', 'after-upload', null, null, 'ECONNRESET', 'network-error'],
  ['get', 'after-upload', null, null, 'truncated', 'network-error'],
  ['ranged-get', 'before-upload', null, null, null, 'network-error'],
  ['head', 'after-upload', null, null, 'timeout', 'timeout'],
  ['get', 'after-upload', 206, null, null, 'other-unexpected'],
  ['ranged-get', 'after-upload', 200, null, null, 'other-unexpected'],
  ['head', 'after-upload', 400, null, null, 'other-unexpected'],
  ['get', 'before-upload', 400, 'ExpiredToken', null, 'other-unexpected'],
  ['head', 'after-upload', 304, null, null, 'other-unexpected'],
  ['get-object-attributes', 'before-upload', 404, 'NoSuchKey', null, 'expected'],
  ['get-object-attributes', 'after-upload', 200, null, null, 'expected'],
  ['get-object-attributes', 'after-upload', 404, 'NoSuchKey', null, 'stale'],
  ['get-object-attributes', 'before-upload', 200, null, null, 'phantom'],
  ['get-object-attributes', 'before-upload', 403, 'AccessDenied', null, 'forbidden'],
  ['head-if-match', 'before-upload', 404, null, null, 'expected'],
  ['head-if-match', 'after-upload', 200, null, null, 'expected'],
  ['head-if-match', 'after-upload', 404, null, null, 'stale'],
  ['head-if-match', 'after-upload', 412, null, null, 'other-unexpected'], // the ETag differs: not a stale read, see classify.ts
  ['head-if-match', 'before-upload', 412, null, null, 'other-unexpected'],
  ['list-prefix', 'before-upload', 200, null, null, 'expected', false],
  ['list-prefix', 'before-upload', 200, null, null, 'expected', 0],
  ['list-prefix', 'before-upload', 200, null, null, 'phantom', 1],
  ['list-prefix', 'before-upload', 200, null, null, 'phantom', true],
  ['list-prefix', 'after-upload', 200, null, null, 'expected', 1],
  ['list-prefix', 'after-upload', 200, null, null, 'stale', 0],
  ['list-prefix', 'after-upload', 200, null, null, 'stale', false],
  ['list-prefix', 'after-upload', 200, null, null, 'expected', null], // not known: judged by the status
  ['list-prefix', 'after-upload', 200, null, null, 'expected'],
  ['list-prefix', 'after-upload', 404, 'NoSuchBucket', null, 'other-unexpected', null],
  ['list-prefix', 'before-upload', 404, 'NoSuchBucket', null, 'other-unexpected', null],
  ['list-prefix', 'after-upload', 403, 'AccessDenied', null, 'forbidden', null],
  ['list', 'after-upload', 200, null, null, 'expected'], // no expectation for an unknown method
  ['list', 'after-upload', 403, null, null, 'forbidden'],
  ['head', 'during-upload', null, null, 'timeout', 'timeout'],
];

describe('classifyProbe', () => {
  it.each(CASES)('%s %s %s %s %s → %s (listed %s)', (method, phase, status, errorCode, errorClass, expected, keyListed) => {
    expect(classifyProbe({ method, phase, status, errorCode, errorClass, keyListed })).toBe(expected);
  });

  it('agrees with isUnexpected for every known method and phase', () => {
    for (const [method, phase, status, errorCode, errorClass, , keyListed] of CASES.filter(([method, phase]) => method !== 'list' && phase !== 'during-upload')) {
      const probeClass = classifyProbe({ method, phase, status, errorCode, errorClass, keyListed });
      expect(probeClass !== 'expected', `${method} ${phase} ${status} ${keyListed}`).toBe(isUnexpected(method, phase, status, keyListed));
    }
  });

  it('every class is reachable', () => {
    expect(new Set(CASES.map((c) => c[5]))).toEqual(new Set(PROBE_CLASSES));
  });
});
