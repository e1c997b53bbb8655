// GetObjectAttributes (GET /bucket/key?attributes): the attributes named in `x-amz-object-attributes`, as XML; reads like GetObject (the handler's answerUnderModels picks the object).
import { accessDenied, invalidArgument, invalidRequest, noSuchKey } from '../s3-errors.js';
import type { S3Request } from '../s3-request.js';
import { buildXmlResponse, formatHttpDate, S3_XMLNS, type S3Response } from '../s3-response.js';
import type { StoredObject } from '../store.js';
import { renderElement } from '../xml.js';

/** Attribute names S3 accepts, in the order its response lists them. */
const ATTRIBUTE_ORDER = ['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize'] as const;
type Attribute = (typeof ATTRIBUTE_ORDER)[number];

/**
 * The answer for `object` as the caller sees it (undefined = missing): 404 NoSuchKey, or 403 AccessDenied without
 * s3:ListBucket, as GetObject. The ETag element carries no quotes (unlike the ETag header of GetObject and HeadObject).
 */
export function answerObjectAttributes(request: S3Request, object: StoredObject | undefined, canListBucket: boolean): S3Response {
  const attributes = parseAttributes(request);
  if (!Array.isArray(attributes)) return attributes;
  if (object === undefined) return canListBucket ? noSuchKey(request, request.key ?? '') : accessDenied(request);
  const parts = ATTRIBUTE_ORDER.filter((name) => attributes.includes(name)).map((name) => renderAttribute(name, object));
  const response = buildXmlResponse(`<GetObjectAttributesResponse xmlns="${S3_XMLNS}">${parts.join('')}</GetObjectAttributesResponse>`);
  response.headers['last-modified'] = formatHttpDate(object.lastModifiedMs);
  return response;
}

/** The requested attribute names, or the 400 answer for a missing or unknown one. */
function parseAttributes(request: S3Request): Attribute[] | S3Response {
  const header = request.headers['x-amz-object-attributes'];
  if (header === undefined || header.trim() === '') {
    return invalidRequest(request, 'Missing required header for this request: x-amz-object-attributes');
  }
  const names = header.split(',').map((name) => name.trim());
  const unknown = names.find((name) => !(ATTRIBUTE_ORDER as readonly string[]).includes(name));
  if (unknown !== undefined) return invalidArgument(request, 'Invalid attribute name specified.', 'x-amz-object-attributes', unknown);
  return names as Attribute[];
}

function renderAttribute(name: Attribute, object: StoredObject): string {
  switch (name) {
    case 'ETag':
      return renderElement('ETag', object.etag.replace(/^"|"$/g, ''));
    case 'Checksum': {
      const checksums = Object.entries(object.checksums);
      if (checksums.length === 0) return '';
      const inner = checksums.map(([header, value]) => renderElement(`Checksum${header.replace('x-amz-checksum-', '').toUpperCase()}`, value)).join('');
      return `<Checksum>${inner}${renderElement('ChecksumType', 'FULL_OBJECT')}</Checksum>`;
    }
    case 'ObjectParts':
      return ''; // single-part uploads only: S3 lists no parts for them
    case 'StorageClass':
      return renderElement('StorageClass', 'STANDARD');
    case 'ObjectSize':
      return renderElement('ObjectSize', object.data.length);
  }
}
