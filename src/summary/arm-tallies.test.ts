import { describe, expect, it } from 'vitest';
import type { ProbeRow } from '../recorder/rows.js';
import { ArmTallyAccumulator, socketAgeBucket } from './arm-tallies.js';

function probe(status: number | null, extra: Partial<ProbeRow> = {}): ProbeRow {
  return {
    objectKey: 'k', method: 'head', phase: 'after-upload', offsetMs: 0, status, errorCode: null, errorClass: null, latencyMs: 1,
    attempts: 1, startedAtMs: 0, plannedAtMs: 0, trigger: 'plan', keyListed: null, ...extra,
  };
}

describe('socketAgeBucket', () => {
  it.each([
    [null, 'unknown'], [undefined, 'unknown'], [1, '1'], [2, '2-10'], [10, '2-10'], [11, '11-100'], [100, '11-100'], [101, '>100'],
  ])('%s requests → %s', (requests, bucket) => {
    expect(socketAgeBucket(requests)).toBe(bucket);
  });
});

describe('ArmTallyAccumulator', () => {
  it('counts probes and 403s per arm × method and per last-attempt fact, every key with its denominator', () => {
    const tallies = new ArmTallyAccumulator();
    const sdk = { arm: 'sdk', remoteAddress: '10.0.0.7', socketRequests: 1, credentialKind: 'temporary', credentialLeftMs: 60_000 };
    const raw = { arm: 'raw', remoteAddress: '10.0.0.9', socketRequests: 40, credentialKind: 'static', credentialLeftMs: null };
    tallies.add(probe(403, sdk));
    tallies.add(probe(403, sdk));
    tallies.add(probe(200, { ...sdk, method: 'get' }));
    tallies.add(probe(200, raw));
    tallies.add(probe(403, { ...raw, credentialLeftMs: -5 }));
    tallies.add(probe(null, { method: 'get' }));
    expect(tallies.finish()).toEqual({
      arms: [
        { arm: 'default', method: 'get', probes: 1, forbidden: 0 },
        { arm: 'raw', method: 'head', probes: 2, forbidden: 1 },
        { arm: 'sdk', method: 'get', probes: 1, forbidden: 0 },
        { arm: 'sdk', method: 'head', probes: 2, forbidden: 2 },
      ],
      byRemoteAddress: [
        { key: '10.0.0.7', probes: 3, forbidden: 2 },
        { key: '10.0.0.9', probes: 2, forbidden: 1 },
        { key: 'unknown', probes: 1, forbidden: 0 },
      ],
      bySocketRequests: [
        { key: '1', probes: 3, forbidden: 2 },
        { key: '11-100', probes: 2, forbidden: 1 },
        { key: 'unknown', probes: 1, forbidden: 0 },
      ],
      byCredentialExpiry: [
        { key: '<5 min', probes: 3, forbidden: 2 },
        { key: 'expired', probes: 1, forbidden: 1 },
        { key: 'no expiry', probes: 1, forbidden: 0 },
        { key: 'unknown', probes: 1, forbidden: 0 },
      ],
    });
  });
});
