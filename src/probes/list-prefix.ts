// list-prefix probe: ListObjectsV2 with `prefix` = the key; answers 200 whether or not the key exists, so the fact is whether the listing names it.
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { ProbeMethod } from './probe-method.js';

/**
 * One key is enough: listings are in UTF-8 binary order and the probed key is a prefix of every other key the listing
 * can name, so when the key is listed it comes first.
 */
export const LIST_PREFIX_MAX_KEYS = 1;

export const listPrefix: ProbeMethod = {
  method: 'list-prefix',
  async send({ s3, bucket, key, capture }) {
    const command = new ListObjectsV2Command({ Bucket: bucket, Prefix: key, MaxKeys: LIST_PREFIX_MAX_KEYS });
    command.middlewareStack.use(capture);
    const output = await s3.send(command);
    return { bytes: null, keyListed: (output.Contents ?? []).some((entry) => entry.Key === key) };
  },
};

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Whether a ListObjectsV2 XML answer names `key` in a `<Contents><Key>`. Pure; for the HTTP engines, which get the raw body. */
export function listingNamesKey(xml: string, key: string): boolean {
  const encoded = /<EncodingType>url<\/EncodingType>/.test(xml);
  for (const match of xml.matchAll(/<Contents>[\s\S]*?<Key>([^<]*)<\/Key>/g)) {
    const text = decodeXmlText(match[1]);
    if ((encoded ? decodeURIComponent(text.replace(/\+/g, ' ')) : text) === key) return true;
  }
  return false;
}

function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_all, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return XML_ENTITIES[entity];
  });
}
