// SHA-256 and HMAC-SHA256 on node:crypto behind the signer's ChecksumConstructor interface (much faster than @aws-crypto/sha256-js).
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import type { Checksum, SourceData } from '@smithy/types';

/**
 * HMACs keyed by a string are memoised (a handful of entries): SignatureV4 computes HMAC(secret, accessKeyId) on every
 * request only to name its signing-key cache entry, and string keys are immutable, so the memo cannot go stale.
 */
const STRING_KEY_MEMO = new Map<string, Buffer>();
const STRING_KEY_MEMO_ENTRIES = 16;

/** `new NodeSha256()` hashes; `new NodeSha256(secret)` computes an HMAC keyed by `secret`, as SignatureV4 expects. */
export class NodeSha256 implements Checksum {
  private readonly secret: Uint8Array | string | undefined;
  private hash: Hash | Hmac | null = null;
  /** What a string-keyed HMAC was fed, kept to look the result up in the memo. */
  private message: Buffer[] | null = null;

  constructor(secret?: SourceData) {
    this.secret = secret === undefined ? undefined : toKey(secret);
    this.reset();
  }

  update(data: Uint8Array): void {
    if (this.message !== null) this.message.push(Buffer.from(data));
    else this.hash?.update(data);
  }

  digest(): Promise<Uint8Array> {
    if (this.message === null) return Promise.resolve((this.hash as Hash | Hmac).digest());
    const key = this.secret as string;
    const message = Buffer.concat(this.message);
    const memoKey = `${key.length}:${key}${message.toString('latin1')}`;
    let result = STRING_KEY_MEMO.get(memoKey);
    if (result === undefined) {
      result = createHmac('sha256', key).update(message).digest();
      if (STRING_KEY_MEMO.size >= STRING_KEY_MEMO_ENTRIES) STRING_KEY_MEMO.delete(STRING_KEY_MEMO.keys().next().value as string);
      STRING_KEY_MEMO.set(memoKey, result);
    }
    return Promise.resolve(Buffer.from(result));
  }

  reset(): void {
    if (typeof this.secret === 'string') {
      this.message = [];
      this.hash = null;
    } else {
      this.message = null;
      this.hash = this.start();
    }
  }

  private start(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', this.secret as Uint8Array);
  }
}

function toKey(secret: SourceData): Uint8Array | string {
  if (typeof secret === 'string') return secret;
  if (ArrayBuffer.isView(secret)) return new Uint8Array(secret.buffer, secret.byteOffset, secret.byteLength);
  return new Uint8Array(secret);
}
