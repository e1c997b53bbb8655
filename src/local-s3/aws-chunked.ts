// Decoder for `Content-Encoding: aws-chunked` bodies (signed or unsigned chunks, optional trailers).

/** The decoded payload, the trailer fields (lower-cased names) and each chunk's signature, if any. */
export interface DecodedChunks {
  data: Buffer;
  trailers: Record<string, string>;
  chunkSignatures: string[];
}

export type ChunkDecodeResult = { ok: true; value: DecodedChunks } | { ok: false; reason: string };

const CRLF = Buffer.from('\r\n');
const CHUNK_SIZE = /^[0-9a-fA-F]{1,16}$/;

/**
 * Decode `hex-size[;chunk-signature=sig]\r\n data \r\n … 0[;…]\r\n [name:value\r\n …] \r\n`.
 * Trailer lines may end in a bare \n (some signers do that for signed trailers).
 */
export function decodeAwsChunked(body: Buffer): ChunkDecodeResult {
  const pieces: Buffer[] = [];
  const chunkSignatures: string[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf(CRLF, offset);
    if (lineEnd < 0) return { ok: false, reason: `chunk header at byte ${offset} has no CRLF` };
    const header = parseChunkHeader(body.subarray(offset, lineEnd).toString('latin1'));
    if (header === null) return { ok: false, reason: `chunk header at byte ${offset} is malformed` };
    if (header.signature !== null) chunkSignatures.push(header.signature);
    offset = lineEnd + CRLF.length;
    if (header.sizeBytes === 0) break;
    const dataEnd = offset + header.sizeBytes;
    if (dataEnd + CRLF.length > body.length) return { ok: false, reason: `chunk at byte ${offset} is truncated` };
    if (!body.subarray(dataEnd, dataEnd + CRLF.length).equals(CRLF)) {
      return { ok: false, reason: `chunk data at byte ${offset} is not followed by CRLF` };
    }
    pieces.push(body.subarray(offset, dataEnd));
    offset = dataEnd + CRLF.length;
  }
  const trailers = parseTrailers(body.subarray(offset).toString('latin1'));
  if (trailers === null) return { ok: false, reason: `trailer section at byte ${offset} is malformed` };
  return { ok: true, value: { data: Buffer.concat(pieces), trailers, chunkSignatures } };
}

function parseChunkHeader(line: string): { sizeBytes: number; signature: string | null } | null {
  const [sizeText, ...extensions] = line.split(';');
  if (!CHUNK_SIZE.test(sizeText)) return null;
  let signature: string | null = null;
  for (const extension of extensions) {
    const separator = extension.indexOf('=');
    if (separator < 0) return null;
    if (extension.slice(0, separator).trim() === 'chunk-signature') signature = extension.slice(separator + 1).trim();
  }
  const sizeBytes = Number.parseInt(sizeText, 16);
  return Number.isSafeInteger(sizeBytes) ? { sizeBytes, signature } : null;
}

// After the last chunk: zero or more `name:value` lines, then an empty line (or the end of the body).
function parseTrailers(text: string): Record<string, string> | null {
  const trailers: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index];
    if (line === '') {
      const rest = lines.slice(index + 1).join('');
      return rest === '' ? trailers : null;
    }
    const separator = line.indexOf(':');
    if (separator <= 0) return null;
    trailers[line.slice(0, separator).trim().toLowerCase()] = line.slice(separator + 1).trim();
  }
  return trailers;
}
