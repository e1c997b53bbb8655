// Resolves an engine's credentials once and keeps them (with their own SignatureV4) until five minutes before expiry; reports each new identity.
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { describeIdentity, IdentityChanges } from '../s3/credential-observer.js';
import { SDK_REFRESH_MARGIN_MS } from '../summary/credential-expiry.js';
import type { CredentialRefresh, RawAttemptFacts } from './engine.js';
import { FastSignatureV4 } from './fast-signer.js';
import { NodeSha256 } from './node-sha256.js';

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
  /** An unchanged identity fetched again is not a refresh event. */
  private readonly changes = new IdentityChanges();

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
    const facts = describeIdentity(credentials);
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
    // Credentials this close to expiry are refreshed before signing, with the SDK's margin.
    const expiresAtMs = facts.credentialExpiresAtMs;
    this.refreshAtMs = expiresAtMs === null ? Infinity : Math.max(expiresAtMs - SDK_REFRESH_MARGIN_MS, atMs + MIN_REFRESH_INTERVAL_MS);
    const refresh = this.changes.refreshOf(credentials, atMs);
    if (refresh !== null) this.options.onRefresh?.(refresh);
    return this.current;
  }
}
