// Pure readings of S3 responses and failures: the XML error code, and a stable class for network errors.

/** The `<Code>` of an S3 XML error body, or null. */
export function parseErrorCode(body: string): string | null {
  const match = /<Code>([^<]{1,200})<\/Code>/.exec(body);
  return match ? match[1] : null;
}

const NETWORK_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH',
  'ECONNABORTED', 'EPROTO', 'ERR_STREAM_PREMATURE_CLOSE',
]);

/** A short, stable class for an error that carried no HTTP response (e.g. ECONNRESET, timeout, truncated). */
export function classifyNetworkError(error: unknown): string {
  const e = error as { name?: string; code?: string; message?: string } | null;
  if (!e) return 'unknown';
  // The code comes first: the SDK renames a reset socket "TimeoutError" but keeps code ECONNRESET.
  if (e.code === 'ETIMEDOUT') return 'timeout';
  if (e.code && NETWORK_CODES.has(e.code)) return e.code;
  if (e.name === 'TimeoutError' || /timed out|exceeded the configured/i.test(e.message ?? '')) return 'timeout';
  if (e.name === 'AbortError') return 'aborted';
  if (/socket hang up/i.test(e.message ?? '')) return 'ECONNRESET';
  if (/aborted|premature/i.test(e.message ?? '')) return 'truncated';
  return e.code ?? e.name ?? 'unknown';
}
