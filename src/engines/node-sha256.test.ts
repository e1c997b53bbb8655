import { describe, expect, it } from 'vitest';
import { Sha256 } from '@aws-crypto/sha256-js';
import { NodeSha256 } from './node-sha256.js';

async function digestHex(hash: { update(data: Uint8Array): void; digest(): Promise<Uint8Array> }, ...chunks: string[]): Promise<string> {
  for (const chunk of chunks) hash.update(new TextEncoder().encode(chunk));
  return Buffer.from(await hash.digest()).toString('hex');
}

describe('NodeSha256', () => {
  it('hashes as @aws-crypto/sha256-js does', async () => {
    expect(await digestHex(new NodeSha256())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(await digestHex(new NodeSha256(), 'GET\n/', 'bucket/key')).toBe(await digestHex(new Sha256(), 'GET\n/', 'bucket/key'));
  });

  it('computes HMACs keyed by a string, bytes or an ArrayBuffer as @aws-crypto/sha256-js does', async () => {
    const key = new Uint8Array([1, 2, 3, 250, 251, 252]);
    expect(await digestHex(new NodeSha256('AWS4secret'), '20261204')).toBe(await digestHex(new Sha256('AWS4secret'), '20261204'));
    expect(await digestHex(new NodeSha256(key), 'aws4_request')).toBe(await digestHex(new Sha256(key), 'aws4_request'));
    expect(await digestHex(new NodeSha256(key.buffer), 'x')).toBe(await digestHex(new Sha256(key), 'x'));
    expect(await digestHex(new NodeSha256(key.subarray(3)), 'x')).toBe(await digestHex(new Sha256(key.subarray(3)), 'x'));
  });

  it('memoises string-keyed HMACs without mixing up key and message boundaries', async () => {
    const first = await digestHex(new NodeSha256('ab'), 'c');
    expect(await digestHex(new NodeSha256('ab'), 'c')).toBe(first);
    expect(first).toBe(await digestHex(new Sha256('ab'), 'c'));
    expect(await digestHex(new NodeSha256('a'), 'bc')).toBe(await digestHex(new Sha256('a'), 'bc'));
    expect(await digestHex(new NodeSha256('a'), 'bc')).not.toBe(first);
  });

  it('starts over after reset', async () => {
    const hash = new NodeSha256('k');
    hash.update(new Uint8Array([1]));
    hash.reset();
    expect(await digestHex(hash, 'x')).toBe(await digestHex(new NodeSha256('k'), 'x'));
  });
});
