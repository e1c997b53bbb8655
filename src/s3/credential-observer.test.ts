import { describe, expect, it } from 'vitest';
import { describeIdentity, IdentityChanges } from './credential-observer.js';

describe('IdentityChanges', () => {
  const temporary = { accessKeyId: 'ASIATEMPORARY0000001', sessionToken: 'token-1', expiration: new Date(3_600_000) };

  it('reports the first identity and each change of key id, token or expiry, never the same one twice', () => {
    const changes = new IdentityChanges();
    expect(changes.refreshOf(temporary, 10)).toEqual({ atMs: 10, accessKeyIdSuffix: '0001', credentialKind: 'temporary', expiresAtMs: 3_600_000 });
    expect(changes.refreshOf({ ...temporary, expiration: new Date(3_600_000) }, 20)).toBeNull();
    expect(changes.refreshOf({ ...temporary, sessionToken: 'token-2' }, 30)).toMatchObject({ atMs: 30 });
    expect(changes.refreshOf({ ...temporary, sessionToken: 'token-2', expiration: new Date(7_200_000) }, 40)).toMatchObject({ atMs: 40, expiresAtMs: 7_200_000 });
    expect(changes.refreshOf({ accessKeyId: 'AKIDSTATIC0000000002' }, 50)).toEqual({ atMs: 50, accessKeyIdSuffix: '0002', credentialKind: 'static', expiresAtMs: null });
    expect(changes.refreshOf({ accessKeyId: 'AKIDSTATIC0000000002' }, 60)).toBeNull();
  });

  it('describes an identity by suffix, kind and expiry, without the token', () => {
    expect(describeIdentity(temporary)).toEqual({ accessKeyIdSuffix: '0001', credentialKind: 'temporary', credentialExpiresAtMs: 3_600_000 });
    expect(JSON.stringify(new IdentityChanges().refreshOf(temporary, 0))).not.toContain('token-1');
  });
});
