import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { objectBody } from '../s3/upload.js';
import { expectedEtag, requireIfMatch } from './head-if-match.js';
import { listingNamesKey } from './list-prefix.js';

describe('expectedEtag', () => {
  it.each([0, 1, 7, 8, 9, 4096, 65_535, 65_536, 65_537, 200_003])('is the quoted MD5 of the body uploaded for %i bytes', (sizeBytes) => {
    expect(expectedEtag(sizeBytes)).toBe(`"${createHash('md5').update(objectBody(sizeBytes)).digest('hex')}"`);
  });

  it('a head-if-match order without an ETag is a harness error', () => {
    expect(() => requireIfMatch(undefined)).toThrow(/carries no ifMatch/);
    expect(requireIfMatch('"abc"')).toBe('"abc"');
  });
});

describe('listingNamesKey', () => {
  const listing = (...keys: string[]) =>
    `<ListBucketResult><Name>b</Name><Prefix>p</Prefix>${keys.map((key) => `<Contents><Key>${key}</Key><Size>1</Size></Contents>`).join('')}</ListBucketResult>`;

  it('true only when a Contents/Key is the key itself', () => {
    expect(listingNamesKey(listing('run/obj-1'), 'run/obj-1')).toBe(true);
    expect(listingNamesKey(listing('run/obj-10'), 'run/obj-1')).toBe(false);
    expect(listingNamesKey(listing(), 'run/obj-1')).toBe(false);
    expect(listingNamesKey('<ListBucketResult><Prefix>run/obj-1</Prefix></ListBucketResult>', 'run/obj-1')).toBe(false);
  });

  it('decodes XML entities and encoding-type=url keys', () => {
    expect(listingNamesKey(listing('a&amp;b &lt;c&gt; &#233;'), 'a&b <c> é')).toBe(true);
    expect(listingNamesKey(`${listing('odd+key%21')}<EncodingType>url</EncodingType>`, 'odd key!')).toBe(true);
  });
});
