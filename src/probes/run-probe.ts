// Fires one probe and turns whatever happened (response, S3 error, network failure) into a ProbeRecord.
import type { S3Client } from '@aws-sdk/client-s3';
import { attemptCapturePlugin, type SocketLedger } from '../s3/attempt-capture.js';
import { classifyNetworkError } from '../s3/response-facts.js';
import { requireIfMatch } from './head-if-match.js';
import { PROBE_METHODS } from './index.js';
import type { AttemptRecord, Method, Phase, ProbeRecord, Trigger } from './probe-record.js';

export interface ProbeContext {
  runId: string;
  s3: S3Client;
  bucket: string;
  ledger: SocketLedger;
  now: () => number;
}

export interface ProbeOrder {
  objectKey: string;
  method: Method;
  phase: Phase;
  offsetMs: number;
  plannedAtMs: number;
  /** See ProbeRecord; default null (fired outside a plan walk). */
  seq?: number | null;
  /** Default 'plan'. */
  trigger?: Trigger;
  /** Default null. */
  followsSeq?: number | null;
  /**
   * head-if-match only: the ETag sent in `If-Match`, known before the upload because the body is deterministic
   * (expectedEtag in head-if-match.ts). Required for that method; ignored by the others.
   */
  ifMatch?: string;
}

export async function runProbe(context: ProbeContext, order: ProbeOrder): Promise<ProbeRecord> {
  const attempts: AttemptRecord[] = [];
  const capture = attemptCapturePlugin(attempts, context.ledger, context.now);
  const ifMatch = order.method === 'head-if-match' ? requireIfMatch(order.ifMatch) : undefined;
  const startedAtMs = context.now();
  let bytes: number | null = null;
  let keyListed: boolean | undefined;
  let failure: unknown = null;
  try {
    ({ bytes, keyListed } = await PROBE_METHODS[order.method].send({ s3: context.s3, bucket: context.bucket, key: order.objectKey, capture, ifMatch }));
  } catch (error) {
    failure = error;
  }
  const latencyMs = context.now() - startedAtMs;
  const outcome = outcomeOf(attempts, failure);
  return {
    runId: context.runId,
    objectKey: order.objectKey,
    method: order.method,
    phase: order.phase,
    offsetMs: order.offsetMs,
    plannedAtMs: order.plannedAtMs,
    startedAtMs,
    latencyMs,
    ...outcome,
    attempts: attempts.length,
    bytes,
    attemptRecords: attempts,
    seq: order.seq ?? null,
    trigger: order.trigger ?? 'plan',
    followsSeq: order.followsSeq ?? null,
    ...(order.method === 'list-prefix' && { keyListed: outcome.status === 200 ? keyListed ?? null : null }),
  };
}

type Outcome = Pick<ProbeRecord, 'status' | 'errorCode' | 'errorBody' | 'errorClass' | 'requestId' | 'extendedRequestId'>;

/** The probe's outcome is its last attempt's; a failure after the response headers (body cut short) voids the status. */
function outcomeOf(attempts: AttemptRecord[], failure: unknown): Outcome {
  const last = attempts.at(-1);
  if (!last) {
    // Nothing reached the wire (e.g. credentials could not be resolved).
    return { status: null, errorCode: null, errorBody: null, errorClass: classifyNetworkError(failure), requestId: null, extendedRequestId: null };
  }
  const outcome: Outcome = {
    status: last.status,
    errorCode: last.errorCode,
    errorBody: last.errorBody,
    errorClass: last.errorClass,
    requestId: last.requestId,
    extendedRequestId: last.extendedRequestId,
  };
  const bodyFailed = failure !== null && last.status !== null && last.status < 300;
  if (bodyFailed) {
    const errorClass = classifyBodyFailure(failure);
    last.errorClass = errorClass;
    return { ...outcome, status: null, errorClass };
  }
  return outcome;
}

function classifyBodyFailure(error: unknown): string {
  const errorClass = classifyNetworkError(error);
  return errorClass === 'ECONNRESET' || errorClass === 'aborted' ? 'truncated' : errorClass;
}
