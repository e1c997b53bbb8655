import { describe, expect, it } from 'vitest';
import { addressBucket, addressObject, parseEndpoint } from './addressing.js';
import { CredentialCache } from './credential-cache.js';
import { presignRequest, signRequest, type SignInput } from './request-signing.js';

const endpoint = parseEndpoint('http://127.0.0.1:9000', 'us-east-1');
const cache = new CredentialCache({ credentials: { accessKeyId: 'S3PROBETESTKEY000001', secretAccessKey: 'not-a-real-secret' }, region: 'us-east-1', now: () => 0 });

async function input(extra: Partial<SignInput>): Promise<SignInput> {
  const identity = await cache.resolve();
  return { identity, address: addressObject(endpoint, 'b', 'k', true), httpMethod: 'GET', headers: {}, signedAtMs: 1_700_000_000_000, ...extra };
}

describe('signRequest', () => {
  it('sends the signed query after the path, an empty value without "=" as the SDK does', async () => {
    const signed = await signRequest(await input({ query: { attributes: '' }, headers: { 'x-amz-object-attributes': 'ETag,ObjectSize' } }), 'empty');
    expect(signed.path).toBe('/b/k?attributes');
    expect(signed.headers.authorization).toMatch(/SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-object-attributes,/);
  });

  it('addresses a listing at the bucket, query escaped', async () => {
    const address = addressBucket(endpoint, 'b', true);
    const signed = await signRequest(await input({ address, query: { 'list-type': '2', 'max-keys': '1', prefix: 'p/a b' } }), 'empty');
    expect(signed.path).toBe('/b?list-type=2&max-keys=1&prefix=p%2Fa%20b');
  });
});

describe('presignRequest', () => {
  it('signs an x-amz-* header and keeps it a header (not hoisted into the query); other headers stay unsigned', async () => {
    const signed = await presignRequest(await input({ query: { attributes: '' }, headers: { 'x-amz-object-attributes': 'ETag,ObjectSize', 'if-match': '"x"' } }), 60);
    expect(signed.path).toMatch(/^\/b\/k\?/);
    expect(signed.path).toContain('X-Amz-SignedHeaders=host%3Bx-amz-object-attributes&');
    expect(signed.path).toContain('attributes=');
    expect(signed.path).not.toContain('x-amz-object-attributes=');
    expect(signed.headers).toMatchObject({ 'x-amz-object-attributes': 'ETag,ObjectSize', 'if-match': '"x"', host: '127.0.0.1:9000' });
  });
});
