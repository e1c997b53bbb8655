// One HTTP attempt on node:http(s): sends a signed request and records what came back, a network failure or a body cut short, as data.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { ERROR_BODY_CAP_BYTES } from '../probes/probe-record.js';
import type { SocketLedger } from '../s3/attempt-capture.js';
import { classifyNetworkError, parseErrorCode } from '../s3/response-facts.js';
import { scrubErrorBody } from '../s3/scrub-error-body.js';
import type { ConnectTarget } from './connector.js';
import type { RawAttemptFacts, RawAttemptRecord } from './engine.js';
import type { SignedRequest } from './request-signing.js';
import type { TimeoutSweeper, Watched } from './timeout-sweeper.js';

/** Response headers recorded verbatim, by lower-cased name. */
const RECORDED_HEADERS = new Map<string, 'requestId' | 'extendedRequestId' | 'responseDate' | 'contentRange' | 'etag'>([
  ['x-amz-request-id', 'requestId'],
  ['x-amz-id-2', 'extendedRequestId'],
  ['date', 'responseDate'],
  ['content-range', 'contentRange'],
  ['etag', 'etag'],
]);
/** Name lengths of RECORDED_HEADERS: most headers are skipped without lower-casing them. */
const RECORDED_HEADER_LENGTHS = new Set([...RECORDED_HEADERS.keys()].map((name) => name.length));

export interface AttemptSpec {
  attempt: number;
  startedAtMs: number;
  target: ConnectTarget;
  httpMethod: 'HEAD' | 'GET';
  request: SignedRequest;
  /** Drain a 2xx body and count its bytes (GET); HEAD has none. */
  countBody: boolean;
  identityFacts: Pick<RawAttemptFacts, 'accessKeyIdSuffix' | 'credentialKind' | 'credentialExpiresAtMs'>;
}

export interface AttemptResult {
  record: RawAttemptRecord;
  /** Bytes of a 2xx body read to its end; null for HEAD, error answers and failures. */
  bytes: number | null;
  /** True when a 2xx body failed after the headers (`record.errorClass` says how): the probe's status becomes null. */
  bodyFailed: boolean;
}

/** Never rejects: every failure is a field of the record. */
export function sendAttempt(spec: AttemptSpec, ledger: SocketLedger, sweeper: TimeoutSweeper, now: () => number): Promise<AttemptResult> {
  return new Promise((resolve) => {
    const record = newAttemptRecord(spec.attempt, spec.startedAtMs, spec.request, spec.identityFacts, spec.target.resolvedAddress);
    let settled = false;
    const settle = (bytes: number | null, bodyFailed: boolean) => {
      if (settled) return;
      settled = true;
      sweeper.unwatch(watched);
      resolve({ record, bytes, bodyFailed });
    };
    const request = spec.target.transport(
      // Headers as a flat [name, value, …] array: Node writes them as given, without its per-header bookkeeping.
      Object.assign({ method: spec.httpMethod, path: spec.request.path, headers: flattenHeaders(spec.request.headers) }, spec.target.options),
      (response) => {
        watched.lastActivityMs = performance.now();
        noteResponse(record, response, ledger);
        const failBody = (error: unknown, statusSurvives: boolean) => {
          if (settled) return;
          record.endedAtMs = record.endedAtMs || now();
          const errorClass = watched.timedOut ? 'timeout' : classifyNetworkError(error);
          if (statusSurvives) {
            record.errorClass = errorClass === 'ECONNRESET' || errorClass === 'aborted' ? 'truncated' : errorClass;
          } else {
            // As the SDK capture records it: an error body that could not be read leaves no status.
            record.status = null;
            record.errorClass = errorClass;
          }
          settle(null, statusSurvives);
        };
        if (record.status !== null && record.status >= 300) {
          readErrorBody(response, record, watched, now, () => settle(null, false), (error) => failBody(error, false));
          return;
        }
        record.endedAtMs = now();
        let bytes = 0;
        if (spec.countBody) {
          response.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
            watched.lastActivityMs = performance.now();
          });
        } else {
          response.resume();
        }
        response.on('end', () => settle(spec.countBody ? bytes : null, false));
        response.on('error', (error) => failBody(error, true));
        response.on('close', () => {
          if (!settled) failBody(new Error('aborted'), true);
        });
      },
    );
    const watched = sweeper.watch(request);
    request.on('error', (error) => {
      if (settled || record.status !== null) return; // after the headers, the response's own listeners decide
      record.endedAtMs = now();
      record.errorClass = watched.timedOut ? 'timeout' : classifyNetworkError(error);
      settle(null, false);
    });
    request.end();
  });
}

/** An attempt with nothing known yet but what was signed and how it connects. */
export function newAttemptRecord(
  attempt: number,
  startedAtMs: number,
  signed: Pick<SignedRequest, 'signedAtMs' | 'amzDate'>,
  identityFacts: AttemptSpec['identityFacts'],
  resolvedAddress: string | null,
): RawAttemptRecord {
  return {
    attempt,
    startedAtMs,
    endedAtMs: 0,
    status: null,
    errorCode: null,
    errorBody: null,
    errorClass: null,
    requestId: null,
    extendedRequestId: null,
    responseDate: null,
    remoteAddress: null,
    remotePort: null,
    localPort: null,
    socketReused: null,
    contentRange: null,
    etag: null,
    signedAtMs: signed.signedAtMs,
    amzDate: signed.amzDate,
    accessKeyIdSuffix: identityFacts.accessKeyIdSuffix,
    credentialKind: identityFacts.credentialKind,
    credentialExpiresAtMs: identityFacts.credentialExpiresAtMs,
    socketRequests: null,
    resolvedAddress,
    tlsProtocol: null,
  };
}

function noteResponse(record: RawAttemptRecord, response: IncomingMessage, ledger: SocketLedger): void {
  record.status = response.statusCode ?? null;
  // rawHeaders is what the parser produced; scanning it avoids building the lower-cased headers object.
  const raw = response.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    if (!RECORDED_HEADER_LENGTHS.has(raw[i].length)) continue;
    const field = RECORDED_HEADERS.get(raw[i].toLowerCase());
    if (field !== undefined) record[field] = record[field] === null ? raw[i + 1] : `${record[field]}, ${raw[i + 1]}`;
  }
  const socket = response.socket as Socket | null;
  if (socket) Object.assign(record, ledger.describe(socket));
}

/** Reads an error answer's body (HEAD: none), keeps the first ERROR_BODY_CAP_BYTES, scrubbed, and its XML `Code`. */
function readErrorBody(
  response: IncomingMessage,
  record: RawAttemptRecord,
  watched: Watched,
  now: () => number,
  onDone: () => void,
  onFail: (error: unknown) => void,
): void {
  const chunks: Buffer[] = [];
  let keptBytes = 0;
  let ended = false;
  response.on('data', (chunk: Buffer) => {
    watched.lastActivityMs = performance.now();
    if (keptBytes < ERROR_BODY_CAP_BYTES) {
      chunks.push(chunk);
      keptBytes += chunk.length;
    }
  });
  response.on('end', () => {
    ended = true;
    record.endedAtMs = now();
    if (keptBytes > 0) {
      // Scrubbed before it is kept: S3 echoes key ids, signatures, canonical requests and tokens in some error bodies.
      const text = scrubErrorBody(Buffer.concat(chunks).subarray(0, ERROR_BODY_CAP_BYTES).toString('utf8'));
      record.errorBody = text;
      record.errorCode = parseErrorCode(text);
    }
    onDone();
  });
  response.on('error', onFail);
  response.on('close', () => {
    if (!ended) onFail(new Error('aborted'));
  });
}

function flattenHeaders(headers: Record<string, string>): string[] {
  const flat: string[] = [];
  for (const name in headers) flat.push(name, headers[name]);
  return flat;
}
