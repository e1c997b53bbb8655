// HEAD If-Match probe: HeadObject with `If-Match: <the ETag the upload should produce>`; 412 when the object's ETag differs.
import { createHash } from 'node:crypto';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { HarnessError } from '../errors.js';
import type { ProbeMethod } from './probe-method.js';

export const headIfMatch: ProbeMethod = {
  method: 'head-if-match',
  async send({ s3, bucket, key, capture, ifMatch }) {
    const command = new HeadObjectCommand({ Bucket: bucket, Key: key, IfMatch: requireIfMatch(ifMatch) });
    command.middlewareStack.use(capture);
    await s3.send(command);
    return { bytes: null };
  },
};

/** A head-if-match order without an ETag is a harness bug, not a probe outcome. */
export function requireIfMatch(ifMatch: string | undefined): string {
  if (ifMatch === undefined || ifMatch === '') {
    throw new HarnessError('E_INTERNAL', 'a head-if-match probe order carries no ifMatch ETag; the run plan must set it (expectedEtag).');
  }
  return ifMatch;
}

const PATTERN = 's3probe ';
/** 64 KiB of the pattern, a whole number of repetitions, so consecutive chunks continue it seamlessly. */
const PATTERN_CHUNK = Buffer.alloc(64 * 1024, PATTERN);

/**
 * The ETag S3 gives the body s3probe uploads for `sizeBytes` (src/s3/upload.ts `objectBody`: 's3probe ' repeated) in one
 * PutObject without SSE-KMS or SSE-C: the quoted MD5 hex of the body. Computed in chunks, without the body in memory, but
 * it hashes every byte (≈0.2 s per 100 MiB, blocking): the run computes it once per size before firing (src/run-plan.ts).
 */
export function expectedEtag(sizeBytes: number): string {
  const md5 = createHash('md5');
  for (let left = sizeBytes; left > 0; left -= PATTERN_CHUNK.length) md5.update(PATTERN_CHUNK.subarray(0, Math.min(left, PATTERN_CHUNK.length)));
  return `"${md5.digest('hex')}"`;
}
