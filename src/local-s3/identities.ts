// The static identities (access key, secret, optional session token) the local endpoint accepts.
import { createHash } from 'node:crypto';

export interface LocalS3Identity {
  /** Owner name: buckets belong to the identity that created them. */
  name: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** When set, requests must carry exactly this `x-amz-security-token` (temporary-credential style). */
  sessionToken?: string;
}

/** The one fixed, clearly fake identity used for `target: local`. Not a secret: it only opens the in-process endpoint. */
export function defaultIdentities(): LocalS3Identity[] {
  return [
    {
      name: 'default',
      accessKeyId: 'S3PROBELOCALKEY00001',
      secretAccessKey: 's3probe-local-fake-secret-not-an-aws-key',
    },
  ];
}

/** Last four characters only, for logging keys that matched no identity. */
export function maskAccessKeyId(accessKeyId: string): string {
  return `…${accessKeyId.slice(-4)}`;
}

/** A stable 64-hex canonical user ID for an identity name, shaped like S3's owner IDs. */
export function toCanonicalUserId(name: string): string {
  return createHash('sha256').update(`s3probe-local:${name}`).digest('hex');
}
