// startLocalS3: the in-process S3-compatible HTTP endpoint (path-style) on 127.0.0.1, with faults, models and a ground-truth request log.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HarnessError } from '../errors.js';
import { createFaultDecider } from '../faults/decide.js';
import { resetConnection, stallConnection } from '../faults/enact.js';
import type { FaultAction, FaultRule } from '../scenario/scenario.js';
import { answerRequest, type Answer, type PipelineDeps } from './handler.js';
import type { LocalS3Identity } from './identities.js';
import { STRONG_CONSISTENCY, subjectKey, type ConsistencyModel } from './models.js';
import { createRequestIdGenerator } from './request-ids.js';
import { internalError } from './s3-errors.js';
import { parseS3Request, readRequestBody, type RequestIds, type S3Request } from './s3-request.js';
import { ObjectStore } from './store.js';
import { writeS3Response } from './write-response.js';

export type { LocalS3Identity } from './identities.js';
export type { ConsistencyModel } from './models.js';

export interface LocalS3LogEntry {
  /** When the request arrived, by the `now` clock. */
  atMs: number;
  /** HTTP method. */
  method: string;
  /** S3 API operation, e.g. HeadObject, GetObject, PutObject, or 'unknown'. */
  operation: string;
  bucket: string | null;
  /** The key named in the request; for ListObjectsV2 its `prefix` (a list-prefix probe lists with prefix = the key). */
  key: string | null;
  requestId: string;
  /**
   * HTTP status sent; null when no status line reached the client: a `reset` or `stall` fault, or a client that left
   * before the answer was ready. Such requests never showed their request ID to the client, so they join no attempt.
   */
  status: number | null;
  /** The S3 error code sent (HEAD errors included, whose body is dropped); null on success and when status is null. */
  errorCode: string | null;
  /** The access key the request claimed; unknown keys are masked to their last four characters. */
  accessKeyId: string | null;
  /**
   * What decided the answer: a fault rule (`faults[i]`), a model (`consistency.visibility-delay-ms`,
   * `consistency.stale-after-delete-ms`, `permission.list-bucket`), or null for the endpoint's normal behaviour.
   */
  decidedBy: string | null;
  /** Whether the key existed on the server when the request arrived (its true state, whatever a model showed); null without a key. */
  keyExisted: boolean | null;
  /** Milliseconds from that key's PUT completing on the server to this request's arrival, when the key existed; else null. */
  msSincePut: number | null;
  /** The action of the fault rule in decidedBy (`status`, `delay`, `reset`, `stall`, `truncate`); null when no rule fired. */
  faultAction: FaultAction['kind'] | null;
}

export interface LocalS3Options {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 = a free port. */
  port?: number;
  /** Default 'us-east-1'. */
  region?: string;
  identities: LocalS3Identity[];
  /** Fault rules for object requests (HEAD, GET, PUT), in order; default none. */
  faults?: FaultRule[];
  /** Seed of the fault decisions; default 0. */
  seed?: number;
  /** Default: strongly consistent (all zeros), as S3 is since December 2020. */
  consistency?: ConsistencyModel;
  /** Clock seam (epoch ms) for skew checks, Date, Last-Modified, the models and fault windows; default Date.now. */
  now?: () => number;
  /** Called once per request: after its answer was handed to the socket, or when a fault or the client's departure meant none was. */
  onLog?: (entry: LocalS3LogEntry) => void;
}

export interface LocalS3 {
  /** `http://127.0.0.1:PORT` */
  endpoint: string;
  port: number;
  /** Stops listening and closes every connection, idle keep-alive and stalled ones included. */
  close(): Promise<void>;
}

/** Above this, PutObject bodies are refused with 400 EntityTooLarge (the store keeps objects in memory). */
export const MAX_BODY_BYTES = 512 * 1024 * 1024;
// Longer than typical client idle timeouts, so the endpoint never closes a socket a client is about to reuse.
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export async function startLocalS3(options: LocalS3Options): Promise<LocalS3> {
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? Date.now;
  const consistency = options.consistency ?? STRONG_CONSISTENCY;
  const deps: PipelineDeps = {
    store: new ObjectStore({ keepDeletedMs: consistency.staleAfterDeleteMs }),
    region: options.region ?? 'us-east-1',
    identitiesByAccessKey: indexIdentities(options.identities),
    faults: createFaultDecider(options.faults ?? [], options.seed ?? 0),
    consistency,
    now,
  };
  const nextIds = createRequestIdGenerator();
  const server = createServer((incoming, outgoing) => {
    void serveRequest(incoming, outgoing, { deps, now, nextIds, onLog: options.onLog });
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  const port = await listen(server, host, options.port ?? 0);
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | null = null;
  return {
    endpoint: `http://${hostInUrl}:${port}`,
    port,
    close: () => (closing ??= closeServer(server)),
  };
}

interface ServeDeps {
  deps: PipelineDeps;
  now: () => number;
  nextIds: ReturnType<typeof createRequestIdGenerator>;
  onLog?: (entry: LocalS3LogEntry) => void;
}

async function serveRequest(incoming: IncomingMessage, outgoing: ServerResponse, serve: ServeDeps): Promise<void> {
  const ids = serve.nextIds();
  const receivedAtMs = serve.now();
  let body: Buffer | 'too-large';
  try {
    body = await readRequestBody(incoming, MAX_BODY_BYTES);
  } catch {
    outgoing.destroy(); // the client went away mid-body: nothing to answer
    return;
  }
  let request: S3Request | null = null;
  let answer: Answer;
  try {
    request = parseS3Request(incoming, body, ids, receivedAtMs);
    answer = await answerRequest(request, serve.deps);
  } catch (error) {
    // The path only: a presigned URL's query carries its signature, credential and token.
    process.emitWarning(`local-s3: internal error answering ${incoming.method} ${(incoming.url ?? '').split('?')[0]}: ${String(error)}`);
    answer = { response: internalError(ids), accessKeyId: null, decidedBy: null, keyExisted: null, msSincePut: null, faultAction: null };
  }
  const method = request?.method ?? incoming.method ?? 'GET';
  const sent = deliverAnswer(outgoing, { method, url: incoming.url ?? '', ids }, answer, serve.now);
  reportLog(serve.onLog, {
    atMs: receivedAtMs,
    method,
    operation: request?.operation ?? 'unknown',
    bucket: request?.bucket ?? null,
    key: request === null ? null : subjectKey(request),
    requestId: ids.requestId,
    status: sent?.status ?? null,
    errorCode: sent?.errorCode ?? null,
    accessKeyId: answer.accessKeyId,
    decidedBy: answer.decidedBy,
    keyExisted: answer.keyExisted,
    msSincePut: answer.msSincePut,
    faultAction: answer.faultAction,
  });
}

/** Puts the answer on the wire as its fault action (if any) says; returns what was sent, or null when nothing was. */
function deliverAnswer(
  outgoing: ServerResponse,
  { method, url, ids }: { method: string; url: string; ids: RequestIds },
  answer: Answer,
  now: () => number,
): { status: number; errorCode: string | null } | null {
  if (answer.response === null) {
    if (answer.faultAction === 'stall') stallConnection(outgoing);
    else resetConnection(outgoing);
    return null;
  }
  let response = answer.response;
  let written: boolean;
  try {
    written = writeS3Response(outgoing, method, ids, response, now(), { truncate: answer.faultAction === 'truncate' });
  } catch (error) {
    // A header Node refuses to send (e.g. from a response override): answer 500 instead of crashing.
    process.emitWarning(`local-s3: could not write the answer to ${method} ${url}: ${String(error)}`);
    response = internalError(ids);
    written = writeS3Response(outgoing, method, ids, response, now());
  }
  return written ? { status: response.status, errorCode: response.errorCode } : null;
}

function reportLog(onLog: ServeDeps['onLog'], entry: LocalS3LogEntry): void {
  if (onLog === undefined) return;
  try {
    onLog(entry);
  } catch (error) {
    process.emitWarning(`local-s3: onLog threw for request ${entry.requestId}: ${String(error)}`);
  }
}

function indexIdentities(identities: LocalS3Identity[]): Map<string, LocalS3Identity> {
  if (identities.length === 0) {
    throw new HarnessError('E_USAGE', 'local-s3: options.identities is empty; pass at least one identity, e.g. defaultIdentities().');
  }
  const byAccessKey = new Map<string, LocalS3Identity>();
  identities.forEach((identity, index) => {
    for (const field of ['name', 'accessKeyId', 'secretAccessKey'] as const) {
      if (typeof identity[field] !== 'string' || identity[field] === '') {
        throw new HarnessError('E_USAGE', `local-s3: options.identities[${index}].${field} must be a non-empty string.`);
      }
    }
    if (byAccessKey.has(identity.accessKeyId)) {
      throw new HarnessError('E_USAGE', `local-s3: options.identities[${index}] repeats access key ${identity.accessKeyId}; each identity needs its own access key.`);
    }
    byAccessKey.set(identity.accessKeyId, identity);
  });
  return byAccessKey;
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(new HarnessError('E_ENDPOINT', `local-s3: cannot listen on ${host}:${port} (${error.code ?? error.message}); choose another port, or omit it (0) to take a free one.`, { cause: error }));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error === undefined ? resolve() : reject(error)));
    server.closeAllConnections();
  });
}
