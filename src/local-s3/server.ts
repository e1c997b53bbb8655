// startLocalS3: the in-process S3-compatible HTTP endpoint (path-style) on 127.0.0.1, with a ground-truth request log.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HarnessError } from '../errors.js';
import { answerRequest, type Answer, type PipelineDeps } from './handler.js';
import type { LocalS3Identity } from './identities.js';
import { createRequestIdGenerator } from './request-ids.js';
import { internalError } from './s3-errors.js';
import { parseS3Request, readRequestBody, type RequestIds, type S3Request } from './s3-request.js';
import { formatHttpDate, type S3Response } from './s3-response.js';
import { ObjectStore } from './store.js';

export type { LocalS3Identity } from './identities.js';

export interface LocalS3LogEntry {
  /** When the request arrived, by the `now` clock. */
  atMs: number;
  /** HTTP method. */
  method: string;
  /** S3 API operation, e.g. HeadObject, GetObject, PutObject, or 'unknown'. */
  operation: string;
  bucket: string | null;
  key: string | null;
  requestId: string;
  /** HTTP status sent. */
  status: number;
  errorCode: string | null;
  /** The access key the request claimed; unknown keys are masked to their last four characters. */
  accessKeyId: string | null;
}

export interface LocalS3Options {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 = a free port. */
  port?: number;
  /** Default 'us-east-1'. */
  region?: string;
  identities: LocalS3Identity[];
  /** Clock seam (epoch ms) for skew checks, Date and Last-Modified; default Date.now. */
  now?: () => number;
  /** Called once per answered request, right after the answer was handed to the socket. */
  onLog?: (entry: LocalS3LogEntry) => void;
}

export interface LocalS3 {
  /** `http://127.0.0.1:PORT` */
  endpoint: string;
  port: number;
  /** Stops listening and closes every connection, idle keep-alive ones included. */
  close(): Promise<void>;
}

/** Above this, PutObject bodies are refused with 400 EntityTooLarge (the store keeps objects in memory). */
export const MAX_BODY_BYTES = 512 * 1024 * 1024;
// Longer than typical client idle timeouts, so the endpoint never closes a socket a client is about to reuse.
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export async function startLocalS3(options: LocalS3Options): Promise<LocalS3> {
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? Date.now;
  const deps: PipelineDeps = {
    store: new ObjectStore(),
    region: options.region ?? 'us-east-1',
    identitiesByAccessKey: indexIdentities(options.identities),
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
    process.emitWarning(`local-s3: internal error answering ${incoming.method} ${incoming.url}: ${String(error)}`);
    answer = { response: internalError(ids), accessKeyId: null };
  }
  const method = request?.method ?? incoming.method ?? 'GET';
  let written: boolean;
  try {
    written = writeS3Response(outgoing, method, ids, answer.response, serve.now());
  } catch (error) {
    // A header Node refuses to send (e.g. from a fault override): answer 500 instead of crashing.
    process.emitWarning(`local-s3: could not write the answer to ${method} ${incoming.url}: ${String(error)}`);
    answer = { ...answer, response: internalError(ids) };
    written = writeS3Response(outgoing, method, ids, answer.response, serve.now());
  }
  if (!written) return;
  reportLog(serve.onLog, {
    atMs: receivedAtMs,
    method,
    operation: request?.operation ?? 'unknown',
    bucket: request?.bucket ?? null,
    key: request?.key ?? null,
    requestId: ids.requestId,
    status: answer.response.status,
    errorCode: answer.response.errorCode,
    accessKeyId: answer.accessKeyId,
  });
}

/** Adds the headers every S3 answer carries; HEAD answers never carry a body (errors included). False if the socket is gone. */
function writeS3Response(outgoing: ServerResponse, method: string, ids: RequestIds, response: S3Response, nowMs: number): boolean {
  if (outgoing.headersSent || outgoing.destroyed) return false;
  const headers: Record<string, string> = {
    ...response.headers,
    'x-amz-request-id': ids.requestId,
    'x-amz-id-2': ids.hostId,
    date: formatHttpDate(nowMs),
    server: 's3probe-local',
  };
  let body = response.body;
  if (method === 'HEAD') {
    if (response.errorCode !== null || headers['content-length'] === undefined) headers['content-length'] = '0';
    body = null;
  } else if (response.status !== 204 && response.status !== 304) {
    headers['content-length'] = String(body?.length ?? 0);
  }
  outgoing.writeHead(response.status, headers);
  outgoing.end(body ?? undefined);
  return true;
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
