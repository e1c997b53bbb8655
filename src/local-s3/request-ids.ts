// Per-server generator of AWS-shaped request IDs: x-amz-request-id (16 uppercase hex) and x-amz-id-2 (base64).
import { randomBytes } from 'node:crypto';
import type { RequestIds } from './s3-request.js';

const ID_MASK = (1n << 64n) - 1n;
// Odd, so multiplying by it permutes the 64-bit space: distinct counters give distinct IDs.
const SCRAMBLE_MULTIPLIER = 0x9e3779b97f4a7c15n;

/** IDs look random, as AWS's do, but never repeat within one server: a scrambled counter. */
export function createRequestIdGenerator(): () => RequestIds {
  const offset = randomBytes(8).readBigUInt64BE();
  let counter = 0n;
  return () => {
    counter += 1n;
    const scrambled = (((counter + offset) & ID_MASK) * SCRAMBLE_MULTIPLIER) & ID_MASK;
    return {
      requestId: scrambled.toString(16).toUpperCase().padStart(16, '0'),
      hostId: randomBytes(56).toString('base64'),
    };
  };
}
