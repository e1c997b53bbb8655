// Resolves an engine's credentials once and keeps them (with their own SignatureV4) until five minutes before expiry; reports each new identity.
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { CredentialRefresh, RawAttemptFacts } from './engine.js';
import { FastSignatureV4 } from './fast-signer.js';
import { NodeSha256 } from './node-sha256.js';

/** Credentials this close to expiry are refreshed before signing (the SDK uses the same margin). */
export const CREDENTIAL_REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** A provider handing out credentials already inside the margin is asked again at most this often, not on every probe. */
const MIN_REFRESH_INTERVAL_MS = 1000;

/** Credentials and a signer bound to them; `facts` are what an attempt records about them (no secret). */
export interface SigningIdentity {
  signer: FastSignatureV4;
  /** Passed to every signing call, which then skips the signer's own (async) region lookup. */
  region: string;
  facts: Pick<RawAttemptFacts, 'accessKeyIdSuffix' | 'credentialKind' | 'credentialExpiresAtMs'>;
}

export interface CredentialCacheOptions {
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  region: string;
  now: () => number;
  onRefresh?: (event: CredentialRefresh) => void;
}

export class CredentialCache {
  private current: SigningIdentity | null = null;
  private pending: Promise<SigningIdentity> | null = null;
  private refreshAtMs = Infinity;
  /** What the last resolution handed out (in memory only): an unchanged identity fetched again is not a refresh event. */
  private lastIdentity: { accessKeyId: string; sessionToken: string | undefined; expiresAtMs: number | null } | null = null;

  constructor(private readonly options: CredentialCacheOptions) {}

  /** The identity to sign with now; concurrent callers share one provider call. A provider failure rejects. */
  resolve(): Promise<SigningIdentity> | SigningIdentity {
    if (this.current !== null && this.options.now() < this.refreshAtMs) return this.current;
    this.pending ??= this.fetch().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async fetch(): Promise<SigningIdentity> {
    const source = this.options.credentials;
    const credentials = typeof source === 'function' ? await source() : source;
    const expiresAtMs = credentials.expiration === undefined ? null : credentials.expiration.getTime();
    const facts: SigningIdentity['facts'] = {
      accessKeyIdSuffix: credentials.accessKeyId.slice(-4),
      credentialKind: credentials.sessionToken ? 'temporary' : 'static',
      credentialExpiresAtMs: expiresAtMs,
    };
    const signer = new FastSignatureV4({
      credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken },
      region: this.options.region,
      service: 's3',
      sha256: NodeSha256,
      // S3 signs the path as sent: no second round of URI-escaping.
      uriEscapePath: false,
      applyChecksum: false,
    });
    const atMs = this.options.now();
    this.current = { signer, region: this.options.region, facts };
    this.refreshAtMs = expiresAtMs === null ? Infinity : Math.max(expiresAtMs - CREDENTIAL_REFRESH_MARGIN_MS, atMs + MIN_REFRESH_INTERVAL_MS);
    const last = this.lastIdentity;
    if (last !== null && last.accessKeyId === credentials.accessKeyId && last.sessionToken === credentials.sessionToken && last.expiresAtMs === expiresAtMs) {
      return this.current;
    }
    this.lastIdentity = { accessKeyId: credentials.accessKeyId, sessionToken: credentials.sessionToken, expiresAtMs };
    this.options.onRefresh?.({
      atMs,
      accessKeyIdSuffix: facts.accessKeyIdSuffix,
      credentialKind: facts.credentialKind,
      expiresAtMs,
    });
    return this.current;
  }
}
