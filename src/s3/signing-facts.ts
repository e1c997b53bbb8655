// What an SDK attempt was signed with, read from the signed request and the identity the SDK selected: no secret leaves here.
import { SMITHY_CONTEXT_KEY, type HandlerExecutionContext } from '@smithy/types';
import { describeIdentity, type IdentityFacts } from './credential-observer.js';

/** The signing facts an SDK attempt records (the raw engines' RawAttemptFacts, as far as the SDK path knows them). */
export interface SdkSigningFacts {
  /** The `x-amz-date` sent; null when the request was not signed. */
  amzDate: string | null;
  /** Last four characters of the access key id in `Authorization`; null when the request was not signed. */
  accessKeyIdSuffix: string | null;
  /** `temporary` when `x-amz-security-token` was sent. */
  credentialKind: IdentityFacts['credentialKind'] | null;
  /** Expiry of the identity that signed (epoch ms); null when it does not expire or is not known. */
  credentialExpiresAtMs: number | null;
}

interface SelectedIdentity {
  accessKeyId?: unknown;
  sessionToken?: string;
  expiration?: Date;
}

/** `Credential=AKID/date/region/service/aws4_request` of a SigV4 `Authorization` header. */
const CREDENTIAL_SCOPE = /Credential=([^/,\s]+)\//;

/**
 * Reads the signed request's headers and the identity in the SDK's handler context (`selectedHttpAuthScheme.identity`,
 * the one httpSigningMiddleware signed with). The full key id is compared in memory only; the result holds its last four characters.
 */
export function readSigningFacts(request: unknown, context: HandlerExecutionContext): SdkSigningFacts {
  const headers = (request as { headers?: Record<string, string | undefined> } | undefined)?.headers ?? {};
  const accessKeyId = CREDENTIAL_SCOPE.exec(headerOf(headers, 'authorization') ?? '')?.[1] ?? null;
  const amzDate = headerOf(headers, 'x-amz-date');
  if (accessKeyId === null) return { amzDate, accessKeyIdSuffix: null, credentialKind: null, credentialExpiresAtMs: null };
  const sessionToken = headerOf(headers, 'x-amz-security-token');
  const facts = describeIdentity({ accessKeyId, sessionToken: sessionToken ?? undefined });
  const selected = (context[SMITHY_CONTEXT_KEY] as { selectedHttpAuthScheme?: { identity?: SelectedIdentity } } | undefined)?.selectedHttpAuthScheme?.identity;
  const signedBySelected = selected?.accessKeyId === accessKeyId && selected.expiration instanceof Date;
  return { amzDate, ...facts, credentialExpiresAtMs: signedBySelected ? (selected.expiration as Date).getTime() : null };
}

/** Header lookup by lower-cased name (the SDK's signer writes lower-case names; a custom middleware might not). */
function headerOf(headers: Record<string, string | undefined>, name: string): string | null {
  const exact = headers[name];
  if (exact !== undefined) return exact;
  for (const key in headers) if (key.toLowerCase() === name) return headers[key] ?? null;
  return null;
}
