// HTTP Range header handling for GetObject/HeadObject, with S3's rules for invalid and unsatisfiable ranges.

/** One syntactically valid single byte range: `bytes=a-b`, `bytes=a-` or `bytes=-n`. */
export type ByteRange =
  | { kind: 'bounded'; first: number; last: number }
  | { kind: 'open'; first: number }
  | { kind: 'suffix'; lengthBytes: number };

/** What a range means for an object of a given size. */
export type RangeResolution =
  | { kind: 'whole' }
  | { kind: 'partial'; start: number; end: number }
  | { kind: 'unsatisfiable' };

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/;

/**
 * Parse a Range header. Returns null for anything S3 ignores (absent, malformed, multi-range,
 * first > last): S3 then answers 200 with the whole object.
 */
export function parseRangeHeader(header: string | undefined): ByteRange | null {
  if (header === undefined) return null;
  const match = SINGLE_RANGE.exec(header.trim());
  if (match === null) return null;
  const [, firstText, lastText] = match;
  if (firstText === '' && lastText === '') return null;
  if (firstText === '') return { kind: 'suffix', lengthBytes: toSafeNumber(lastText) };
  const first = toSafeNumber(firstText);
  if (lastText === '') return { kind: 'open', first };
  const last = toSafeNumber(lastText);
  if (first > last) return null;
  return { kind: 'bounded', first, last };
}

/** Resolve a parsed range against an object size: every range on a zero-byte object is unsatisfiable. */
export function resolveRange(range: ByteRange | null, sizeBytes: number): RangeResolution {
  if (range === null) return { kind: 'whole' };
  if (sizeBytes === 0) return { kind: 'unsatisfiable' };
  const lastIndex = sizeBytes - 1;
  switch (range.kind) {
    case 'suffix':
      if (range.lengthBytes === 0) return { kind: 'unsatisfiable' };
      return { kind: 'partial', start: Math.max(0, sizeBytes - range.lengthBytes), end: lastIndex };
    case 'open':
      if (range.first >= sizeBytes) return { kind: 'unsatisfiable' };
      return { kind: 'partial', start: range.first, end: lastIndex };
    case 'bounded':
      if (range.first >= sizeBytes) return { kind: 'unsatisfiable' };
      return { kind: 'partial', start: range.first, end: Math.min(range.last, lastIndex) };
  }
}

/** The Content-Range value of a 206 or a 416 answer; null for a whole-object answer. */
export function formatContentRange(resolution: RangeResolution, sizeBytes: number): string | null {
  if (resolution.kind === 'partial') return `bytes ${resolution.start}-${resolution.end}/${sizeBytes}`;
  if (resolution.kind === 'unsatisfiable') return `bytes */${sizeBytes}`;
  return null;
}

// Digit strings beyond 2^53 still compare correctly as "huge": clamp instead of losing the order.
function toSafeNumber(digits: string): number {
  const value = Number(digits);
  return Number.isSafeInteger(value) ? value : Number.MAX_SAFE_INTEGER;
}
