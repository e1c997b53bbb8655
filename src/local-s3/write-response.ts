// Writes an S3Response to the socket with the headers every S3 answer carries, whole or (for a truncate fault) cut short.
import type { ServerResponse } from 'node:http';
import { writeTruncated } from '../faults/enact.js';
import type { RequestIds } from './s3-request.js';
import { formatHttpDate, type S3Response } from './s3-response.js';

/** Adds the common headers; HEAD answers never carry a body (errors included). False if the socket is already gone. */
export function writeS3Response(
  outgoing: ServerResponse,
  method: string,
  ids: RequestIds,
  response: S3Response,
  nowMs: number,
  options: { truncate?: boolean } = {},
): boolean {
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
  if (options.truncate === true) {
    writeTruncated(outgoing, response.status, headers, body);
    return true;
  }
  outgoing.writeHead(response.status, headers);
  outgoing.end(body ?? undefined);
  return true;
}
