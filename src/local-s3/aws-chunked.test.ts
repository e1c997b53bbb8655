import { describe, expect, it } from 'vitest';
import { decodeAwsChunked } from './aws-chunked.js';

function decodeText(body: string) {
  return decodeAwsChunked(Buffer.from(body, 'latin1'));
}

describe('decodeAwsChunked', () => {
  it('decodes unsigned chunks with a checksum trailer, as AWS SDK v3 sends them', () => {
    const result = decodeText('6\r\nhello \r\n5\r\nworld\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n');
    expect(result).toEqual({
      ok: true,
      value: { data: Buffer.from('hello world'), trailers: { 'x-amz-checksum-crc32': 'DUoRhQ==' }, chunkSignatures: [] },
    });
  });

  it('decodes signed chunks and collects their signatures', () => {
    const sigA = 'a'.repeat(64);
    const sigB = 'b'.repeat(64);
    const result = decodeText(`3;chunk-signature=${sigA}\r\nabc\r\n0;chunk-signature=${sigB}\r\n\r\n`);
    expect(result.ok && result.value.data.toString()).toBe('abc');
    expect(result.ok && result.value.chunkSignatures).toEqual([sigA, sigB]);
  });

  it('accepts signed trailers ending in bare newlines and a body ending right after the last chunk', () => {
    const signed = decodeText('1\r\nx\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\nx-amz-trailer-signature:ff\r\n\r\n');
    expect(signed.ok && signed.value.trailers).toEqual({ 'x-amz-checksum-crc32': 'AAAAAA==', 'x-amz-trailer-signature': 'ff' });
    expect(decodeText('1\r\nx\r\n0\r\n')).toMatchObject({ ok: true, value: { trailers: {} } });
  });

  it('keeps binary bytes intact, including CRLF inside the data', () => {
    const data = Buffer.from([0, 13, 10, 255, 13, 10]);
    const body = Buffer.concat([Buffer.from('6\r\n'), data, Buffer.from('\r\n0\r\n\r\n')]);
    const result = decodeAwsChunked(body);
    expect(result.ok && result.value.data.equals(data)).toBe(true);
  });

  it.each([
    ['no CRLF after the size', '5'],
    ['non-hex size', 'zz\r\nabc\r\n0\r\n\r\n'],
    ['data shorter than the size', '9\r\nabc\r\n0\r\n\r\n'],
    ['data longer than the size', '2\r\nabc\r\n0\r\n\r\n'],
    ['trailer without colon', '1\r\nx\r\n0\r\nbroken\r\n\r\n'],
    ['bytes after the trailer section', '1\r\nx\r\n0\r\n\r\ngarbage'],
    ['extension without value', '1;chunk-signature\r\nx\r\n0\r\n\r\n'],
  ])('rejects %s', (_label, body) => {
    expect(decodeText(body).ok).toBe(false);
  });
});
