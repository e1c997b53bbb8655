// Authenticates a request: SigV4 form, credential scope, identity, session token, clock skew or expiry, signature.
import { parseAuthorization, type HeaderAuth, type PresignedAuth } from './auth-parse.js';
import { maskAccessKeyId, type LocalS3Identity } from './identities.js';
import { accessDenied } from './s3-errors.js';
import type { S3Request } from './s3-request.js';
import { buildErrorResponse, type S3ErrorSpec, type S3Response } from './s3-response.js';
import { deriveHeaderSignature, derivePresignedSignature, signaturesMatch, type DerivedSignature } from './sigv4-verify.js';

export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

export interface AuthContext {
  identitiesByAccessKey: ReadonlyMap<string, LocalS3Identity>;
  region: string;
  nowMs: number;
}

export type AuthOutcome =
  | { ok: true; identity: LocalS3Identity; accessKeyId: string; kind: 'header' | 'presigned' }
  | { ok: false; response: S3Response; accessKeyId: string | null };

export async function authenticate(request: S3Request, context: AuthContext): Promise<AuthOutcome> {
  const auth = parseAuthorization(request.headers, request.query);
  if (auth.kind === 'anonymous') return { ok: false, response: accessDenied(request), accessKeyId: null };
  if (auth.kind === 'invalid') return { ok: false, response: buildErrorResponse(request, auth.error), accessKeyId: null };
  const claimedKey = auth.credential.accessKeyId;
  const identity = context.identitiesByAccessKey.get(claimedKey);
  const loggedKey = identity === undefined ? maskAccessKeyId(claimedKey) : claimedKey;
  const refuse = (spec: S3ErrorSpec): AuthOutcome => ({ ok: false, response: buildErrorResponse(request, spec), accessKeyId: loggedKey });

  const scopeError = checkScope(auth, context.region);
  if (scopeError !== null) return refuse(scopeError);
  if (identity === undefined) return refuse(invalidAccessKeyId(claimedKey));
  const tokenError = checkSessionToken(identity, auth.securityToken);
  if (tokenError !== null) return refuse(tokenError);
  const timeError = auth.kind === 'header' ? checkSkew(auth, context.nowMs) : checkExpiry(auth, context.nowMs);
  if (timeError !== null) return refuse(timeError);
  if (auth.kind === 'header' && request.headers['x-amz-content-sha256'] === undefined) {
    return refuse({ status: 400, code: 'InvalidRequest', message: 'Missing required header for this request: x-amz-content-sha256' });
  }

  const signingContext = { request, identity, region: context.region };
  const expected = auth.kind === 'header'
    ? await deriveHeaderSignature(signingContext, auth)
    : await derivePresignedSignature(signingContext, auth);
  if (!signaturesMatch(expected.signature, auth.signature)) return refuse(signatureDoesNotMatch(claimedKey, auth.signature, expected));
  return { ok: true, identity, accessKeyId: claimedKey, kind: auth.kind };
}

function checkScope(auth: HeaderAuth | PresignedAuth, region: string): S3ErrorSpec | null {
  const { service, region: scopeRegion } = auth.credential;
  const detail = service !== 's3'
    ? `the service '${service}' is wrong; expecting 's3'`
    : scopeRegion !== region ? `the region '${scopeRegion}' is wrong; expecting '${region}'` : null;
  if (detail === null) return null;
  return auth.kind === 'header'
    ? { status: 400, code: 'AuthorizationHeaderMalformed', message: `The authorization header is malformed; ${detail}`, fields: [['Region', region]] }
    : { status: 400, code: 'AuthorizationQueryParametersError', message: `Error parsing the X-Amz-Credential parameter; ${detail}`, fields: [['Region', region]] };
}

// Temporary credentials without their token look unknown to S3; a wrong or unexpected token is InvalidToken (400).
function checkSessionToken(identity: LocalS3Identity, token: string | null): S3ErrorSpec | null {
  if (identity.sessionToken === undefined && token === null) return null;
  if (identity.sessionToken !== undefined && token === null) return invalidAccessKeyId(identity.accessKeyId);
  if (token === identity.sessionToken) return null;
  // S3 echoes the token it refused as `Token-0` (as in ExpiredToken).
  return { status: 400, code: 'InvalidToken', message: 'The provided token is malformed or otherwise invalid.', fields: token === null ? [] : [['Token-0', token]] };
}

function checkSkew(auth: HeaderAuth, nowMs: number): S3ErrorSpec | null {
  if (Math.abs(auth.signedAtMs - nowMs) <= MAX_CLOCK_SKEW_MS) return null;
  return {
    status: 403,
    code: 'RequestTimeTooSkewed',
    message: 'The difference between the request time and the current time is too large.',
    fields: [['RequestTime', auth.amzDate], ['ServerTime', formatIsoSeconds(nowMs)], ['MaxAllowedSkewMilliseconds', MAX_CLOCK_SKEW_MS]],
  };
}

function checkExpiry(auth: PresignedAuth, nowMs: number): S3ErrorSpec | null {
  const expiresAtMs = auth.signedAtMs + auth.expiresSeconds * 1000;
  if (nowMs > expiresAtMs) {
    return {
      status: 403,
      code: 'AccessDenied',
      message: 'Request has expired',
      fields: [['X-Amz-Expires', auth.expiresSeconds], ['Expires', formatIsoSeconds(expiresAtMs)], ['ServerTime', formatIsoSeconds(nowMs)]],
    };
  }
  if (auth.signedAtMs - nowMs > MAX_CLOCK_SKEW_MS) return { status: 403, code: 'AccessDenied', message: 'Request is not yet valid' };
  return null;
}

function invalidAccessKeyId(accessKeyId: string): S3ErrorSpec {
  return {
    status: 403,
    code: 'InvalidAccessKeyId',
    message: 'The AWS Access Key Id you provided does not exist in our records.',
    fields: [['AWSAccessKeyId', accessKeyId]],
  };
}

/** S3's elements, in S3's order: what it computed (string to sign, canonical request; each also as hex bytes) beside what it got. */
function signatureDoesNotMatch(accessKeyId: string, provided: string, expected: DerivedSignature): S3ErrorSpec {
  return {
    status: 403,
    code: 'SignatureDoesNotMatch',
    message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    fields: [
      ['AWSAccessKeyId', accessKeyId],
      ['StringToSign', expected.stringToSign],
      ['SignatureProvided', provided],
      ['StringToSignBytes', hexBytes(expected.stringToSign)],
      ['CanonicalRequest', expected.canonicalRequest],
      ['CanonicalRequestBytes', hexBytes(expected.canonicalRequest)],
    ],
  };
}

/** `41 57 53 34 …`: each UTF-8 byte as two hex digits, as S3 writes StringToSignBytes and CanonicalRequestBytes. */
function hexBytes(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
}

/** `2013-05-24T00:00:00Z`: the form S3 uses for ServerTime and Expires. */
function formatIsoSeconds(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
