// What the HTTP engines send for each probe method (verb, resource, query, headers), and how a list-prefix body is kept and read.
import { HarnessError } from '../errors.js';
import { OBJECT_ATTRIBUTES } from '../probes/get-object-attributes.js';
import { requireIfMatch } from '../probes/head-if-match.js';
import { LIST_PREFIX_MAX_KEYS, listingNamesKey } from '../probes/list-prefix.js';
import type { Method } from '../probes/probe-record.js';
import { RANGE_FIRST_BYTE } from '../probes/ranged-get.js';
import type { ProbeOrder } from '../probes/run-probe.js';
import type { ConnectTarget } from './connector.js';
import type { AttemptResult } from './http-attempt.js';

interface MethodRequest {
  httpMethod: 'HEAD' | 'GET';
  /** The object, or (list-prefix) the bucket. */
  resource: 'object' | 'bucket';
  query: (order: ProbeOrder) => Record<string, string>;
  headers: (order: ProbeOrder) => Record<string, string>;
  /** Drain a 2xx body and count its bytes (get, ranged-get). */
  countBody: boolean;
  /** list-prefix: keep a 200 body to see whether the listing names the key. */
  readsListing: boolean;
}

const NONE = () => ({});
const ATTRIBUTES_HEADERS = { 'x-amz-object-attributes': OBJECT_ATTRIBUTES.join(',') };
const RANGE_HEADERS = { range: RANGE_FIRST_BYTE };

/** Each method's request, as the SDK command sends it (query parameters in the SDK's order). */
const METHOD_REQUESTS: Record<Method, MethodRequest> = {
  head: { httpMethod: 'HEAD', resource: 'object', query: NONE, headers: NONE, countBody: false, readsListing: false },
  'ranged-get': { httpMethod: 'GET', resource: 'object', query: NONE, headers: () => RANGE_HEADERS, countBody: true, readsListing: false },
  get: { httpMethod: 'GET', resource: 'object', query: NONE, headers: NONE, countBody: true, readsListing: false },
  'get-object-attributes': {
    httpMethod: 'GET', resource: 'object', query: () => ({ attributes: '' }), headers: () => ATTRIBUTES_HEADERS, countBody: false, readsListing: false,
  },
  'list-prefix': {
    httpMethod: 'GET', resource: 'bucket', query: (order) => ({ 'list-type': '2', 'max-keys': String(LIST_PREFIX_MAX_KEYS), prefix: order.objectKey }),
    headers: NONE, countBody: false, readsListing: true,
  },
  'head-if-match': {
    httpMethod: 'HEAD', resource: 'object', query: NONE, headers: (order) => ({ 'if-match': requireIfMatch(order.ifMatch) }), countBody: false, readsListing: false,
  },
};

/** A listing is a few hundred bytes; anything past this is not read for keys. */
const LISTING_CAP_BYTES = 64 * 1024;

export interface ResolvedRequest extends Pick<MethodRequest, 'httpMethod' | 'resource' | 'countBody' | 'readsListing'> {
  query: Record<string, string>;
  headers: Record<string, string>;
}

export interface TappedResult extends AttemptResult {
  /** The response body as received (list-prefix only); null otherwise. */
  body: Buffer | null;
}

export function resolveRequest(engine: string, order: ProbeOrder): ResolvedRequest {
  const request = METHOD_REQUESTS[order.method] as MethodRequest | undefined;
  if (request === undefined) {
    throw new HarnessError('E_USAGE', `${engine} engine: method '${order.method}' is not supported; it fires ${Object.keys(METHOD_REQUESTS).join(', ')}.`);
  }
  const { httpMethod, resource, countBody, readsListing } = request;
  return { httpMethod, resource, countBody, readsListing, query: request.query(order), headers: request.headers(order) };
}

/** The target with a transport that also keeps the response body's first LISTING_CAP_BYTES in `chunks`. */
export function tapBody(target: ConnectTarget, chunks: Buffer[]): ConnectTarget {
  let keptBytes = 0;
  return {
    ...target,
    transport: (requestOptions, onResponse) => target.transport(requestOptions, (response) => {
      // Listening here, before sendAttempt's own listeners are added in the same tick, loses no chunk.
      response.on('data', (chunk: Buffer) => {
        if (keptBytes >= LISTING_CAP_BYTES) return;
        chunks.push(chunk);
        keptBytes += chunk.length;
      });
      onResponse(response);
    }),
  };
}

/** Whether a 200 listing read to its end named the key; null for any other answer. */
export function readListing(result: TappedResult, key: string): boolean | null {
  if (result.record.status !== 200 || result.bodyFailed || result.body === null) return null;
  return listingNamesKey(result.body.toString('utf8'), key);
}
