// "Did you mean …?" for unknown keys: the closest known key by edit distance, offered only when it is close.

/** Optimal-string-alignment distance: Levenshtein plus adjacent transpositions ("regoin" → "region" is 1). */
export function measureEditDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2][j - 2] + 1);
      rows[i][j] = best;
    }
  }
  return rows[a.length][b.length];
}

/** camelCase, snake_case and case differences are not typos of intent: `maxAttempts` means `max-attempts`. */
function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, '');
}

/** The known key `unknown` most likely meant, or undefined when none is close enough to be a fair guess. */
export function suggestKey(unknown: string, knownKeys: readonly string[]): string | undefined {
  if (unknown.length > 64) return undefined;
  const sameWords = knownKeys.find((key) => normaliseKey(key) === normaliseKey(unknown));
  if (sameWords !== undefined) return sameWords;
  const maxDistance = Math.min(3, Math.max(1, Math.floor(unknown.length / 3)));
  let best: { key: string; distance: number } | undefined;
  for (const key of knownKeys) {
    const distance = measureEditDistance(unknown.toLowerCase(), key);
    if (distance <= maxDistance && (best === undefined || distance < best.distance)) best = { key, distance };
  }
  return best?.key;
}
