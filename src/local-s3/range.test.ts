import { describe, expect, it } from 'vitest';
import { formatContentRange, parseRangeHeader, resolveRange } from './range.js';

function resolveHeader(header: string | undefined, sizeBytes: number) {
  return resolveRange(parseRangeHeader(header), sizeBytes);
}

describe('parseRangeHeader', () => {
  it('parses the three single-range forms', () => {
    expect(parseRangeHeader('bytes=0-0')).toEqual({ kind: 'bounded', first: 0, last: 0 });
    expect(parseRangeHeader('bytes=5-')).toEqual({ kind: 'open', first: 5 });
    expect(parseRangeHeader('bytes=-3')).toEqual({ kind: 'suffix', lengthBytes: 3 });
  });

  it.each(['bytes=abc', 'bytes=0-1,3-4', 'bytes=-', 'items=0-1', 'bytes=5-2', 'bytes 0-1', '', 'bytes=0x1-2'])(
    'ignores %j (S3 answers the whole object)',
    (header) => {
      expect(parseRangeHeader(header)).toBeNull();
    },
  );

  it('returns null when there is no header', () => {
    expect(parseRangeHeader(undefined)).toBeNull();
  });
});

describe('resolveRange', () => {
  it('clamps the end to size-1', () => {
    expect(resolveHeader('bytes=2-100', 5)).toEqual({ kind: 'partial', start: 2, end: 4 });
  });

  it('serves suffix ranges longer than the object as the whole object, still as a range', () => {
    expect(resolveHeader('bytes=-100', 5)).toEqual({ kind: 'partial', start: 0, end: 4 });
    expect(resolveHeader('bytes=-2', 5)).toEqual({ kind: 'partial', start: 3, end: 4 });
  });

  it('is unsatisfiable when the start is at or beyond the size', () => {
    expect(resolveHeader('bytes=5-9', 5)).toEqual({ kind: 'unsatisfiable' });
    expect(resolveHeader('bytes=5-', 5)).toEqual({ kind: 'unsatisfiable' });
    expect(resolveHeader('bytes=-0', 5)).toEqual({ kind: 'unsatisfiable' });
  });

  it.each(['bytes=0-0', 'bytes=-1', 'bytes=0-', 'bytes=-0'])('is unsatisfiable for %s on a zero-byte object', (header) => {
    expect(resolveHeader(header, 0)).toEqual({ kind: 'unsatisfiable' });
  });

  it('returns the whole object for an ignored header, even on a zero-byte object', () => {
    expect(resolveHeader('bytes=1-0', 0)).toEqual({ kind: 'whole' });
  });

  it('keeps huge numbers ordered', () => {
    expect(resolveHeader('bytes=99999999999999999999-', 5)).toEqual({ kind: 'unsatisfiable' });
  });
});

describe('formatContentRange', () => {
  it('formats partial and unsatisfiable ranges as S3 does', () => {
    expect(formatContentRange({ kind: 'partial', start: 0, end: 0 }, 7)).toBe('bytes 0-0/7');
    expect(formatContentRange({ kind: 'unsatisfiable' }, 0)).toBe('bytes */0');
    expect(formatContentRange({ kind: 'whole' }, 7)).toBeNull();
  });
});
