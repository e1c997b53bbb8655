// Which S3 API operation a path-style request names (method + bucket/key + query subresource); pure.
import type { QueryParams } from './s3-request.js';

/** Operations this endpoint answers; every other recognised operation is answered 501 NotImplemented. */
export const IMPLEMENTED_OPERATIONS = [
  'ListBuckets',
  'CreateBucket',
  'HeadBucket',
  'DeleteBucket',
  'GetBucketLocation',
  'ListObjectsV2',
  'DeleteObjects',
  'PutObject',
  'GetObject',
  'GetObjectAttributes',
  'HeadObject',
  'DeleteObject',
] as const;
export type ImplementedOperation = (typeof IMPLEMENTED_OPERATIONS)[number];

/** An S3 API operation name (as in AWS docs and server access logs), or 'unknown'. */
export type OperationName = ImplementedOperation | (string & {});

// Query parameters that select a different operation on the same path (S3 "subresources").
const BUCKET_SUBRESOURCES: Record<string, Record<string, string>> = {
  GET: {
    'list-type': 'ListObjectsV2', location: 'GetBucketLocation', versions: 'ListObjectVersions', uploads: 'ListMultipartUploads',
    acl: 'GetBucketAcl', policy: 'GetBucketPolicy', versioning: 'GetBucketVersioning', tagging: 'GetBucketTagging',
    cors: 'GetBucketCors', lifecycle: 'GetBucketLifecycleConfiguration', encryption: 'GetBucketEncryption',
    ownershipControls: 'GetBucketOwnershipControls', publicAccessBlock: 'GetPublicAccessBlock', website: 'GetBucketWebsite',
    logging: 'GetBucketLogging', notification: 'GetBucketNotificationConfiguration', policyStatus: 'GetBucketPolicyStatus',
    'object-lock': 'GetObjectLockConfiguration', replication: 'GetBucketReplication', requestPayment: 'GetBucketRequestPayment',
    accelerate: 'GetBucketAccelerateConfiguration',
  },
  PUT: {
    acl: 'PutBucketAcl', policy: 'PutBucketPolicy', versioning: 'PutBucketVersioning', tagging: 'PutBucketTagging',
    cors: 'PutBucketCors', lifecycle: 'PutBucketLifecycleConfiguration', encryption: 'PutBucketEncryption',
    ownershipControls: 'PutBucketOwnershipControls', publicAccessBlock: 'PutPublicAccessBlock', website: 'PutBucketWebsite',
    logging: 'PutBucketLogging', notification: 'PutBucketNotificationConfiguration', 'object-lock': 'PutObjectLockConfiguration',
    replication: 'PutBucketReplication', requestPayment: 'PutBucketRequestPayment', accelerate: 'PutBucketAccelerateConfiguration',
  },
  DELETE: {
    policy: 'DeleteBucketPolicy', tagging: 'DeleteBucketTagging', cors: 'DeleteBucketCors', lifecycle: 'DeleteBucketLifecycle',
    encryption: 'DeleteBucketEncryption', ownershipControls: 'DeleteBucketOwnershipControls',
    publicAccessBlock: 'DeletePublicAccessBlock', website: 'DeleteBucketWebsite', replication: 'DeleteBucketReplication',
  },
  POST: { delete: 'DeleteObjects' },
};

const OBJECT_SUBRESOURCES: Record<string, Record<string, string>> = {
  GET: { uploadId: 'ListParts', tagging: 'GetObjectTagging', acl: 'GetObjectAcl', attributes: 'GetObjectAttributes',
    retention: 'GetObjectRetention', 'legal-hold': 'GetObjectLegalHold', torrent: 'GetObjectTorrent' },
  PUT: { uploadId: 'UploadPart', tagging: 'PutObjectTagging', acl: 'PutObjectAcl', retention: 'PutObjectRetention',
    'legal-hold': 'PutObjectLegalHold' },
  DELETE: { uploadId: 'AbortMultipartUpload', tagging: 'DeleteObjectTagging' },
  POST: { uploads: 'CreateMultipartUpload', uploadId: 'CompleteMultipartUpload', restore: 'RestoreObject', select: 'SelectObjectContent' },
};

const PLAIN_BUCKET: Record<string, string> = { GET: 'ListObjects', PUT: 'CreateBucket', HEAD: 'HeadBucket', DELETE: 'DeleteBucket' };
const PLAIN_OBJECT: Record<string, string> = { GET: 'GetObject', PUT: 'PutObject', HEAD: 'HeadObject', DELETE: 'DeleteObject' };

export function resolveOperation(
  method: string,
  bucket: string | null,
  key: string | null,
  query: QueryParams,
  headers: Record<string, string>,
): OperationName {
  if (bucket === null) return method === 'GET' ? 'ListBuckets' : 'unknown';
  if (key !== null && method === 'PUT' && headers['x-amz-copy-source'] !== undefined) {
    return 'uploadId' in query ? 'UploadPartCopy' : 'CopyObject';
  }
  const subresources = (key === null ? BUCKET_SUBRESOURCES : OBJECT_SUBRESOURCES)[method] ?? {};
  for (const name of Object.keys(subresources)) {
    if (name in query) return subresources[name];
  }
  return (key === null ? PLAIN_BUCKET : PLAIN_OBJECT)[method] ?? 'unknown';
}

export function isImplemented(operation: OperationName): operation is ImplementedOperation {
  return (IMPLEMENTED_OPERATIONS as readonly string[]).includes(operation);
}
