// What S3 should answer for each method and phase, so a summary can count the probes that did not.

const NOT_FOUND: readonly number[] = [404];
const OK: readonly number[] = [200];
const PARTIAL_OR_EMPTY: readonly number[] = [206, 416];

/**
 * HTTP statuses a correct S3 answers for a probe, or null when this build has no expectation
 * (a method or phase it does not know). Before the upload the key does not exist: 404 for every
 * method (given s3:ListBucket; without it S3 answers 403 by design). After the upload: HEAD and
 * GET 200; ranged GET `bytes=0-0` 206, or 416 on a zero-byte object (only the status is at hand
 * here, so both count as expected). The arrays are shared: do not modify them.
 */
export function expectedStatuses(method: string, phase: string): readonly number[] | null {
  if (phase === 'before-upload') return NOT_FOUND;
  if (phase !== 'after-upload') return null;
  if (method === 'head' || method === 'get') return OK;
  if (method === 'ranged-get') return PARTIAL_OR_EMPTY;
  return null;
}

/** True when the probe's status (null: no HTTP response) is not one S3 should answer. */
export function isUnexpected(method: string, phase: string, status: number | null): boolean {
  const expected = expectedStatuses(method, phase);
  if (expected === null) return false;
  return status === null || !expected.includes(status);
}
