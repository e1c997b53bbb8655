// The static identities (access key, secret, optional session token) the local endpoint accepts.
import { createHash } from 'node:crypto';

export interface LocalS3Identity {
  /** Owner name: buckets belong to the identity that created them. */
  name: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** When set, requests must carry exactly this `x-amz-security-token` (temporary-credential style). */
  sessionToken?: string;
  /**
   * Whether the identity has s3:ListBucket (default true). Without it a missing key answers 403 AccessDenied instead of
   * 404 on HEAD, GET and ranged GET, and ListObjectsV2 and HeadBucket answer 403, as AWS does.
   */
  listBucket?: boolean;
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

/**
 * The fake identity the endpoint gives a scenario identity name: the same name always gets the same keys, another name
 * other keys. Not secrets: they only open the endpoint this process starts, and say so.
 */
export function createLocalIdentity(name: string, listBucket = true): LocalS3Identity {
  const digest = createHash('sha256').update(`s3probe-local-identity:${name}`).digest('hex');
  return {
    name,
    accessKeyId: `S3PROBELOCAL${digest.slice(0, 8).toUpperCase()}`,
    secretAccessKey: `s3probe-local-fake-secret-${digest.slice(8, 32)}`,
    listBucket,
  };
}

/** Last four characters only, for logging keys that matched no identity. */
export function maskAccessKeyId(accessKeyId: string): string {
  return `…${accessKeyId.slice(-4)}`;
}

/** A stable 64-hex canonical user ID for an identity name, shaped like S3's owner IDs. */
export function toCanonicalUserId(name: string): string {
  return createHash('sha256').update(`s3probe-local:${name}`).digest('hex');
}
