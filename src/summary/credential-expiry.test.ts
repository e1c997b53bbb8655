import { describe, expect, test } from 'vitest';
import { CREDENTIAL_EXPIRY_LABELS, credentialExpiryBucket, EXPIRY_NOT_KNOWN, NO_EXPIRY, UNKNOWN_EXPIRY } from './credential-expiry.js';

const MIN = 60_000;

describe('credentialExpiryBucket', () => {
  test('static keys never expire; temporary ones without an expiry are not taken for static; no credential facts is unknown', () => {
    expect(credentialExpiryBucket('static', null, 0)).toBe(NO_EXPIRY);
    expect(credentialExpiryBucket('temporary', null, 0)).toBe(EXPIRY_NOT_KNOWN);
    expect(credentialExpiryBucket(null, null, 0)).toBe(UNKNOWN_EXPIRY);
    expect(credentialExpiryBucket(null, 10 * MIN, 0)).toBe(UNKNOWN_EXPIRY);
  });

  test.each([
    [-1, 'expired'],
    [0, '<5 min'],
    [5 * MIN - 1, '<5 min'],
    [5 * MIN, '5-15 min'],
    [15 * MIN - 0.5, '5-15 min'],
    [15 * MIN, '15-60 min'],
    [60 * MIN - 1, '15-60 min'],
    [60 * MIN, '>60 min'],
    [12 * 60 * MIN, '>60 min'],
  ])('%d ms left → %s', (leftMs, label) => {
    const startedAtMs = 1_800_000_000_000;
    expect(credentialExpiryBucket('temporary', startedAtMs + leftMs, startedAtMs)).toBe(label);
  });

  test('labels in display order, each once', () => {
    expect(CREDENTIAL_EXPIRY_LABELS).toEqual(['expired', '<5 min', '5-15 min', '15-60 min', '>60 min', 'temporary, expiry unknown', 'no expiry', 'unknown']);
  });
});
