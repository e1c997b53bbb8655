import { describe, expect, it } from 'vitest';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { CredentialRefresh } from './engine.js';
import { SDK_REFRESH_MARGIN_MS } from '../summary/credential-expiry.js';
import { CredentialCache } from './credential-cache.js';

function cacheWith(provide: () => AwsCredentialIdentity, clock: { nowMs: number }) {
  let calls = 0;
  const refreshes: CredentialRefresh[] = [];
  const cache = new CredentialCache({
    credentials: async () => {
      calls++;
      return provide();
    },
    region: 'us-east-1',
    now: () => clock.nowMs,
    onRefresh: (event) => refreshes.push(event),
  });
  return { cache, refreshes, calls: () => calls };
}

describe('CredentialCache', () => {
  it('resolves static keys once and reports them without the secret', async () => {
    const clock = { nowMs: 1000 };
    const { cache, refreshes, calls } = cacheWith(() => ({ accessKeyId: 'AKIDSTATIC0000001234', secretAccessKey: 'top-secret' }), clock);
    const [a, b] = await Promise.all([cache.resolve(), cache.resolve()]);
    const c = await cache.resolve();
    expect(a).toBe(b);
    expect(c).toBe(a);
    expect(calls()).toBe(1);
    expect(a.facts).toEqual({ accessKeyIdSuffix: '1234', credentialKind: 'static', credentialExpiresAtMs: null });
    expect(refreshes).toEqual([{ atMs: 1000, accessKeyIdSuffix: '1234', credentialKind: 'static', expiresAtMs: null }]);
    expect(JSON.stringify(refreshes)).not.toContain('top-secret');
  });

  it('refreshes temporary credentials five minutes before they expire', async () => {
    const clock = { nowMs: 0 };
    let generation = 0;
    const { cache, refreshes, calls } = cacheWith(() => {
      generation++;
      return { accessKeyId: `ASIATEMPORARY000000${generation}`, secretAccessKey: 's', sessionToken: 't', expiration: new Date(clock.nowMs + 3_600_000) };
    }, clock);
    const first = await cache.resolve();
    expect(first.facts).toMatchObject({ credentialKind: 'temporary', accessKeyIdSuffix: '0001', credentialExpiresAtMs: 3_600_000 });
    clock.nowMs = 3_600_000 - SDK_REFRESH_MARGIN_MS - 1;
    expect(await cache.resolve()).toBe(first);
    clock.nowMs = 3_600_000 - SDK_REFRESH_MARGIN_MS;
    const second = await cache.resolve();
    expect(second).not.toBe(first);
    expect(second.facts.accessKeyIdSuffix).toBe('0002');
    expect(calls()).toBe(2);
    expect(refreshes.map((r) => r.atMs)).toEqual([0, 3_600_000 - SDK_REFRESH_MARGIN_MS]);
  });

  it('reports a refresh only when the provider hands out a different identity', async () => {
    const clock = { nowMs: 0 };
    // Already inside the refresh margin: the cache asks the provider again (at most once a second), which answers the same.
    const { cache, refreshes, calls } = cacheWith(() => ({ accessKeyId: 'ASIASAME000000000009', secretAccessKey: 's', sessionToken: 't', expiration: new Date(60_000) }), clock);
    await cache.resolve();
    clock.nowMs = 1000;
    await cache.resolve();
    clock.nowMs = 2000;
    await cache.resolve();
    expect(calls()).toBe(3);
    expect(refreshes).toEqual([{ atMs: 0, accessKeyIdSuffix: '0009', credentialKind: 'temporary', expiresAtMs: 60_000 }]);
  });

  it('lets a provider failure reject, and tries again on the next call', async () => {
    const clock = { nowMs: 0 };
    let fail = true;
    const { cache } = cacheWith(() => {
      if (fail) throw new Error('no credentials');
      return { accessKeyId: 'AKIDLATER00000000001', secretAccessKey: 's' };
    }, clock);
    await expect(cache.resolve()).rejects.toThrow('no credentials');
    fail = false;
    await expect(cache.resolve()).resolves.toMatchObject({ facts: { accessKeyIdSuffix: '0001' } });
  });
});
