// Verifies Content-MD5 and flexible checksums (x-amz-checksum-*) against the decoded payload; pure.
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { S3ErrorSpec } from './s3-response.js';

export const CHECKSUM_HEADERS = [
  'x-amz-checksum-crc32', 'x-amz-checksum-crc32c', 'x-amz-checksum-crc64nvme', 'x-amz-checksum-sha1', 'x-amz-checksum-sha256',
] as const;

/** Display names as S3 uses them in BadDigest messages. */
const ALGORITHM_NAMES: Record<string, string> = {
  'x-amz-checksum-crc32': 'CRC32', 'x-amz-checksum-crc32c': 'CRC32C', 'x-amz-checksum-crc64nvme': 'CRC64NVME',
  'x-amz-checksum-sha1': 'SHA1', 'x-amz-checksum-sha256': 'SHA256',
};
const DIGEST_LENGTH_BYTES: Record<string, number> = {
  'x-amz-checksum-crc32': 4, 'x-amz-checksum-crc32c': 4, 'x-amz-checksum-crc64nvme': 8, 'x-amz-checksum-sha1': 20, 'x-amz-checksum-sha256': 32,
};

export type ChecksumCheck = { ok: true; checksums: Record<string, string> } | { ok: false; error: S3ErrorSpec };

/**
 * Check the checksums a client sent (headers or aws-chunked trailers, keyed by lower-cased header name).
 * CRC32, SHA1, SHA256 and MD5 are verified; CRC32C and CRC64NVME are only checked for shape and kept.
 */
export function verifyChecksums(data: Buffer, fields: Record<string, string>): ChecksumCheck {
  const present = CHECKSUM_HEADERS.filter((name) => fields[name] !== undefined);
  if (present.length > 1) {
    return fail(400, 'InvalidRequest', 'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
  }
  const md5 = fields['content-md5'];
  if (md5 !== undefined) {
    if (!isBase64Digest(md5, 16)) return fail(400, 'InvalidDigest', 'The Content-MD5 you specified was invalid.');
    if (md5 !== digestBase64('md5', data)) return fail(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');
  }
  const checksums: Record<string, string> = {};
  for (const name of present) {
    const value = fields[name];
    if (!isBase64Digest(value, DIGEST_LENGTH_BYTES[name])) return fail(400, 'InvalidRequest', `Value for ${name} header is invalid.`);
    const computed = computeChecksum(name, data);
    if (computed !== null && computed !== value) {
      return fail(400, 'BadDigest', `The ${ALGORITHM_NAMES[name]} you specified did not match the calculated checksum.`);
    }
    checksums[name] = value;
  }
  return { ok: true, checksums };
}

/** Base64 of the big-endian CRC32 / SHA digest, as in `x-amz-checksum-*`; null for algorithms not verified here. */
export function computeChecksum(name: string, data: Buffer): string | null {
  switch (name) {
    case 'x-amz-checksum-crc32': {
      const bytes = Buffer.alloc(4);
      bytes.writeUInt32BE(crc32(data) >>> 0);
      return bytes.toString('base64');
    }
    case 'x-amz-checksum-sha1':
      return digestBase64('sha1', data);
    case 'x-amz-checksum-sha256':
      return digestBase64('sha256', data);
    default:
      return null;
  }
}

function digestBase64(algorithm: string, data: Buffer): string {
  return createHash(algorithm).update(data).digest('base64');
}

function isBase64Digest(value: string, lengthBytes: number): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length === lengthBytes;
}

function fail(status: number, code: string, message: string): ChecksumCheck {
  return { ok: false, error: { status, code, message } };
}
