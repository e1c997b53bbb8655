// Per-attempt capture middleware: placed right after the SDK's deserializer, it sees every HTTP attempt's raw response.
import type { Socket } from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { DeserializeMiddleware, Pluggable, RelativeMiddlewareOptions } from '@smithy/types';
import { ERROR_BODY_CAP_BYTES, type AttemptRecord } from '../probes/probe-record.js';
import { classifyNetworkError, parseErrorCode } from './response-facts.js';
import { scrubErrorBody } from './scrub-error-body.js';
import { readSigningFacts, type SdkSigningFacts } from './signing-facts.js';

export const CAPTURE_MIDDLEWARE_NAME = 's3probeAttemptCapture';

export const captureMiddlewareOptions: RelativeMiddlewareOptions = {
  name: CAPTURE_MIDDLEWARE_NAME,
  relation: 'after',
  toMiddleware: 'deserializerMiddleware',
  override: true,
};

/** Counts requests per socket, so an attempt knows whether its connection was reused. */
export class SocketLedger {
  private readonly requests = new WeakMap<Socket, number>();

  /** Returns how many requests this socket carried before this one. */
  note(socket: Socket): number {
    const before = this.requests.get(socket) ?? 0;
    this.requests.set(socket, before + 1);
    return before;
  }

  /** Notes one more request on `socket` and returns what an attempt records about its connection (every engine alike). */
  describe(socket: Socket): ConnectionFacts {
    const before = this.note(socket);
    return {
      remoteAddress: socket.remoteAddress ?? null,
      remotePort: socket.remotePort ?? null,
      localPort: socket.localPort ?? null,
      socketReused: before > 0,
      socketRequests: before + 1,
      tlsProtocol: (socket as TLSSocket).encrypted ? ((socket as TLSSocket).getProtocol?.() ?? null) : null,
    };
  }
}

/** The connection facts of an attempt: its socket's endpoints, how many requests it had carried, its TLS protocol. */
export interface ConnectionFacts {
  remoteAddress: string | null;
  remotePort: number | null;
  localPort: number | null;
  socketReused: boolean;
  socketRequests: number;
  /** null over plain HTTP. */
  tlsProtocol: string | null;
}

interface HttpResponseLike {
  statusCode: number;
  headers: Record<string, string | undefined>;
  body?: unknown;
}

/**
 * What an SDK attempt records beyond AttemptRecord (issue 7 §2; the raw engines' RawAttemptFacts minus resolvedAddress). No secret.
 * `signedAtMs` is the client clock when this middleware is entered: the SDK signed the attempt (finalizeRequest step, its date
 * being Date.now() + the client's systemClockOffset) just before, with no I/O in between, so it is an upper bound that is
 * usually within a millisecond of the signing; `x-amz-date` itself has whole-second resolution.
 */
export interface SdkAttemptFacts extends SdkSigningFacts {
  signedAtMs: number;
  /** TLS protocol of the connection (e.g. `TLSv1.3`) for https; null for http or without a socket. */
  tlsProtocol: string | null;
}

export type SdkAttemptRecord = AttemptRecord & SdkAttemptFacts;

/** Builds the middleware that appends one AttemptRecord (with SdkAttemptFacts) per HTTP attempt to `attempts`. */
export function attemptCaptureMiddleware(
  attempts: AttemptRecord[],
  ledger: SocketLedger,
  now: () => number,
): DeserializeMiddleware<any, any> {
  return (next, context) => async (args) => {
    const startedAtMs = now();
    const attempt = attempts.length + 1;
    // The deserialize step sees the request after signing (finalizeRequest): what was sent, as signed.
    const signing = { signedAtMs: startedAtMs, ...readSigningFacts(args.request, context) };
    try {
      const result = await next(args);
      const response = result.response as HttpResponseLike;
      const record = await describeResponse(response, ledger);
      attempts.push({ attempt, startedAtMs, endedAtMs: now(), ...record, ...signing } satisfies SdkAttemptRecord);
      return result;
    } catch (error) {
      // Errors thrown below the deserializer carry no HTTP response: the network failed.
      attempts.push({ ...emptyFacts(), attempt, startedAtMs, endedAtMs: now(), errorClass: classifyNetworkError(error), ...signing } satisfies SdkAttemptRecord);
      throw error;
    }
  };
}

/** Plugin form, for a command's own middleware stack. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the same plugin is used on every command type
export type CapturePlugin = Pluggable<any, any>;

export function attemptCapturePlugin(attempts: AttemptRecord[], ledger: SocketLedger, now: () => number): CapturePlugin {
  return {
    applyToStack(stack) {
      stack.addRelativeTo(attemptCaptureMiddleware(attempts, ledger, now), captureMiddlewareOptions);
    },
  };
}

type ResponseFacts = Omit<AttemptRecord, 'attempt' | 'startedAtMs' | 'endedAtMs' | 'amzDate'> & Pick<SdkAttemptFacts, 'tlsProtocol'>;

function emptyFacts(): ResponseFacts {
  return {
    status: null, errorCode: null, errorBody: null, errorClass: null, requestId: null, extendedRequestId: null,
    responseDate: null, remoteAddress: null, remotePort: null, localPort: null, socketReused: null,
    contentRange: null, etag: null, socketRequests: null, tlsProtocol: null,
  };
}

async function describeResponse(response: HttpResponseLike, ledger: SocketLedger): Promise<ResponseFacts> {
  const headers = response.headers;
  const message = response.body as (IncomingMessage & { socket?: Socket | null }) | undefined;
  const socket = message?.socket ?? null;
  const facts: ResponseFacts = {
    ...emptyFacts(),
    status: response.statusCode,
    requestId: headers['x-amz-request-id'] ?? null,
    extendedRequestId: headers['x-amz-id-2'] ?? null,
    responseDate: headers['date'] ?? null,
    contentRange: headers['content-range'] ?? null,
    etag: headers['etag'] ?? null,
  };
  if (socket) Object.assign(facts, ledger.describe(socket));
  if (response.statusCode >= 300 && message && typeof message.on === 'function') {
    // Buffer the error body so we can keep it and still hand the SDK's deserializer an intact body.
    const body = await readAll(message);
    response.body = body;
    if (body.length > 0) {
      // Scrubbed before it is kept: S3 echoes key ids, signatures, canonical requests and tokens in some error bodies.
      const text = scrubErrorBody(body.subarray(0, ERROR_BODY_CAP_BYTES).toString('utf8'));
      facts.errorBody = text;
      facts.errorCode = parseErrorCode(text);
    }
  }
  return facts;
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}
