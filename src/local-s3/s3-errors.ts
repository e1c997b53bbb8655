// The S3 error answers this endpoint gives, each with AWS's status, code, message and extra elements.
import type { S3Request } from './s3-request.js';
import { buildErrorResponse, type S3Response } from './s3-response.js';

type Ids = Pick<S3Request, 'requestId' | 'hostId'>;

export function noSuchBucket(request: Ids, bucket: string): S3Response {
  return buildErrorResponse(request, {
    status: 404, code: 'NoSuchBucket', message: 'The specified bucket does not exist', fields: [['BucketName', bucket]],
  });
}

export function noSuchKey(request: Ids, key: string): S3Response {
  return buildErrorResponse(request, {
    status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.', fields: [['Key', key]],
  });
}

export function accessDenied(request: Ids, message = 'Access Denied', fields: Array<[string, string]> = []): S3Response {
  return buildErrorResponse(request, { status: 403, code: 'AccessDenied', message, fields });
}

export function invalidArgument(request: Ids, message: string, name?: string, value?: string): S3Response {
  const fields: Array<[string, string]> = name === undefined ? [] : [['ArgumentName', name], ['ArgumentValue', value ?? '']];
  return buildErrorResponse(request, { status: 400, code: 'InvalidArgument', message, fields });
}

export function invalidRequest(request: Ids, message: string): S3Response {
  return buildErrorResponse(request, { status: 400, code: 'InvalidRequest', message });
}

export function malformedXml(request: Ids): S3Response {
  return buildErrorResponse(request, {
    status: 400, code: 'MalformedXML',
    message: 'The XML you provided was not well-formed or did not validate against our published schema',
  });
}

export function notImplemented(request: Ids): S3Response {
  return buildErrorResponse(request, {
    status: 501, code: 'NotImplemented', message: 'A header you provided implies functionality that is not implemented',
  });
}

export function methodNotAllowed(request: Ids, method: string, resourceType: string): S3Response {
  return buildErrorResponse(request, {
    status: 405, code: 'MethodNotAllowed', message: 'The specified method is not allowed against this resource.',
    fields: [['Method', method], ['ResourceType', resourceType]],
  });
}

export function invalidUri(request: Ids): S3Response {
  return buildErrorResponse(request, { status: 400, code: 'InvalidURI', message: "Couldn't parse the specified URI." });
}

export function internalError(request: Ids): S3Response {
  return buildErrorResponse(request, {
    status: 500, code: 'InternalError', message: 'We encountered an internal error. Please try again.',
  });
}

export function badDigest(request: Ids, what: string): S3Response {
  return buildErrorResponse(request, {
    status: 400, code: 'BadDigest', message: `The ${what} you specified did not match the calculated checksum.`,
  });
}

/** AWS's wording for the codes a fault rule most often injects; other codes get a message naming the rule. */
const INJECTED_MESSAGES: Record<string, string> = {
  AccessDenied: 'Access Denied',
  SlowDown: 'Please reduce your request rate.',
  ServiceUnavailable: 'Service is unable to handle request.',
  InternalError: 'We encountered an internal error. Please try again.',
  NoSuchKey: 'The specified key does not exist.',
  RequestTimeout: 'Your socket connection to the server was not read from or written to within the timeout period. Idle connections will be closed.',
  SignatureDoesNotMatch: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  InvalidAccessKeyId: 'The AWS Access Key Id you provided does not exist in our records.',
  ExpiredToken: 'The provided token has expired.',
  RequestTimeTooSkewed: 'The difference between the request time and the current time is too large.',
};

/** The answer of a `status` fault rule: S3's XML error body with Code, Message, Key, RequestId and HostId. */
export function injectedError(request: Ids & Pick<S3Request, 'key'>, fault: { status: number; code: string; message?: string; rule: string }): S3Response {
  const message = fault.message ?? (Object.hasOwn(INJECTED_MESSAGES, fault.code) ? INJECTED_MESSAGES[fault.code] : `${fault.code} (injected by s3probe fault rule ${fault.rule})`);
  return buildErrorResponse(request, { status: fault.status, code: fault.code, message, fields: request.key === null ? [] : [['Key', request.key]] });
}
