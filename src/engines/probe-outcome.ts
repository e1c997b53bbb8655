// Assembles a ProbeRecord from an order and its attempts with runProbe's rules, so every engine's records compare row by row. Pure.
import type { ProbeOrder } from '../probes/run-probe.js';
import { classifyNetworkError } from '../s3/response-facts.js';
import type { RawAttemptRecord, RawProbeRecord } from './engine.js';

export interface ProbeTimes {
  startedAtMs: number;
  latencyMs: number;
}

/**
 * The probe's outcome is its last attempt's; a 2xx whose body failed (`bodyFailed`, the attempt's errorClass says how)
 * voids the probe's status (and, for list-prefix, `keyListed`, which is known only for a 200); no attempt at all (credentials could not be resolved) is a failure classified from `failure`.
 */
export function assembleProbeRecord(
  runId: string,
  order: ProbeOrder,
  times: ProbeTimes,
  attempts: RawAttemptRecord[],
  outcome: { bytes: number | null; bodyFailed: boolean; failure: unknown; keyListed?: boolean | null },
): RawProbeRecord {
  const last = attempts.at(-1);
  const status = last === undefined || outcome.bodyFailed ? null : last.status;
  return {
    runId,
    objectKey: order.objectKey,
    method: order.method,
    phase: order.phase,
    offsetMs: order.offsetMs,
    plannedAtMs: order.plannedAtMs,
    startedAtMs: times.startedAtMs,
    latencyMs: times.latencyMs,
    status,
    errorCode: last?.errorCode ?? null,
    errorBody: last?.errorBody ?? null,
    errorClass: last === undefined ? classifyNetworkError(outcome.failure) : last.errorClass,
    requestId: last?.requestId ?? null,
    extendedRequestId: last?.extendedRequestId ?? null,
    attempts: attempts.length,
    bytes: outcome.bodyFailed ? null : outcome.bytes,
    attemptRecords: attempts,
    seq: order.seq ?? null,
    trigger: order.trigger ?? 'plan',
    followsSeq: order.followsSeq ?? null,
    ...(order.method === 'list-prefix' && { keyListed: status === 200 ? outcome.keyListed ?? null : null }),
  };
}
