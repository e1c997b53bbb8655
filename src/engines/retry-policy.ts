// When the HTTP engines retry an attempt and how long they wait, mirroring the AWS SDK v3 standard strategy's classes. Pure.
import type { AttemptRecord } from '../probes/probe-record.js';

/** S3/AWS error codes the SDK treats as throttling (retried with a 500 ms backoff base). */
const THROTTLING_CODES = new Set([
  'BandwidthLimitExceeded', 'EC2ThrottledException', 'LimitExceededException', 'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException', 'RequestLimitExceeded', 'RequestThrottled', 'RequestThrottledException',
  'SlowDown', 'ThrottledException', 'Throttling', 'ThrottlingException', 'TooManyRequestsException', 'TransactionInProgressException',
]);
/** Error codes the SDK treats as transient. */
const TRANSIENT_CODES = new Set(['RequestTimeout', 'RequestTimeoutException']);
/** Network failure classes (classifyNetworkError) the SDK retries: its timeout and network error codes. */
const TRANSIENT_NETWORK_CLASSES = new Set(['timeout', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

export const DEFAULT_RETRY_BASE_DELAY_MS = 100;
export const THROTTLING_RETRY_BASE_DELAY_MS = 500;
export const MAX_RETRY_DELAY_MS = 20_000;

export type RetryClass = 'throttling' | 'transient' | 'server-error' | null;

/**
 * Why the attempt may be retried, or null. A body cut short after a 2xx is never retried (the SDK's retry loop has
 * returned by then), nor are 4xx answers other than throttling and RequestTimeout.
 */
export function classifyRetry(attempt: Pick<AttemptRecord, 'status' | 'errorCode' | 'errorClass'>, bodyFailed: boolean): RetryClass {
  if (bodyFailed) return null;
  if (attempt.status === null) return attempt.errorClass !== null && TRANSIENT_NETWORK_CLASSES.has(attempt.errorClass) ? 'transient' : null;
  if (attempt.status === 429 || (attempt.errorCode !== null && THROTTLING_CODES.has(attempt.errorCode))) return 'throttling';
  if ([500, 502, 503, 504].includes(attempt.status) || (attempt.errorCode !== null && TRANSIENT_CODES.has(attempt.errorCode))) return 'transient';
  if (attempt.status >= 500 && attempt.status <= 599) return 'server-error';
  return null;
}

/**
 * Full-jitter exponential backoff before retry number `retry` (1 = the first retry): a random delay below
 * base × 2^retry, capped at 20 s, as the SDK computes it. `baseDelayMs` scales both bases (0 = no wait, for tests).
 */
export function computeRetryDelayMs(retryClass: Exclude<RetryClass, null>, retry: number, baseDelayMs: number, random: () => number): number {
  const base = retryClass === 'throttling' ? baseDelayMs * (THROTTLING_RETRY_BASE_DELAY_MS / DEFAULT_RETRY_BASE_DELAY_MS) : baseDelayMs;
  return Math.floor(Math.min(MAX_RETRY_DELAY_MS, random() * 2 ** retry * base));
}
