// What S3 should answer for each method and phase, so a summary can count the probes that did not.

const NOT_FOUND: readonly number[] = [404];
const OK: readonly number[] = [200];
const PARTIAL_OR_EMPTY: readonly number[] = [206, 416];

/**
 * HTTP statuses a correct S3 answers for a probe, or null when this build has no expectation
 * (a method or phase it does not know). Before the upload the key does not exist: 404 for every
 * object method (given s3:ListBucket; without it S3 answers 403 by design), while list-prefix
 * (ListObjectsV2) answers 200 with or without the key. After the upload: HEAD, GET,
 * GetObjectAttributes, HEAD If-Match and list-prefix 200; ranged GET `bytes=0-0` 206, or 416
 * on a zero-byte object (only the status is at hand here, so both count as expected). Whether a
 * listing named the key is not a status: see isUnexpected. The arrays are shared: do not modify them.
 */
export function expectedStatuses(method: string, phase: string): readonly number[] | null {
  if (phase !== 'before-upload' && phase !== 'after-upload') return null;
  if (method === 'list-prefix') return OK;
  if (phase === 'before-upload') return NOT_FOUND;
  if (method === 'head' || method === 'get' || method === 'get-object-attributes' || method === 'head-if-match') return OK;
  if (method === 'ranged-get') return PARTIAL_OR_EMPTY;
  return null;
}

/**
 * list-prefix only: whether the listing should name the key (after the upload) or not (before); null for other methods.
 * A 200 listing that got this wrong is unexpected (classify.ts: `stale` after, `phantom` before the upload).
 */
export function expectedKeyListed(method: string, phase: string): boolean | null {
  if (method !== 'list-prefix') return null;
  if (phase === 'after-upload') return true;
  return phase === 'before-upload' ? false : null;
}

/** SQLite gives 0/1/null, records give booleans; undefined and null both mean "not known". */
export function readKeyListed(keyListed: number | boolean | null | undefined): boolean | null {
  if (keyListed === null || keyListed === undefined) return null;
  return keyListed === true || keyListed === 1;
}

/**
 * True when the probe's status (null: no HTTP response) is not one S3 should answer, or (list-prefix) when a 200 listing
 * named the key where it should not, or did not where it should. A listing whose `keyListed` is unknown is judged by
 * its status alone. Agrees with classifyProbe: unexpected ⇔ class ≠ expected.
 */
export function isUnexpected(method: string, phase: string, status: number | null, keyListed?: number | boolean | null): boolean {
  const expected = expectedStatuses(method, phase);
  if (expected === null) return false;
  if (status === null || !expected.includes(status)) return true;
  const shouldList = expectedKeyListed(method, phase);
  const listed = readKeyListed(keyListed);
  return shouldList !== null && listed !== null && listed !== shouldList;
}
