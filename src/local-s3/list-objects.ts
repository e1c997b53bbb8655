// Pure ListObjectsV2 paging: prefix, delimiter roll-up, start-after, continuation markers.

export interface ListPageInput {
  /** All keys of the bucket in UTF-8 binary order. */
  sortedKeys: readonly string[];
  prefix: string;
  /** Empty string means no delimiter. */
  delimiter: string;
  maxKeys: number;
  /** Empty string means none. */
  startAfter: string;
  /** Last key or common prefix returned by the previous page (decoded continuation token), or null. */
  marker: string | null;
}

export interface ListPage {
  keys: string[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** What the next page's continuation token must carry; null when not truncated. */
  nextMarker: string | null;
}

export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** One page of results. Keys and common prefixes both count towards maxKeys, as in S3. */
export function listPage(input: ListPageInput): ListPage {
  const { sortedKeys, prefix, delimiter, maxKeys, startAfter, marker } = input;
  const page: ListPage = { keys: [], commonPrefixes: [], isTruncated: false, nextMarker: null };
  if (maxKeys <= 0) return page;
  let lastName: string | null = null;
  for (const key of sortedKeys) {
    if (!key.startsWith(prefix)) continue;
    if (startAfter !== '' && compareUtf8(key, startAfter) <= 0) continue;
    const commonPrefix = findCommonPrefix(key, prefix, delimiter);
    const name = commonPrefix ?? key;
    // A common prefix sorts at or before each key it rolls up, so this also skips keys of a prefix already returned.
    if (marker !== null && compareUtf8(name, marker) <= 0) continue;
    if (name === lastName) continue;
    if (page.keys.length + page.commonPrefixes.length === maxKeys) {
      page.isTruncated = true;
      page.nextMarker = lastName;
      break;
    }
    if (commonPrefix === null) page.keys.push(key);
    else page.commonPrefixes.push(commonPrefix);
    lastName = name;
  }
  return page;
}

function findCommonPrefix(key: string, prefix: string, delimiter: string): string | null {
  if (delimiter === '') return null;
  const index = key.indexOf(delimiter, prefix.length);
  return index < 0 ? null : key.slice(0, index + delimiter.length);
}

const TOKEN_VERSION = 'v1:';

/** Opaque to clients, like S3's: base64 of a versioned marker. */
export function encodeContinuationToken(marker: string): string {
  return Buffer.from(TOKEN_VERSION + marker, 'utf8').toString('base64');
}

/** The marker inside a token, or null when the token was not issued by this endpoint. */
export function decodeContinuationToken(token: string): string | null {
  const text = Buffer.from(token, 'base64').toString('utf8');
  if (!text.startsWith(TOKEN_VERSION)) return null;
  const marker = text.slice(TOKEN_VERSION.length);
  return encodeContinuationToken(marker) === token ? marker : null;
}
