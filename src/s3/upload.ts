// Uploads one planned object (PutObject) and records what happened as an ObjectRecord.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { AttemptRecord, ObjectRecord } from '../probes/probe-record.js';
import { attemptCapturePlugin, type SocketLedger } from './attempt-capture.js';

const bodies = new Map<number, Buffer>();

/** Deterministic content per size ('s3probe ' repeated), shared between objects of the same size. */
export function objectBody(sizeBytes: number): Buffer {
  let body = bodies.get(sizeBytes);
  if (!body) {
    body = Buffer.alloc(sizeBytes, 's3probe ');
    if (sizeBytes <= 64 * 1024 * 1024) bodies.set(sizeBytes, body);
  }
  return body;
}

export interface UploadContext {
  runId: string;
  s3: S3Client;
  bucket: string;
  ledger: SocketLedger;
  now: () => number;
}

export async function uploadObject(context: UploadContext, key: string, sizeBytes: number): Promise<ObjectRecord> {
  const attempts: AttemptRecord[] = [];
  const command = new PutObjectCommand({ Bucket: context.bucket, Key: key, Body: objectBody(sizeBytes), ContentType: 'application/octet-stream' });
  command.middlewareStack.use(attemptCapturePlugin(attempts, context.ledger, context.now));
  const uploadStartedAtMs = context.now();
  let etag: string | null = null;
  try {
    etag = (await context.s3.send(command)).ETag ?? null;
  } catch {
    // The attempts say what went wrong.
  }
  const last = attempts.at(-1);
  return {
    runId: context.runId,
    key,
    sizeBytes,
    uploadStartedAtMs,
    uploadEndedAtMs: context.now(),
    status: last?.status ?? null,
    errorCode: last?.errorCode ?? last?.errorClass ?? null,
    etag,
    deleted: false,
  };
}

/** True when the upload is known to have stored the object. */
export function uploadSucceeded(record: ObjectRecord): boolean {
  return record.status !== null && record.status >= 200 && record.status < 300;
}
