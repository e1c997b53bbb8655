// Re-derives the SigV4 signature a client should have sent, using @smithy/signature-v4 (never by hand).
import { timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { PRESIGN_QUERY_PARAMS, type HeaderAuth, type PresignedAuth } from './auth-parse.js';
import type { LocalS3Identity } from './identities.js';
import type { S3Request } from './s3-request.js';

type SignableRequest = Parameters<SignatureV4['presign']>[0];

const PAYLOAD_HASH_HEADER = 'x-amz-content-sha256';
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/** The signature expected, and what S3 echoes in a SignatureDoesNotMatch body: the string to sign and the canonical request. */
export interface DerivedSignature {
  signature: string;
  stringToSign: string;
  canonicalRequest: string;
}

export interface SigningContext {
  request: Pick<S3Request, 'method' | 'rawPath' | 'query' | 'headers'>;
  identity: LocalS3Identity;
  region: string;
}

/** The signature of an `Authorization: AWS4-HMAC-SHA256 …` request, from its signed headers and its own date. */
export async function deriveHeaderSignature(context: SigningContext, auth: HeaderAuth): Promise<DerivedSignature> {
  const { headers, unsignable } = collectSignedHeaders(context.request, auth.signedHeaders, context.request.headers[PAYLOAD_HASH_HEADER]);
  const signer = createSigner(context);
  const signed = await signer.sign(toSignableRequest(context.request, headers, context.request.query), {
    signingDate: new Date(auth.signedAtMs),
    signableHeaders: new Set(auth.signedHeaders),
    unsignableHeaders: unsignable,
    signingRegion: context.region,
    signingService: 's3',
  });
  return { signature: /Signature=([^,\s]*)/.exec(signed.headers.authorization ?? '')?.[1] ?? '', ...signer.seen };
}

/** The `X-Amz-Signature` a presigned URL should carry; the payload is UNSIGNED-PAYLOAD as for every presigned S3 URL. */
export async function derivePresignedSignature(context: SigningContext, auth: PresignedAuth): Promise<DerivedSignature> {
  const query = { ...context.request.query };
  for (const name of PRESIGN_QUERY_PARAMS) delete query[name];
  const payloadHash = auth.signedHeaders.includes(PAYLOAD_HASH_HEADER) ? undefined : UNSIGNED_PAYLOAD;
  const { headers, unsignable } = collectSignedHeaders(context.request, auth.signedHeaders, payloadHash);
  const signer = createSigner(context);
  const presigned = await signer.presign(toSignableRequest(context.request, headers, query), {
    signingDate: new Date(auth.signedAtMs),
    expiresIn: auth.expiresSeconds,
    signableHeaders: new Set(auth.signedHeaders),
    unsignableHeaders: unsignable,
    // Signed x-amz-* headers stay headers: hoisting them into the query would change what was signed.
    unhoistableHeaders: new Set([...auth.signedHeaders, PAYLOAD_HASH_HEADER]),
    signingRegion: context.region,
    signingService: 's3',
  });
  const signature = presigned.query?.['X-Amz-Signature'];
  return { signature: typeof signature === 'string' ? signature : '', ...signer.seen };
}

/** Constant-time comparison of two hex signatures. */
export function signaturesMatch(expected: string, provided: string): boolean {
  const expectedBytes = Buffer.from(expected, 'utf8');
  const providedBytes = Buffer.from(provided, 'utf8');
  return expectedBytes.length === providedBytes.length && timingSafeEqual(expectedBytes, providedBytes);
}

/** The library's signer, keeping the canonical request and string to sign it built (it exposes them only to subclasses). */
class WitnessedSignatureV4 extends SignatureV4 {
  readonly seen = { canonicalRequest: '', stringToSign: '' };

  protected override createCanonicalRequest(...args: Parameters<SignatureV4['createCanonicalRequest']>): string {
    this.seen.canonicalRequest = super.createCanonicalRequest(...args);
    return this.seen.canonicalRequest;
  }

  protected override async createStringToSign(...args: Parameters<SignatureV4['createStringToSign']>): Promise<string> {
    this.seen.stringToSign = await super.createStringToSign(...args);
    return this.seen.stringToSign;
  }
}

function createSigner({ identity, region }: SigningContext): WitnessedSignatureV4 {
  return new WitnessedSignatureV4({
    credentials: { accessKeyId: identity.accessKeyId, secretAccessKey: identity.secretAccessKey, sessionToken: identity.sessionToken },
    region,
    service: 's3',
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
}

// Only the signed headers take part; the payload hash header is always present (unsigned if the client did not sign it)
// because the signer reads the payload hash from it.
function collectSignedHeaders(
  request: SigningContext['request'],
  signedHeaders: string[],
  payloadHash: string | undefined,
): { headers: Record<string, string>; unsignable: Set<string> } {
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = request.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  const unsignable = new Set<string>();
  if (payloadHash !== undefined && !signedHeaders.includes(PAYLOAD_HASH_HEADER)) {
    headers[PAYLOAD_HASH_HEADER] = payloadHash;
    unsignable.add(PAYLOAD_HASH_HEADER);
  }
  return { headers, unsignable };
}

function toSignableRequest(
  request: SigningContext['request'],
  headers: Record<string, string>,
  query: SignableRequest['query'],
): SignableRequest {
  // hostname and protocol are not part of the signature (the signed `host` header is); path is used verbatim.
  return {
    method: request.method,
    protocol: 'http:',
    hostname: request.headers.host ?? '',
    path: request.rawPath,
    query,
    headers,
  };
}
