// The parsed form of one incoming HTTP request, as every later stage (auth, payload, operations) sees it.
import type { IncomingMessage } from 'node:http';
import { resolveOperation, type OperationName } from './router.js';

/** Decoded query parameters; a repeated name becomes an array (as SigV4 canonicalisation expects). */
export type QueryParams = Record<string, string | string[]>;

export interface S3Request {
  method: string;
  /** Path exactly as sent on the wire (still percent-encoded), without the query. */
  rawPath: string;
  query: QueryParams;
  /** Lower-cased names; repeated headers joined with ', ' (Node's behaviour). */
  headers: Record<string, string>;
  /** Path-style addressing: the first path segment, or null for `/`. */
  bucket: string | null;
  /** Everything after `/<bucket>/`, decoded; null when empty. */
  key: string | null;
  operation: OperationName;
  /** False when the path or query could not be percent-decoded (answered 400 InvalidURI). */
  uriValid: boolean;
  requestId: string;
  hostId: string;
  receivedAtMs: number;
  /** The body bytes as received (still aws-chunked encoded, if it was); empty when too large. */
  body: Buffer;
  /** The body passed the endpoint's size cap and was discarded (answered 400 EntityTooLarge). */
  bodyTooLarge: boolean;
}

export interface RequestIds {
  requestId: string;
  hostId: string;
}

/** Build an S3Request from the method, URL and headers Node parsed. */
export function parseS3Request(
  incoming: Pick<IncomingMessage, 'method' | 'url' | 'headers'>,
  body: Buffer | 'too-large',
  ids: RequestIds,
  receivedAtMs: number,
): S3Request {
  const method = (incoming.method ?? 'GET').toUpperCase();
  const url = incoming.url ?? '/';
  const queryStart = url.indexOf('?');
  const rawPath = queryStart < 0 ? url : url.slice(0, queryStart);
  const rawQuery = queryStart < 0 ? '' : url.slice(queryStart + 1);
  const query = parseQuery(rawQuery);
  const location = parsePathStyle(rawPath);
  const uriValid = query !== null && location !== null;
  const bucket = location?.bucket ?? null;
  const key = location?.key ?? null;
  const headers = flattenHeaders(incoming.headers);
  return {
    method,
    rawPath,
    query: query ?? {},
    headers,
    bucket,
    key,
    operation: uriValid ? resolveOperation(method, bucket, key, query ?? {}, headers) : 'unknown',
    uriValid,
    requestId: ids.requestId,
    hostId: ids.hostId,
    receivedAtMs,
    body: body === 'too-large' ? Buffer.alloc(0) : body,
    bodyTooLarge: body === 'too-large',
  };
}

export function getQueryValue(query: QueryParams, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `a=1&b&c=%2F` → `{ a: '1', b: '', c: '/' }`; `+` means space. Null when a part cannot be decoded. */
export function parseQuery(rawQuery: string): QueryParams | null {
  const query: QueryParams = Object.create(null);
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const name = decodeComponent(equals < 0 ? part : part.slice(0, equals));
    const value = decodeComponent(equals < 0 ? '' : part.slice(equals + 1));
    if (name === null || value === null) return null;
    const existing = query[name];
    if (existing === undefined) query[name] = value;
    else query[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return query;
}

function parsePathStyle(rawPath: string): { bucket: string | null; key: string | null } | null {
  const path = rawPath.startsWith('/') ? rawPath.slice(1) : rawPath;
  const slash = path.indexOf('/');
  const bucketPart = slash < 0 ? path : path.slice(0, slash);
  const keyPart = slash < 0 ? '' : path.slice(slash + 1);
  const bucket = decodeComponent(bucketPart, false);
  const key = decodeComponent(keyPart, false);
  if (bucket === null || key === null) return null;
  return { bucket: bucket === '' ? null : bucket, key: key === '' ? null : key };
}

function decodeComponent(text: string, plusIsSpace = true): string | null {
  try {
    return decodeURIComponent(plusIsSpace ? text.replace(/\+/g, ' ') : text);
  } catch {
    return null;
  }
}

function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const flat: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** Read the whole body, or fail with 'too-large' once it passes `capBytes` (the rest is discarded). */
export function readRequestBody(incoming: IncomingMessage, capBytes: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let sizeBytes = 0;
    incoming.on('data', (chunk: Buffer) => {
      sizeBytes += chunk.length;
      if (sizeBytes <= capBytes) chunks.push(chunk);
    });
    incoming.on('end', () => resolve(sizeBytes > capBytes ? 'too-large' : Buffer.concat(chunks)));
    incoming.on('error', reject);
  });
}
