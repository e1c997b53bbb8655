// What each probe method does with the SDK: build the command, then read what the response carried.
import type { S3Client } from '@aws-sdk/client-s3';
import type { CapturePlugin } from '../s3/attempt-capture.js';
import type { Method } from './probe-record.js';

export interface ProbeTarget {
  s3: S3Client;
  bucket: string;
  key: string;
  /** The per-attempt capture plugin for this probe. */
  capture: CapturePlugin;
  /** head-if-match: the `If-Match` ETag (ProbeOrder.ifMatch). */
  ifMatch?: string;
}

/** What a probe read beyond the attempts: body bytes (get, ranged-get; null otherwise), and for list-prefix whether the listing named the key. */
export interface ProbeReading {
  bytes: number | null;
  keyListed?: boolean;
}

/** One probe method: sends one request (the SDK may retry) and returns what it read; an S3 error answer rejects. */
export interface ProbeMethod {
  method: Method;
  send(target: ProbeTarget): Promise<ProbeReading>;
}

/** Drains a streaming body and counts its bytes; a body cut short rejects. */
export async function countBodyBytes(body: unknown): Promise<number> {
  if (!body) return 0;
  let bytes = 0;
  for await (const chunk of body as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
  return bytes;
}
