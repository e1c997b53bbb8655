import { describe, expect, it } from 'vitest';
import { createRequestIdGenerator } from './request-ids.js';

describe('createRequestIdGenerator', () => {
  it('produces unique 16-hex-char uppercase request IDs and base64 host IDs', () => {
    const nextIds = createRequestIdGenerator();
    const ids = Array.from({ length: 10_000 }, () => nextIds());
    expect(new Set(ids.map((id) => id.requestId)).size).toBe(ids.length);
    for (const { requestId, hostId } of ids.slice(0, 100)) {
      expect(requestId).toMatch(/^[0-9A-F]{16}$/);
      expect(hostId).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
      expect(hostId).toHaveLength(76);
    }
  });
});
