import { describe, expect, it } from 'vitest';
import { computeChecksum, verifyChecksums } from './checksums.js';

const DATA = Buffer.from('hello');
const CRC32_OF_HELLO = 'NhCmhg==';

describe('verifyChecksums', () => {
  it('computes CRC32 as base64 of the big-endian value, as the SDK sends it', () => {
    expect(computeChecksum('x-amz-checksum-crc32', DATA)).toBe(CRC32_OF_HELLO);
  });

  it('accepts matching checksums and returns them', () => {
    expect(verifyChecksums(DATA, { 'x-amz-checksum-crc32': CRC32_OF_HELLO, 'content-md5': 'XUFAKrxLKna5cZ2REBfFkg==' })).toEqual({
      ok: true,
      checksums: { 'x-amz-checksum-crc32': CRC32_OF_HELLO },
    });
  });

  it('keeps CRC32C values it cannot verify, once their shape is right', () => {
    expect(verifyChecksums(DATA, { 'x-amz-checksum-crc32c': 'AAAAAA==' })).toMatchObject({ ok: true });
  });

  it.each([
    [{ 'x-amz-checksum-crc32': 'AAAAAA==' }, 'BadDigest'],
    [{ 'x-amz-checksum-sha256': Buffer.alloc(32).toString('base64') }, 'BadDigest'],
    [{ 'x-amz-checksum-crc32': 'not base64!' }, 'InvalidRequest'],
    [{ 'x-amz-checksum-crc32': CRC32_OF_HELLO, 'x-amz-checksum-sha1': 'AAAA' }, 'InvalidRequest'],
    [{ 'content-md5': Buffer.alloc(16).toString('base64') }, 'BadDigest'],
    [{ 'content-md5': 'short' }, 'InvalidDigest'],
  ])('rejects %j with %s', (fields, code) => {
    const result = verifyChecksums(DATA, fields);
    expect(result.ok ? null : result.error.code).toBe(code);
  });
});
