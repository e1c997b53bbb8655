// SigV4 for the HTTP engines, done by @smithy/signature-v4: an Authorization header (raw) or a presigned URL (presigned).
import type { SigningIdentity } from './credential-cache.js';
import type { ObjectAddress } from './addressing.js';

/** SHA-256 of the empty body, what the AWS SDK sends in `x-amz-content-sha256` for HEAD and GET. */
export const EMPTY_PAYLOAD_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/** `empty`: the empty-body hash (as the SDK sends); `unsigned`: `UNSIGNED-PAYLOAD`. */
export type PayloadHashMode = 'empty' | 'unsigned';

/** A request ready for the wire. */
export interface SignedRequest {
  /** Path, plus the query for a presigned URL. */
  path: string;
  /** Every header to send, `host` and the signature's included. */
  headers: Record<string, string>;
  signedAtMs: number;
  amzDate: string;
}

export interface SignInput {
  identity: SigningIdentity;
  address: ObjectAddress;
  httpMethod: 'HEAD' | 'GET';
  /**
   * Extra headers, all signed (raw); for presigned, `x-amz-*` ones are signed and the others (`range`, `if-match`) sent
   * unsigned: S3 refuses a presigned request carrying an unsigned `x-amz-*` header (403, "There were headers present in
   * the request which were not signed").
   */
  headers: Record<string, string>;
  /** Query parameters (decoded), e.g. `{ attributes: '' }` or `{ 'list-type': '2', prefix: … }`; signed in both forms. */
  query?: Record<string, string>;
  signedAtMs: number;
}

/** The request as the signer sees it: method, address, query and the headers to sign. */
function requestToSign(input: SignInput, headers: Record<string, string>) {
  const { address } = input;
  return { method: input.httpMethod, protocol: address.protocol, hostname: address.hostname, port: address.port, path: address.path, query: { ...input.query }, headers };
}

/** Signs the request in the header form (`Authorization`, `x-amz-date`, `x-amz-content-sha256`, `x-amz-security-token`). */
export async function signRequest(input: SignInput, payloadHash: PayloadHashMode): Promise<SignedRequest> {
  const { address } = input;
  const signed = await input.identity.signer.sign(
    requestToSign(input, withHeaders(input.headers, address.host, payloadHash === 'empty' ? EMPTY_PAYLOAD_SHA256 : UNSIGNED_PAYLOAD)),
    { signingDate: new Date(input.signedAtMs), signingRegion: input.identity.region, signingService: 's3' },
  );
  return { path: address.path + renderQuery(input.query ?? {}), headers: signed.headers, signedAtMs: input.signedAtMs, amzDate: signed.headers['x-amz-date'] };
}

/**
 * Presigns a URL for the request, signing `host` and any `x-amz-*` header of `input.headers` (payload UNSIGNED-PAYLOAD, as
 * every presigned S3 URL), and returns what a plain HTTP client sends for it: the URL's path and query, the Host header
 * and `input.headers`. Signed `x-amz-*` headers stay headers (`X-Amz-SignedHeaders=host;x-amz-object-attributes`):
 * the SDK's presigner would hoist them into the query instead, which S3 is not documented to read for every header.
 */
export async function presignRequest(input: SignInput, expiresInSeconds: number): Promise<SignedRequest> {
  const { address } = input;
  const toSign: Record<string, string> = { host: address.host, 'x-amz-content-sha256': UNSIGNED_PAYLOAD };
  for (const name in input.headers) if (name.startsWith('x-amz-')) toSign[name] = input.headers[name];
  const presigned = await input.identity.signer.presign(requestToSign(input, toSign), {
    signingDate: new Date(input.signedAtMs),
    signingRegion: input.identity.region,
    signingService: 's3',
    expiresIn: expiresInSeconds,
    // The payload-hash header only tells the signer what to sign; it is neither signed nor sent nor put in the URL.
    unsignableHeaders: new Set(['x-amz-content-sha256']),
    unhoistableHeaders: new Set(Object.keys(toSign)),
  });
  const query = presigned.query ?? {};
  const search = Object.keys(query)
    .map((name) => `${escapeQuery(name)}=${escapeQuery(String(query[name]))}`)
    .join('&');
  return {
    path: `${address.path}?${search}`,
    headers: { ...input.headers, host: address.host },
    signedAtMs: input.signedAtMs,
    amzDate: String(query['X-Amz-Date']),
  };
}

function withHeaders(extra: Record<string, string>, host: string, payloadHash: string): Record<string, string> {
  const headers: Record<string, string> = { host, 'x-amz-content-sha256': payloadHash };
  for (const name in extra) headers[name] = extra[name];
  return headers;
}

/** `?a=1&b` as the SDK writes a query (a parameter with an empty value, such as `attributes`, without `=`); '' for none. */
function renderQuery(query: Record<string, string>): string {
  const names = Object.keys(query);
  if (names.length === 0) return '';
  return `?${names.map((name) => (query[name] === '' ? escapeQuery(name) : `${escapeQuery(name)}=${escapeQuery(query[name])}`)).join('&')}`;
}

function escapeQuery(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
