// The endpoint's consistency and permission models: what a read sees right after a PUT or DELETE, and who may learn a key is missing.
import type { RequestMethod } from '../faults/decide.js';
import { METHODS, type Method } from '../probes/probe-record.js';
import type { LocalS3Identity } from './identities.js';
import { getQueryValue, type S3Request } from './s3-request.js';
import type { ObjectStore, StoredBucket, StoredObject } from './store.js';

export interface ConsistencyModel {
  /** After a PUT completes, reads of that key by this method answer as if it did not exist for this long. */
  visibilityDelayMs: Record<Method, number>;
  /** After a DELETE completes, reads of that key still see the deleted object for this long. */
  staleAfterDeleteMs: number;
}

/** S3 since December 2020: strong read-after-write consistency. */
export const STRONG_CONSISTENCY: ConsistencyModel = {
  visibilityDelayMs: Object.fromEntries(METHODS.map((method) => [method, 0])) as Record<Method, number>,
  staleAfterDeleteMs: 0,
};

/** Which model decided an answer, as the request log names it. */
export const DECIDED_BY = {
  visibilityDelay: 'consistency.visibility-delay-ms',
  staleAfterDelete: 'consistency.stale-after-delete-ms',
  listBucket: 'permission.list-bucket',
} as const;

/**
 * HeadObject → head, or head-if-match with an If-Match header; GetObject with a Range header → ranged-get, without → get;
 * GetObjectAttributes → get-object-attributes; ListObjectsV2 → list-prefix; PutObject → put; any other operation → other.
 */
export function judgeRequestMethod(request: Pick<S3Request, 'operation' | 'headers'>): RequestMethod {
  switch (request.operation) {
    case 'HeadObject':
      return request.headers['if-match'] === undefined ? 'head' : 'head-if-match';
    case 'GetObject':
      return request.headers.range === undefined ? 'get' : 'ranged-get';
    case 'GetObjectAttributes':
      return 'get-object-attributes';
    case 'ListObjectsV2':
      return 'list-prefix';
    case 'PutObject':
      return 'put';
    default:
      return 'other';
  }
}

/** The key a request is about: the object's, or for ListObjectsV2 its `prefix` (list-prefix probes list with prefix = the key); null otherwise. */
export function subjectKey(request: Pick<S3Request, 'operation' | 'key' | 'query'>): string | null {
  if (request.key !== null) return request.key;
  return request.operation === 'ListObjectsV2' ? getQueryValue(request.query, 'prefix') ?? null : null;
}

export function canListBucket(identity: LocalS3Identity): boolean {
  return identity.listBucket !== false;
}

/** Whether the subject key (subjectKey) exists on the server (its true state) and for how long, for fault rules and the request log. */
export function describeKey(
  store: ObjectStore,
  request: Pick<S3Request, 'operation' | 'bucket' | 'key' | 'query'>,
  nowMs: number,
): { keyExists: boolean; msSincePut: number | null } | null {
  const key = subjectKey(request);
  if (request.bucket === null || key === null) return null;
  const object = store.getBucket(request.bucket)?.objects.get(key);
  return object === undefined ? { keyExists: false, msSincePut: null } : { keyExists: true, msSincePut: nowMs - object.storedAtMs };
}

export interface ObjectView {
  /** The object this read sees; undefined = as if missing. */
  object: StoredObject | undefined;
  /** The consistency model that made the read see something other than the store's current state, or null. */
  shapedBy: typeof DECIDED_BY.visibilityDelay | typeof DECIDED_BY.staleAfterDelete | null;
}

/** Keys of `bucket` starting with `prefix` that a listing at `nowMs` does not show yet (visibility delay of list-prefix). */
export function findHiddenKeys(bucket: StoredBucket, prefix: string, nowMs: number, model: ConsistencyModel): Set<string> {
  const hidden = new Set<string>();
  const delayMs = model.visibilityDelayMs['list-prefix'];
  if (delayMs <= 0) return hidden;
  for (const [key, object] of bucket.objects) {
    if (key.startsWith(prefix) && nowMs - object.storedAtMs < delayMs) hidden.add(key);
  }
  return hidden;
}

/** What a read by `method` at `nowMs` sees of `key`, under the consistency model. */
export function viewObject(store: ObjectStore, bucket: StoredBucket, key: string, method: Method, nowMs: number, model: ConsistencyModel): ObjectView {
  const stored = bucket.objects.get(key);
  if (stored !== undefined) {
    const hidden = nowMs - stored.storedAtMs < model.visibilityDelayMs[method];
    return hidden ? { object: undefined, shapedBy: DECIDED_BY.visibilityDelay } : { object: stored, shapedBy: null };
  }
  const deleted = store.findDeleted(bucket, key, nowMs);
  return deleted === undefined ? { object: undefined, shapedBy: null } : { object: deleted.object, shapedBy: DECIDED_BY.staleAfterDelete };
}
