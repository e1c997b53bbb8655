import { describe, expect, it } from 'vitest';
import type { ProbeRow } from '../recorder/rows.js';
import { FollowUpAccumulator, describeFollowUpOutcome } from './follow-ups.js';

function row(method: string, phase: string, status: number | null, extra: Partial<ProbeRow> = {}): ProbeRow {
  return {
    objectKey: 'k', method, phase, offsetMs: 0, status, errorCode: null, errorClass: null, latencyMs: 1, attempts: 1,
    startedAtMs: 0, plannedAtMs: 0, trigger: 'plan', ...extra,
  };
}

function followUp(phase: string, status: number | null, errorCode: string | null = null, errorClass: string | null = null): ProbeRow {
  return row('ranged-get', phase, status, { trigger: 'follow-up', errorCode, errorClass });
}

describe('describeFollowUpOutcome', () => {
  it.each([
    [206, null, null, 'succeeded'],
    [416, 'InvalidRange', null, 'succeeded'],
    [200, null, null, 'succeeded'],
    [403, 'AccessDenied', null, 'AccessDenied'],
    [403, 'SignatureDoesNotMatch', null, 'SignatureDoesNotMatch'],
    [404, 'NoSuchKey', null, 'NoSuchKey'],
    [403, null, null, 'HTTP 403'],
    [null, null, 'timeout', 'no response: timeout'],
    [null, null, null, 'no response: unknown'],
  ] as const)('%s %s %s → %s', (status, errorCode, errorClass, expected) => {
    expect(describeFollowUpOutcome({ status, errorCode, errorClass })).toBe(expected);
  });
});

describe('FollowUpAccumulator', () => {
  it('counts planned HEAD 403s and what their follow-ups found, overall and per phase, most frequent first', () => {
    const accumulator = new FollowUpAccumulator();
    const rows = [
      row('head', 'before-upload', 403), followUp('before-upload', 403, 'AccessDenied'),
      row('head', 'before-upload', 403), followUp('before-upload', 403, 'AccessDenied'),
      row('head', 'after-upload', 403), followUp('after-upload', 206),
      row('head', 'after-upload', 403), followUp('after-upload', 206),
      row('head', 'after-upload', 403), followUp('after-upload', 403, 'SignatureDoesNotMatch'),
      row('head', 'after-upload', 403), // its follow-up never fired (run stopped)
      row('head', 'after-upload', 200), row('ranged-get', 'after-upload', 403, { errorCode: 'AccessDenied' }), row('get', 'before-upload', 404),
    ];
    for (const probe of rows) accumulator.add(probe);
    const summary = accumulator.finish();
    expect(summary).toEqual({
      head403: 6,
      probes: 5,
      outcomes: { AccessDenied: 2, succeeded: 2, SignatureDoesNotMatch: 1 },
      byPhase: {
        'before-upload': { head403: 2, probes: 2, outcomes: { AccessDenied: 2 } },
        'after-upload': { head403: 4, probes: 3, outcomes: { succeeded: 2, SignatureDoesNotMatch: 1 } },
      },
    });
    expect(Object.keys(summary.byPhase)).toEqual(['before-upload', 'after-upload']);
  });

  it('is all zeros without HEAD 403s', () => {
    const accumulator = new FollowUpAccumulator();
    accumulator.add(row('head', 'after-upload', 200));
    expect(accumulator.finish()).toEqual({ head403: 0, probes: 0, outcomes: {}, byPhase: {} });
  });
});
