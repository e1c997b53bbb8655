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
}

/** One probe method: sends one request (the SDK may retry) and returns the body bytes read (null for HEAD). */
export interface ProbeMethod {
  method: Method;
  send(target: ProbeTarget): Promise<{ bytes: number | null }>;
}

/** Drains a streaming body and counts its bytes; a body cut short rejects. */
export async function countBodyBytes(body: unknown): Promise<number> {
  if (!body) return 0;
  let bytes = 0;
  for await (const chunk of body as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
  return bytes;
}
