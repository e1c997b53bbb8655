import { describe, expect, it } from 'vitest';
import { classifyRetry, computeRetryDelayMs } from './retry-policy.js';

const attempt = (status: number | null, errorCode: string | null = null, errorClass: string | null = null) => ({ status, errorCode, errorClass });

describe('classifyRetry', () => {
  it('retries what the SDK standard strategy retries', () => {
    expect(classifyRetry(attempt(503, 'SlowDown'), false)).toBe('throttling');
    expect(classifyRetry(attempt(429), false)).toBe('throttling');
    expect(classifyRetry(attempt(500, 'InternalError'), false)).toBe('transient');
    expect(classifyRetry(attempt(503), false)).toBe('transient');
    expect(classifyRetry(attempt(400, 'RequestTimeout'), false)).toBe('transient');
    expect(classifyRetry(attempt(501, 'NotImplemented'), false)).toBe('server-error');
    for (const errorClass of ['ECONNRESET', 'ECONNREFUSED', 'timeout', 'ENOTFOUND', 'EPIPE']) {
      expect(classifyRetry(attempt(null, null, errorClass), false)).toBe('transient');
    }
  });

  it('never retries 403, 404, 416, a body cut short or an unknown failure', () => {
    expect(classifyRetry(attempt(403, 'AccessDenied'), false)).toBeNull();
    expect(classifyRetry(attempt(403), false)).toBeNull();
    expect(classifyRetry(attempt(404, 'NoSuchKey'), false)).toBeNull();
    expect(classifyRetry(attempt(416, 'InvalidRange'), false)).toBeNull();
    expect(classifyRetry(attempt(200, null, 'truncated'), true)).toBeNull();
    expect(classifyRetry(attempt(null, null, 'EPROTO'), false)).toBeNull();
  });
});

describe('computeRetryDelayMs', () => {
  it('is full-jitter exponential: below base × 2^retry, throttling on a 5× base, capped at 20 s', () => {
    expect(computeRetryDelayMs('transient', 1, 100, () => 0.999)).toBe(199);
    expect(computeRetryDelayMs('transient', 2, 100, () => 0.5)).toBe(200);
    expect(computeRetryDelayMs('throttling', 1, 100, () => 0.5)).toBe(500);
    expect(computeRetryDelayMs('server-error', 30, 100, () => 0.999)).toBe(20_000);
    expect(computeRetryDelayMs('transient', 3, 0, () => 0.999)).toBe(0);
  });
});
