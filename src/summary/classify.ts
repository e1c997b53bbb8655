// The class of every probe's outcome: expected, or which way it went wrong (stale, phantom, forbidden, throttled …).
import { expectedKeyListed, expectedStatuses, readKeyListed } from './expected-status.js';

/** Classes in the order the summary lists them. */
export const PROBE_CLASSES = [
  'expected',
  'stale',
  'phantom',
  'forbidden',
  'throttled',
  'server-error',
  'network-error',
  'timeout',
  'other-unexpected',
] as const;
export type ProbeClass = (typeof PROBE_CLASSES)[number];

/** What classification reads of a probe (its last attempt's outcome). */
export interface ClassifiedOutcome {
  method: string;
  phase: string;
  /** null = no HTTP response. */
  status: number | null;
  errorCode: string | null;
  errorClass: string | null;
  /** list-prefix: whether the 200 listing named the key (SQLite rows give 1/0/null); absent or null = not known. */
  keyListed?: number | boolean | null;
}

/** Statuses that say the key exists: a ranged GET of a zero-byte object answers 416. */
const EXISTS_STATUSES: readonly number[] = [200, 206, 416];

/**
 * First match wins:
 * - list-prefix 200 whose listing got the key wrong: `stale` (after the upload, key not listed) or `phantom` (before the
 *   upload, key listed); a listing with `keyListed` unknown is judged by its status;
 * - expected: a status S3 should answer for the method and phase (expected-status.ts);
 * - timeout / network-error: no HTTP response, with errorClass 'timeout' or anything else;
 * - forbidden: 403;
 * - throttled: 429, or 503 with code SlowDown or with no code (HEAD errors carry no body; S3's 503 is SlowDown);
 * - server-error: any other 5xx;
 * - stale: 404 after the upload completed (not list-prefix, whose 404 is NoSuchBucket);
 * - phantom: 200/206/416 (the key exists) before the upload started;
 * - other-unexpected: anything else (400, a 206 to a plain GET, a head-if-match 412 …). A 412 is not `stale`: each key is
 *   written once per run, so no older version exists to be read; it means the store's ETag is not the body's MD5
 *   (SSE-KMS, multipart, a store of its own) or someone else wrote the key.
 * A method or phase with no expectation counts as expected unless one of the failure classes applies.
 */
export function classifyProbe(outcome: ClassifiedOutcome): ProbeClass {
  const { phase, status } = outcome;
  const expected = expectedStatuses(outcome.method, phase);
  if (status === 200) {
    const shouldList = expectedKeyListed(outcome.method, phase);
    const listed = readKeyListed(outcome.keyListed);
    if (shouldList !== null && listed !== null && listed !== shouldList) return shouldList ? 'stale' : 'phantom';
  }
  if (status !== null && expected?.includes(status)) return 'expected';
  if (status === null) return outcome.errorClass === 'timeout' ? 'timeout' : 'network-error';
  if (status === 403) return 'forbidden';
  if (status === 429 || (status === 503 && (outcome.errorCode === null || outcome.errorCode === 'SlowDown'))) return 'throttled';
  if (status >= 500 && status <= 599) return 'server-error';
  if (expected === null) return 'expected';
  if (status === 404 && phase === 'after-upload' && outcome.method !== 'list-prefix') return 'stale';
  if (phase === 'before-upload' && EXISTS_STATUSES.includes(status)) return 'phantom';
  return 'other-unexpected';
}

/** A count for every class, all zero, in PROBE_CLASSES order (a literal, so the object keeps one fast shape). */
export function zeroClassCounts(): Record<ProbeClass, number> {
  return {
    expected: 0, stale: 0, phantom: 0, forbidden: 0, throttled: 0, 'server-error': 0, 'network-error': 0, timeout: 0,
    'other-unexpected': 0,
  };
}
