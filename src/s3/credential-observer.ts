// Watches the identities an SDK client resolves: each change (the first one included) becomes a CredentialRefresh, with no secret in it; the change test is shared with the HTTP engines' CredentialCache.
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { CredentialRefresh } from '../engines/engine.js';

export type CredentialRefreshListener = (event: CredentialRefresh) => void;

/** Facts an attempt records about the identity that signed it (what CredentialCache gives the raw engines). */
export interface IdentityFacts {
  accessKeyIdSuffix: string;
  credentialKind: 'static' | 'temporary';
  /** Epoch ms; null when the identity does not expire. */
  credentialExpiresAtMs: number | null;
}

export function describeIdentity(identity: Pick<AwsCredentialIdentity, 'accessKeyId' | 'sessionToken' | 'expiration'>): IdentityFacts {
  return {
    accessKeyIdSuffix: identity.accessKeyId.slice(-4),
    credentialKind: identity.sessionToken ? 'temporary' : 'static',
    credentialExpiresAtMs: identity.expiration === undefined ? null : identity.expiration.getTime(),
  };
}

type IdentitySeen = Pick<AwsCredentialIdentity, 'accessKeyId' | 'sessionToken' | 'expiration'>;

/**
 * Spots a change of identity (key id, token or expiry) between resolutions, for SDK clients (CredentialObserver) and the
 * HTTP engines (CredentialCache) alike. The last identity is held in memory only, never recorded.
 */
export class IdentityChanges {
  private last: { accessKeyId: string; sessionToken: string | undefined; expiresAtMs: number | null } | null = null;

  /** The refresh event for `identity` obtained at `atMs` when it differs from the last one (the first one included); null when unchanged. */
  refreshOf(identity: IdentitySeen, atMs: number): CredentialRefresh | null {
    const facts = describeIdentity(identity);
    const expiresAtMs = facts.credentialExpiresAtMs;
    const last = this.last;
    if (last !== null && last.accessKeyId === identity.accessKeyId && last.sessionToken === identity.sessionToken && last.expiresAtMs === expiresAtMs) return null;
    this.last = { accessKeyId: identity.accessKeyId, sessionToken: identity.sessionToken, expiresAtMs };
    return { atMs, accessKeyIdSuffix: facts.accessKeyIdSuffix, credentialKind: facts.credentialKind, expiresAtMs };
  }
}

/**
 * Wraps a client's credentials in a provider that notes every identity it hands the SDK. The SDK memoizes the wrapper
 * (it asks again only inside its refresh margin), so an unchanged identity handed out again is not a refresh.
 * Past refreshes are kept (a few per run) so a listener added after the first request still hears them.
 */
export class CredentialObserver {
  private readonly history: CredentialRefresh[] = [];
  private readonly listeners = new Set<CredentialRefreshListener>();
  private readonly changes = new IdentityChanges();

  constructor(private readonly now: () => number) {}

  /** A provider the SDK can be given in place of `source`. A provider failure rejects as before and is not a refresh. */
  wrap(source: AwsCredentialIdentity | AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
    return async (options?: Record<string, unknown>) => {
      const identity = typeof source === 'function' ? await source(options) : source;
      this.note(identity);
      return identity;
    };
  }

  /** Calls `listener` with every refresh so far, then with each later one; returns a function that stops it. */
  subscribe(listener: CredentialRefreshListener): () => void {
    for (const event of this.history) listener(event);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private note(identity: AwsCredentialIdentity): void {
    const event = this.changes.refreshOf(identity, this.now());
    if (event === null) return;
    this.history.push(event);
    for (const listener of this.listeners) listener(event);
  }
}
