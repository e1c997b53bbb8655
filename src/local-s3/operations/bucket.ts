// Bucket-level operations: CreateBucket, HeadBucket, DeleteBucket, ListBuckets, GetBucketLocation.
import { toCanonicalUserId } from '../identities.js';
import { malformedXml, noSuchBucket } from '../s3-errors.js';
import {
  buildEmptyResponse, buildErrorResponse, buildXmlResponse, formatXmlTimestamp, S3_XMLNS, type S3ErrorSpec, type S3Response,
} from '../s3-response.js';
import { findChild, parseXml, renderElement, XmlSyntaxError } from '../xml.js';
import type { OperationContext } from './context.js';

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d+\.\d+\.\d+\.\d+$/;

export function isValidBucketName(name: string): boolean {
  return BUCKET_NAME.test(name) && !name.includes('..') && !IP_ADDRESS.test(name) && !name.startsWith('xn--');
}

export function createBucket({ request, payload, identity, store, region, nowMs }: OperationContext): S3Response {
  const bucket = request.bucket ?? '';
  if (!isValidBucketName(bucket)) {
    return buildErrorResponse(request, { status: 400, code: 'InvalidBucketName', message: 'The specified bucket is not valid.', fields: [['BucketName', bucket]] });
  }
  const constraintError = checkLocationConstraint(payload.data, region);
  if (constraintError === 'malformed') return malformedXml(request);
  if (constraintError !== null) return buildErrorResponse(request, constraintError);
  const outcome = store.createBucket(bucket, identity.name, nowMs);
  if (outcome === 'owned-by-you') {
    return buildErrorResponse(request, {
      status: 409, code: 'BucketAlreadyOwnedByYou',
      message: 'Your previous request to create the named bucket succeeded and you already own it.', fields: [['BucketName', bucket]],
    });
  }
  if (outcome === 'owned-by-someone-else') {
    return buildErrorResponse(request, {
      status: 409, code: 'BucketAlreadyExists',
      message: 'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
      fields: [['BucketName', bucket]],
    });
  }
  return buildEmptyResponse(200, { location: `/${bucket}`, 'content-length': '0' });
}

// us-east-1 takes no LocationConstraint at all; other regions only their own.
function checkLocationConstraint(body: Buffer, region: string): S3ErrorSpec | 'malformed' | null {
  if (body.length === 0) return null;
  let constraint: string | undefined;
  try {
    const root = parseXml(body.toString('utf8'));
    if (root.name !== 'CreateBucketConfiguration') return 'malformed';
    constraint = findChild(root, 'LocationConstraint')?.text.trim();
  } catch (error) {
    if (error instanceof XmlSyntaxError) return 'malformed';
    throw error;
  }
  if (constraint === undefined || constraint === '') return null;
  if (region === 'us-east-1') {
    return { status: 400, code: 'InvalidLocationConstraint', message: 'The specified location-constraint is not valid', fields: [['LocationConstraint', constraint]] };
  }
  if (constraint === region) return null;
  return {
    status: 400, code: 'IllegalLocationConstraintException',
    message: `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`,
  };
}

export function headBucket({ request, store, region }: OperationContext): S3Response {
  const bucket = request.bucket ?? '';
  if (store.getBucket(bucket) === undefined) return noSuchBucket(request, bucket);
  return buildEmptyResponse(200, { 'x-amz-bucket-region': region, 'x-amz-access-point-alias': 'false', 'content-length': '0' });
}

export function deleteBucket({ request, store }: OperationContext): S3Response {
  const bucket = request.bucket ?? '';
  const outcome = store.deleteBucket(bucket);
  if (outcome === 'missing') return noSuchBucket(request, bucket);
  if (outcome === 'not-empty') {
    return buildErrorResponse(request, { status: 409, code: 'BucketNotEmpty', message: 'The bucket you tried to delete is not empty', fields: [['BucketName', bucket]] });
  }
  return buildEmptyResponse(204);
}

export function getBucketLocation({ request, store, region }: OperationContext): S3Response {
  const bucket = request.bucket ?? '';
  if (store.getBucket(bucket) === undefined) return noSuchBucket(request, bucket);
  const constraint = region === 'us-east-1' ? '' : region;
  return buildXmlResponse(`<LocationConstraint xmlns="${S3_XMLNS}">${constraint}</LocationConstraint>`);
}

/** Only the caller's buckets, as in S3. */
export function listBuckets({ identity, store, region }: OperationContext): S3Response {
  const buckets = store
    .listBuckets()
    .filter((bucket) => bucket.owner === identity.name)
    .map((bucket) =>
      `<Bucket>${renderElement('Name', bucket.name)}${renderElement('CreationDate', formatXmlTimestamp(bucket.createdAtMs))}${renderElement('BucketRegion', region)}</Bucket>`)
    .join('');
  const owner = `<Owner>${renderElement('ID', toCanonicalUserId(identity.name))}${renderElement('DisplayName', identity.name)}</Owner>`;
  return buildXmlResponse(`<ListAllMyBucketsResult xmlns="${S3_XMLNS}">${owner}<Buckets>${buckets}</Buckets></ListAllMyBucketsResult>`);
}
