// The answer to one request as plain data, plus builders for S3's XML success and error bodies.
import type { S3Request } from './s3-request.js';
import { escapeXml } from './xml.js';

/** What an operation answers. The server adds the common headers and drops the body of HEAD answers. */
export interface S3Response {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: Buffer | null;
  /** The S3 error `Code` when this is an error answer (kept even for HEAD, whose body is dropped). */
  errorCode: string | null;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** Extra elements of an error body, in order (e.g. Key, BucketName, RangeRequested). */
export type ErrorFields = Array<[name: string, value: string | number]>;

export interface S3ErrorSpec {
  status: number;
  code: string;
  message: string;
  fields?: ErrorFields;
  headers?: Record<string, string>;
}

/** `<Error><Code/><Message/>…fields…<RequestId/><HostId/></Error>` with `Content-Type: application/xml`. */
export function buildErrorResponse(request: Pick<S3Request, 'requestId' | 'hostId'>, spec: S3ErrorSpec): S3Response {
  const fields: ErrorFields = [
    ['Code', spec.code],
    ['Message', spec.message],
    ...(spec.fields ?? []),
    ['RequestId', request.requestId],
    ['HostId', request.hostId],
  ];
  const inner = fields.map(([name, value]) => `<${name}>${escapeXml(String(value))}</${name}>`).join('');
  return {
    status: spec.status,
    headers: { 'content-type': 'application/xml', ...spec.headers },
    body: Buffer.from(`${XML_DECLARATION}<Error>${inner}</Error>`, 'utf8'),
    errorCode: spec.code,
  };
}

/** A 200 (or given status) answer with an XML document body. */
export function buildXmlResponse(xml: string, status = 200): S3Response {
  return {
    status,
    headers: { 'content-type': 'application/xml' },
    body: Buffer.from(XML_DECLARATION + xml, 'utf8'),
    errorCode: null,
  };
}

export function buildEmptyResponse(status: number, headers: Record<string, string> = {}): S3Response {
  return { status, headers, body: null, errorCode: null };
}

/** RFC 7231 IMF-fixdate, e.g. `Tue, 15 Nov 1994 08:12:31 GMT` (Date, Last-Modified). */
export function formatHttpDate(epochMs: number): string {
  return new Date(epochMs).toUTCString();
}

/** ISO 8601 with milliseconds, as S3 XML bodies carry times. */
export function formatXmlTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
