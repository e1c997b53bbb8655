// Object operations: PutObject, GetObject, HeadObject (same answer without body; both honour If-Match), DeleteObject.
import { createHash } from 'node:crypto';
import { formatContentRange, parseRangeHeader, resolveRange } from '../range.js';
import { accessDenied, invalidArgument, noSuchBucket, noSuchKey, notImplemented } from '../s3-errors.js';
import { getQueryValue, type S3Request } from '../s3-request.js';
import { buildEmptyResponse, buildErrorResponse, formatHttpDate, type S3Response } from '../s3-response.js';
import type { StoredBucket, StoredObject } from '../store.js';
import type { OperationContext } from './context.js';

export const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';
const MAX_KEY_BYTES = 1024;
// What Node (and HTTP) accept in a header value: tab, visible ASCII, space and ISO-8859-1 upper half.
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

// GetObject/HeadObject query parameters that override response headers.
const RESPONSE_OVERRIDES: Record<string, string> = {
  'response-content-type': 'content-type',
  'response-content-disposition': 'content-disposition',
  'response-content-encoding': 'content-encoding',
  'response-content-language': 'content-language',
  'response-cache-control': 'cache-control',
  'response-expires': 'expires',
};

export function putObject({ request, payload, store, nowMs, handledAtMs }: OperationContext): S3Response {
  const bucketName = request.bucket ?? '';
  const key = request.key ?? '';
  const bucket = store.getBucket(bucketName);
  if (bucket === undefined) return noSuchBucket(request, bucketName);
  const keyBytes = Buffer.byteLength(key, 'utf8');
  if (keyBytes > MAX_KEY_BYTES) {
    return buildErrorResponse(request, {
      status: 400, code: 'KeyTooLongError', message: 'Your key is too long', fields: [['Size', keyBytes], ['MaxSizeAllowed', MAX_KEY_BYTES]],
    });
  }
  const object: StoredObject = {
    key,
    data: payload.data,
    etag: `"${createHash('md5').update(payload.data).digest('hex')}"`,
    lastModifiedMs: Math.floor(nowMs / 1000) * 1000,
    storedAtMs: handledAtMs,
    contentType: request.headers['content-type'] ?? DEFAULT_CONTENT_TYPE,
    metadata: Object.fromEntries(Object.entries(request.headers).filter(([name]) => name.startsWith('x-amz-meta-'))),
    checksums: payload.checksums,
  };
  store.putObject(bucket, object);
  return buildEmptyResponse(200, {
    etag: object.etag,
    'x-amz-server-side-encryption': 'AES256',
    ...checksumHeaders(object),
    'content-length': '0',
  });
}

/** The checks of a read that come before the key is looked up: the bucket to read from, or the error answer. */
export function prepareObjectRead({ request, store }: OperationContext): StoredBucket | S3Response {
  const bucketName = request.bucket ?? '';
  const versionId = getQueryValue(request.query, 'versionId');
  if (versionId !== undefined && versionId !== 'null') {
    return invalidArgument(request, 'Invalid version id specified', 'versionId', versionId);
  }
  if (getQueryValue(request.query, 'partNumber') !== undefined) return notImplemented(request);
  return store.getBucket(bucketName) ?? noSuchBucket(request, bucketName);
}

/**
 * The answer to a read of `object` as the caller sees it (undefined = missing). Without s3:ListBucket a missing key is
 * 403 AccessDenied, not 404 NoSuchKey: S3 will not tell such a caller whether the key exists.
 */
export function answerObjectRead(request: S3Request, object: StoredObject | undefined, canListBucket: boolean): S3Response {
  const key = request.key ?? '';
  if (object === undefined) return canListBucket ? noSuchKey(request, key) : accessDenied(request);
  const ifMatch = request.headers['if-match'];
  if (ifMatch !== undefined && !etagMatches(ifMatch, object.etag)) {
    return buildErrorResponse(request, {
      status: 412, code: 'PreconditionFailed', message: 'At least one of the pre-conditions you specified did not hold', fields: [['Condition', 'If-Match']],
    });
  }
  const sizeBytes = object.data.length;
  const rangeHeader = request.headers.range;
  const resolution = resolveRange(parseRangeHeader(rangeHeader), sizeBytes);
  const contentRange = formatContentRange(resolution, sizeBytes);
  if (resolution.kind === 'unsatisfiable') {
    return buildErrorResponse(request, {
      status: 416, code: 'InvalidRange', message: 'The requested range is not satisfiable',
      fields: [['RangeRequested', rangeHeader ?? ''], ['ActualObjectSize', sizeBytes]],
      headers: { 'content-range': contentRange ?? '' },
    });
  }
  const body = resolution.kind === 'partial' ? object.data.subarray(resolution.start, resolution.end + 1) : object.data;
  const headers: Record<string, string> = {
    'last-modified': formatHttpDate(object.lastModifiedMs),
    etag: object.etag,
    'x-amz-server-side-encryption': 'AES256',
    ...object.metadata,
    'accept-ranges': 'bytes',
    'content-type': object.contentType,
    'content-length': String(body.length),
  };
  if (contentRange !== null) headers['content-range'] = contentRange;
  // Full-object checksums only describe the whole object, so S3 returns them for whole-object reads only.
  if (resolution.kind === 'whole' && request.headers['x-amz-checksum-mode']?.toUpperCase() === 'ENABLED') {
    Object.assign(headers, checksumHeaders(object));
  }
  for (const [parameter, header] of Object.entries(RESPONSE_OVERRIDES)) {
    const value = getQueryValue(request.query, parameter);
    if (value === undefined) continue;
    if (!HEADER_VALUE.test(value)) {
      return invalidArgument(request, 'Header value cannot be represented using ISO-8859-1.', parameter, value);
    }
    headers[header] = value;
  }
  return { status: resolution.kind === 'partial' ? 206 : 200, headers, body, errorCode: null };
}

/** 204 whether or not the key existed, as S3 does. */
export function deleteObject({ request, store, handledAtMs }: OperationContext): S3Response {
  const bucketName = request.bucket ?? '';
  const bucket = store.getBucket(bucketName);
  if (bucket === undefined) return noSuchBucket(request, bucketName);
  store.deleteObject(bucket, request.key ?? '', handledAtMs);
  return buildEmptyResponse(204);
}

/** RFC 7232 If-Match: `*`, or a comma-separated list of entity tags, one of which is the object's (quotes optional, as S3 accepts). */
export function etagMatches(ifMatch: string, etag: string): boolean {
  const bare = (tag: string) => tag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  return ifMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

function checksumHeaders(object: StoredObject): Record<string, string> {
  if (Object.keys(object.checksums).length === 0) return {};
  return { ...object.checksums, 'x-amz-checksum-type': 'FULL_OBJECT' };
}
