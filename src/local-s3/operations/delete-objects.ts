// DeleteObjects (POST /bucket?delete): parse the <Delete> document, delete each key, answer <DeleteResult>.
import { malformedXml, noSuchBucket } from '../s3-errors.js';
import { buildErrorResponse, buildXmlResponse, S3_XMLNS, type S3Response } from '../s3-response.js';
import { findChild, parseXml, renderElement, XmlSyntaxError } from '../xml.js';
import type { OperationContext } from './context.js';

const MAX_KEYS_PER_REQUEST = 1000;

interface DeleteRequestDocument {
  quiet: boolean;
  keys: string[];
}

export function deleteObjects({ request, payload, store, handledAtMs }: OperationContext): S3Response {
  const bucketName = request.bucket ?? '';
  const bucket = store.getBucket(bucketName);
  if (bucket === undefined) return noSuchBucket(request, bucketName);
  if (request.headers['content-md5'] === undefined && Object.keys(payload.checksums).length === 0) {
    return buildErrorResponse(request, { status: 400, code: 'InvalidRequest', message: 'Missing required header for this request: Content-MD5' });
  }
  const document = parseDeleteDocument(payload.data.toString('utf8'));
  if (document === null) return malformedXml(request);
  for (const key of document.keys) store.deleteObject(bucket, key, handledAtMs);
  const deleted = document.quiet ? '' : document.keys.map((key) => `<Deleted>${renderElement('Key', key)}</Deleted>`).join('');
  return buildXmlResponse(`<DeleteResult xmlns="${S3_XMLNS}">${deleted}</DeleteResult>`);
}

/** Null when the document is not a valid <Delete> with 1 to 1000 <Object><Key> entries. */
export function parseDeleteDocument(text: string): DeleteRequestDocument | null {
  try {
    const root = parseXml(text);
    if (root.name !== 'Delete') return null;
    const objects = root.children.filter((child) => child.name === 'Object');
    if (objects.length === 0 || objects.length > MAX_KEYS_PER_REQUEST) return null;
    const keys = objects.map((object) => findChild(object, 'Key')?.text);
    if (keys.some((key) => key === undefined || key === '')) return null;
    const quiet = findChild(root, 'Quiet')?.text.trim().toLowerCase() === 'true';
    return { quiet, keys: keys as string[] };
  } catch (error) {
    if (error instanceof XmlSyntaxError) return null;
    throw error;
  }
}
