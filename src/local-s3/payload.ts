// Turns the received body into the object bytes: verifies x-amz-content-sha256, decodes aws-chunked, checks checksums.
import { createHash } from 'node:crypto';
import { decodeAwsChunked } from './aws-chunked.js';
import { verifyChecksums } from './checksums.js';
import type { S3Request } from './s3-request.js';
import type { S3ErrorSpec } from './s3-response.js';

export const STREAMING_PAYLOADS = [
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
] as const;

export interface DecodedPayload {
  data: Buffer;
  /** Verified (or, for CRC32C/CRC64NVME, accepted) `x-amz-checksum-*` values by header name. */
  checksums: Record<string, string>;
  /** Chunk signatures of a signed aws-chunked body (decoded but not verified). */
  chunkSignatures: string[];
}

export type PayloadOutcome = { ok: true; payload: DecodedPayload } | { ok: false; error: S3ErrorSpec };

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function decodePayload(request: Pick<S3Request, 'headers' | 'body'>): PayloadOutcome {
  const { headers, body } = request;
  const contentSha256 = headers['x-amz-content-sha256'];
  const chunked = contentSha256?.startsWith('STREAMING-') === true || /(^|,)\s*aws-chunked\s*(,|$)/.test(headers['content-encoding'] ?? '');
  if (chunked) return decodeChunkedPayload(headers, body);
  if (contentSha256 !== undefined && contentSha256 !== 'UNSIGNED-PAYLOAD') {
    if (!SHA256_HEX.test(contentSha256)) return invalidContentSha256(contentSha256);
    const computed = createHash('sha256').update(body).digest('hex');
    if (computed !== contentSha256) {
      return fail(400, 'XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", [
        ['ClientComputedContentSHA256', contentSha256],
        ['S3ComputedContentSHA256', computed],
      ]);
    }
  }
  const check = verifyChecksums(body, headers);
  if (!check.ok) return { ok: false, error: check.error };
  return { ok: true, payload: { data: body, checksums: check.checksums, chunkSignatures: [] } };
}

function decodeChunkedPayload(headers: Record<string, string>, body: Buffer): PayloadOutcome {
  const contentSha256 = headers['x-amz-content-sha256'];
  if (contentSha256 !== undefined && !(STREAMING_PAYLOADS as readonly string[]).includes(contentSha256)) {
    return contentSha256.startsWith('STREAMING-')
      ? fail(501, 'NotImplemented', 'A header you provided implies functionality that is not implemented', [['Header', 'x-amz-content-sha256']])
      : invalidContentSha256(contentSha256);
  }
  const decodedLengthText = headers['x-amz-decoded-content-length'];
  if (decodedLengthText === undefined) return fail(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.');
  const decoded = decodeAwsChunked(body);
  if (!decoded.ok) return fail(400, 'InvalidRequest', `Malformed aws-chunked body: ${decoded.reason}.`);
  const { data, trailers, chunkSignatures } = decoded.value;
  if (String(data.length) !== decodedLengthText.trim()) {
    return fail(400, 'IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header');
  }
  const declaredTrailers = (headers['x-amz-trailer'] ?? '').split(',').map((name) => name.trim().toLowerCase()).filter((name) => name !== '');
  if (declaredTrailers.some((name) => trailers[name] === undefined)) {
    return fail(400, 'MalformedTrailerError', 'The request contained trailing data that was not well-formed or did not conform to our published schema.');
  }
  const check = verifyChecksums(data, { ...headers, ...trailers });
  if (!check.ok) return { ok: false, error: check.error };
  return { ok: true, payload: { data, checksums: check.checksums, chunkSignatures } };
}

function invalidContentSha256(value: string): PayloadOutcome {
  return fail(400, 'InvalidArgument', 'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, or a valid sha256 value.', [
    ['ArgumentName', 'x-amz-content-sha256'],
    ['ArgumentValue', value],
  ]);
}

function fail(status: number, code: string, message: string, fields: Array<[string, string]> = []): PayloadOutcome {
  return { ok: false, error: { status, code, message, fields } };
}
