import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareUtf8, decodeContinuationToken, encodeContinuationToken, listPage, type ListPageInput } from './list-objects.js';

const KEYS = ['a/1', 'a/2', 'b', 'c/x/1', 'c/y', 'd'];

function listAll(input: Omit<ListPageInput, 'marker'>): { keys: string[]; commonPrefixes: string[]; pages: number } {
  const all = { keys: [] as string[], commonPrefixes: [] as string[], pages: 0 };
  let marker: string | null = null;
  do {
    const page = listPage({ ...input, marker });
    all.keys.push(...page.keys);
    all.commonPrefixes.push(...page.commonPrefixes);
    all.pages += 1;
    marker = page.nextMarker;
    if (all.pages > 1000) throw new Error('paging does not terminate');
  } while (marker !== null);
  return all;
}

describe('listPage', () => {
  it('rolls keys up into common prefixes that count towards max-keys', () => {
    const page = listPage({ sortedKeys: KEYS, prefix: '', delimiter: '/', maxKeys: 3, startAfter: '', marker: null });
    expect(page).toEqual({ keys: ['b'], commonPrefixes: ['a/', 'c/'], isTruncated: true, nextMarker: 'c/' });
    const next = listPage({ sortedKeys: KEYS, prefix: '', delimiter: '/', maxKeys: 3, startAfter: '', marker: 'c/' });
    expect(next).toEqual({ keys: ['d'], commonPrefixes: [], isTruncated: false, nextMarker: null });
  });

  it('applies prefix, delimiter after the prefix, and start-after', () => {
    const page = listPage({ sortedKeys: KEYS, prefix: 'c/', delimiter: '/', maxKeys: 10, startAfter: '', marker: null });
    expect(page).toMatchObject({ keys: ['c/y'], commonPrefixes: ['c/x/'] });
    expect(listPage({ sortedKeys: KEYS, prefix: '', delimiter: '', maxKeys: 10, startAfter: 'b', marker: null }).keys).toEqual([
      'c/x/1',
      'c/y',
      'd',
    ]);
  });

  it('returns nothing and is not truncated for max-keys 0', () => {
    expect(listPage({ sortedKeys: KEYS, prefix: '', delimiter: '', maxKeys: 0, startAfter: '', marker: null })).toEqual({
      keys: [],
      commonPrefixes: [],
      isTruncated: false,
      nextMarker: null,
    });
  });

  it('pages through every key exactly once, whatever the page size and delimiter', () => {
    const keyArbitrary = fc.array(fc.constantFrom('a', 'b', '/', 'é'), { minLength: 1, maxLength: 5 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.uniqueArray(keyArbitrary, { maxLength: 30 }), fc.integer({ min: 1, max: 5 }), fc.constantFrom('', '/'), (keys, maxKeys, delimiter) => {
        const sortedKeys = [...keys].sort(compareUtf8);
        const whole = listPage({ sortedKeys, prefix: '', delimiter, maxKeys: 10_000, startAfter: '', marker: null });
        const paged = listAll({ sortedKeys, prefix: '', delimiter, maxKeys, startAfter: '' });
        expect(paged.keys).toEqual(whole.keys);
        expect(paged.commonPrefixes).toEqual(whole.commonPrefixes);
      }),
    );
  });
});

describe('continuation tokens', () => {
  it('round-trips markers and rejects foreign tokens', () => {
    expect(decodeContinuationToken(encodeContinuationToken('a/é'))).toBe('a/é');
    expect(decodeContinuationToken('not-a-token')).toBeNull();
    expect(decodeContinuationToken(Buffer.from('v2:x').toString('base64'))).toBeNull();
  });
});
