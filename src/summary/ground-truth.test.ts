import { describe, expect, it } from 'vitest';
import type { AttemptTallyRow, EndpointTallyRow } from '../recorder/rows.js';
import { summariseGroundTruth } from './ground-truth.js';

/** A tally row; `recordedStatus` defaults to the logged status for matched requests (a probe method given). */
function logged(method: string | null, trigger: string | null, operation: string, status: number | null, decidedBy: string | null, requests: number, recordedStatus = method === null ? null : status): EndpointTallyRow {
  return { method, trigger, operation, status, decidedBy, recordedStatus, requests };
}

function unanswered(method: string, trigger: string, attempts: number): AttemptTallyRow {
  return { method, trigger, status: null, attempts };
}

describe('summariseGroundTruth', () => {
  it('puts what the endpoint decided next to what the harness recorded, per method and trigger', () => {
    const truth = summariseGroundTruth({
      endpoint: [
        logged('get', 'plan', 'GetObject', 200, null, 10),
        logged('head', 'plan', 'HeadObject', 200, null, 7),
        logged('head', 'plan', 'HeadObject', 403, 'faults[0]', 3),
        logged('head', 'plan', 'HeadObject', 404, null, 4),
        logged('head', 'plan', 'HeadObject', 404, 'consistency.visibility-delay-ms', 1),
        logged('ranged-get', 'follow-up', 'GetObject', 206, null, 3),
        logged(null, null, 'PutObject', 200, null, 5),
        logged(null, null, 'HeadObject', null, 'faults[1]', 2),
        logged(null, null, 'CreateBucket', 200, null, 1),
      ],
      withoutRequestId: [unanswered('head', 'plan', 2)],
      attempts: 30,
    });
    expect(truth).toMatchObject({ requests: 36, matched: 28, statusMismatches: 0, unloggedAttempts: 0 });
    expect(truth.probes.map((group) => [group.method, group.trigger])).toEqual([['head', 'plan'], ['ranged-get', 'follow-up'], ['get', 'plan']]);
    expect(truth.probes[0]).toEqual({
      method: 'head',
      trigger: 'plan',
      endpoint: {
        requests: 15,
        statuses: { '200': 7, '403': 3, '404': 5 },
        decidedBy: { 'consistency.visibility-delay-ms': { '404': 1 }, 'faults[0]': { '403': 3 } },
      },
      recorded: { attempts: 17, statuses: { '200': 7, '403': 3, '404': 5, error: 2 } },
    });
    expect(truth.other).toEqual([
      { operation: 'CreateBucket', requests: 1, statuses: { '200': 1 }, decidedBy: {} },
      { operation: 'HeadObject', requests: 2, statuses: { error: 2 }, decidedBy: { 'faults[1]': { error: 2 } } },
      { operation: 'PutObject', requests: 5, statuses: { '200': 5 }, decidedBy: {} },
    ]);
  });

  it('counts mismatched statuses, and attempts the endpoint never logged', () => {
    const truth = summariseGroundTruth({
      endpoint: [logged('head', 'plan', 'HeadObject', 403, null, 3), logged('head', 'plan', 'HeadObject', 404, null, 1, 403)],
      withoutRequestId: [unanswered('head', 'plan', 1)],
      attempts: 7,
    });
    expect(truth).toMatchObject({ requests: 4, matched: 4, statusMismatches: 1, unloggedAttempts: 2 });
    expect(truth.probes[0].endpoint.statuses).toEqual({ '403': 3, '404': 1 });
    expect(truth.probes[0].recorded.statuses).toEqual({ '403': 4, error: 1 });
  });
});
