// ListObjectsV2 (GET /bucket?list-type=2): validates parameters, pages with list-objects.ts, renders the XML.
import { toCanonicalUserId } from '../identities.js';
import { decodeContinuationToken, encodeContinuationToken, listPage } from '../list-objects.js';
import { invalidArgument, noSuchBucket } from '../s3-errors.js';
import { getQueryValue } from '../s3-request.js';
import { buildXmlResponse, formatXmlTimestamp, S3_XMLNS, type S3Response } from '../s3-response.js';
import type { StoredBucket, StoredObject } from '../store.js';
import { renderElement } from '../xml.js';
import type { OperationContext } from './context.js';

const MAX_KEYS_LIMIT = 1000;

/** `hidden`: keys the listing leaves out (a consistency model's invisible keys); default none. */
export function listObjectsV2({ request, store }: OperationContext, hidden: ReadonlySet<string> = new Set()): S3Response {
  const bucketName = request.bucket ?? '';
  const bucket = store.getBucket(bucketName);
  if (bucket === undefined) return noSuchBucket(request, bucketName);
  const param = (name: string) => getQueryValue(request.query, name);

  const maxKeysText = param('max-keys') ?? String(MAX_KEYS_LIMIT);
  if (!/^\d{1,10}$/.test(maxKeysText)) {
    return invalidArgument(request, 'Provided max-keys not an integer or within integer range', 'max-keys', maxKeysText);
  }
  const encodingType = param('encoding-type');
  if (encodingType !== undefined && encodingType !== 'url') {
    return invalidArgument(request, 'Invalid Encoding Method specified in Request', 'encoding-type', encodingType);
  }
  const continuationToken = param('continuation-token');
  const marker = continuationToken === undefined ? null : decodeContinuationToken(continuationToken);
  if (continuationToken !== undefined && marker === null) {
    return invalidArgument(request, 'The continuation token provided is incorrect', 'continuation-token', continuationToken);
  }

  const prefix = param('prefix') ?? '';
  const delimiter = param('delimiter') ?? '';
  const startAfter = param('start-after') ?? '';
  const maxKeys = Math.min(Number(maxKeysText), MAX_KEYS_LIMIT);
  const allKeys = store.sortedKeys(bucket);
  const sortedKeys = hidden.size === 0 ? allKeys : allKeys.filter((key) => !hidden.has(key));
  const page = listPage({ sortedKeys, prefix, delimiter, maxKeys, startAfter, marker });

  const encode = encodingType === 'url' ? encodeListValue : (value: string) => value;
  const fetchOwner = param('fetch-owner') === 'true';
  const parts = [
    renderElement('Name', bucketName),
    renderElement('Prefix', encode(prefix)),
    page.nextMarker === null ? '' : renderElement('NextContinuationToken', encodeContinuationToken(page.nextMarker)),
    renderElement('KeyCount', page.keys.length + page.commonPrefixes.length),
    renderElement('MaxKeys', maxKeys),
    delimiter === '' ? '' : renderElement('Delimiter', encode(delimiter)),
    renderElement('IsTruncated', page.isTruncated),
    ...page.keys.map((key) => renderContents(bucket.objects.get(key), bucket, encode, fetchOwner)),
    ...page.commonPrefixes.map((commonPrefix) => `<CommonPrefixes>${renderElement('Prefix', encode(commonPrefix))}</CommonPrefixes>`),
    encodingType === undefined ? '' : renderElement('EncodingType', encodingType),
    continuationToken === undefined ? '' : renderElement('ContinuationToken', continuationToken),
    startAfter === '' ? '' : renderElement('StartAfter', encode(startAfter)),
  ];
  return buildXmlResponse(`<ListBucketResult xmlns="${S3_XMLNS}">${parts.join('')}</ListBucketResult>`);
}

function renderContents(object: StoredObject | undefined, bucket: StoredBucket, encode: (value: string) => string, fetchOwner: boolean): string {
  if (object === undefined) return '';
  const owner = fetchOwner
    ? `<Owner>${renderElement('ID', toCanonicalUserId(bucket.owner))}${renderElement('DisplayName', bucket.owner)}</Owner>`
    : '';
  const checksumAlgorithms = Object.keys(object.checksums)
    .map((name) => renderElement('ChecksumAlgorithm', name.replace('x-amz-checksum-', '').toUpperCase()))
    .join('');
  return (
    '<Contents>' +
    renderElement('Key', encode(object.key)) +
    renderElement('LastModified', formatXmlTimestamp(object.lastModifiedMs)) +
    renderElement('ETag', object.etag) +
    checksumAlgorithms +
    renderElement('Size', object.data.length) +
    owner +
    renderElement('StorageClass', 'STANDARD') +
    '</Contents>'
  );
}

/** S3's `encoding-type=url`: form-style percent-encoding (space as '+'). */
function encodeListValue(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}
