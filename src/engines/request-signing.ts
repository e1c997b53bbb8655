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
  /** Extra headers, signed (raw) or sent unsigned (presigned), e.g. `range`. */
  headers: Record<string, string>;
  signedAtMs: number;
}

/** The request as the signer sees it: method, address and the headers to sign; no query. */
function requestToSign(input: SignInput, headers: Record<string, string>) {
  const { address } = input;
  return { method: input.httpMethod, protocol: address.protocol, hostname: address.hostname, port: address.port, path: address.path, query: {}, headers };
}

/** Signs the request in the header form (`Authorization`, `x-amz-date`, `x-amz-content-sha256`, `x-amz-security-token`). */
export async function signRequest(input: SignInput, payloadHash: PayloadHashMode): Promise<SignedRequest> {
  const { address } = input;
  const signed = await input.identity.signer.sign(
    requestToSign(input, withHeaders(input.headers, address.host, payloadHash === 'empty' ? EMPTY_PAYLOAD_SHA256 : UNSIGNED_PAYLOAD)),
    { signingDate: new Date(input.signedAtMs), signingRegion: input.identity.region, signingService: 's3' },
  );
  return { path: address.path, headers: signed.headers, signedAtMs: input.signedAtMs, amzDate: signed.headers['x-amz-date'] };
}

/**
 * Presigns a URL for the request, signing only `host` (payload UNSIGNED-PAYLOAD, as every presigned S3 URL), and returns
 * what a plain HTTP client sends for it: the URL's path and query, the Host header and `input.headers` unsigned.
 */
export async function presignRequest(input: SignInput, expiresInSeconds: number): Promise<SignedRequest> {
  const { address } = input;
  const presigned = await input.identity.signer.presign(
    requestToSign(input, { host: address.host, 'x-amz-content-sha256': UNSIGNED_PAYLOAD }),
    {
      signingDate: new Date(input.signedAtMs),
      signingRegion: input.identity.region,
      signingService: 's3',
      expiresIn: expiresInSeconds,
      // The payload-hash header only tells the signer what to sign; it is neither signed nor sent nor put in the URL.
      unsignableHeaders: new Set(['x-amz-content-sha256']),
      unhoistableHeaders: new Set(['x-amz-content-sha256']),
    },
  );
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

function escapeQuery(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
