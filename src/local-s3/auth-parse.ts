// Pure parsing of SigV4 credentials from the Authorization header or presigned query parameters.
import type { QueryParams } from './s3-request.js';
import type { S3ErrorSpec } from './s3-response.js';

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
export const MAX_PRESIGNED_EXPIRES_SECONDS = 604_800;

/** `AKID/YYYYMMDD/REGION/SERVICE/aws4_request`, split. */
export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

interface SignedAuthBase {
  credential: CredentialScope;
  /** Lower-cased, in the order the client listed them. */
  signedHeaders: string[];
  signature: string;
  /** `x-amz-date` / `X-Amz-Date` verbatim, and as epoch ms. */
  amzDate: string;
  signedAtMs: number;
  securityToken: string | null;
}

export interface HeaderAuth extends SignedAuthBase {
  kind: 'header';
}

export interface PresignedAuth extends SignedAuthBase {
  kind: 'presigned';
  expiresSeconds: number;
}

export type ParsedAuth = { kind: 'anonymous' } | HeaderAuth | PresignedAuth | { kind: 'invalid'; error: S3ErrorSpec };

/** Query parameters that carry presigned credentials (excluded when re-deriving the signature). */
export const PRESIGN_QUERY_PARAMS = [
  'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature', 'X-Amz-Security-Token',
];

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** `20130524T000000Z` → epoch ms, or null when not in that exact form. */
export function parseAmzDate(text: string): number | null {
  const match = AMZ_DATE.exec(text);
  if (match === null) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  const epochMs = Date.UTC(year, month - 1, day, hour, minute, second);
  const roundTrip = new Date(epochMs);
  return roundTrip.getUTCMonth() === month - 1 && roundTrip.getUTCDate() === day && hour < 24 && minute < 60 && second < 60
    ? epochMs
    : null;
}

/** Decide which SigV4 form a request uses and parse it; reports S3's error for anything malformed. */
export function parseAuthorization(headers: Record<string, string>, query: QueryParams): ParsedAuth {
  const header = headers.authorization;
  const presigned = 'X-Amz-Algorithm' in query || 'X-Amz-Credential' in query || 'X-Amz-Signature' in query;
  if (header !== undefined && presigned) {
    return invalid(400, 'InvalidArgument',
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
      [['ArgumentName', 'Authorization'], ['ArgumentValue', header.slice(0, 20)]]);
  }
  if (header !== undefined) return parseHeaderAuth(header, headers);
  if (presigned) return parsePresignedAuth(query);
  if ('Signature' in query && 'AWSAccessKeyId' in query) return unsupportedMechanism();
  return { kind: 'anonymous' };
}

function parseHeaderAuth(header: string, headers: Record<string, string>): ParsedAuth {
  if (header.startsWith('AWS ')) return unsupportedMechanism();
  if (!header.startsWith(`${SIGV4_ALGORITHM} `)) {
    return invalid(400, 'InvalidArgument', 'Unsupported Authorization Type', [['ArgumentName', 'Authorization'], ['ArgumentValue', header.split(' ')[0]]]);
  }
  const components = new Map<string, string>();
  for (const part of header.slice(SIGV4_ALGORITHM.length + 1).split(',')) {
    const equals = part.indexOf('=');
    if (equals > 0) components.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
  }
  const credentialText = components.get('Credential');
  const signedHeadersText = components.get('SignedHeaders');
  const signature = components.get('Signature');
  if (credentialText === undefined || signedHeadersText === undefined || signature === undefined) {
    return headerMalformed('the authorization header requires three components: Credential, SignedHeaders, and Signature.');
  }
  const credential = parseCredential(credentialText);
  if (credential === null) {
    return headerMalformed('the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".');
  }
  const amzDate = headers['x-amz-date'] ?? '';
  const signedAtMs = parseAmzDate(amzDate);
  if (signedAtMs === null) return invalid(403, 'AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
  if (credential.date !== amzDate.slice(0, 8)) {
    return headerMalformed('Invalid credential date. Date is not the same as X-Amz-Date.');
  }
  const signedHeaders = signedHeadersText.split(';').map((name) => name.trim().toLowerCase());
  const securityToken = headers['x-amz-security-token'] ?? null;
  return { kind: 'header', credential, signedHeaders, signature, amzDate, signedAtMs, securityToken };
}

function parsePresignedAuth(query: QueryParams): ParsedAuth {
  const values = new Map(PRESIGN_QUERY_PARAMS.map((name) => [name, single(query[name])]));
  const required = PRESIGN_QUERY_PARAMS.filter((name) => name !== 'X-Amz-Security-Token');
  if (required.some((name) => values.get(name) === undefined)) {
    return queryError(
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
  }
  if (values.get('X-Amz-Algorithm') !== SIGV4_ALGORITHM) return queryError(`X-Amz-Algorithm only supports "${SIGV4_ALGORITHM}"`);
  const credential = parseCredential(values.get('X-Amz-Credential') ?? '');
  if (credential === null) {
    return queryError('Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".');
  }
  const amzDate = values.get('X-Amz-Date') ?? '';
  const signedAtMs = parseAmzDate(amzDate);
  if (signedAtMs === null) return queryError(`X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`);
  if (credential.date !== amzDate.slice(0, 8)) return queryError('Invalid credential date. Date is not the same as X-Amz-Date.');
  const expiresText = values.get('X-Amz-Expires') ?? '';
  if (!/^\d{1,9}$/.test(expiresText)) return queryError('X-Amz-Expires should be a number');
  const expiresSeconds = Number(expiresText);
  if (expiresSeconds > MAX_PRESIGNED_EXPIRES_SECONDS) {
    return queryError(`X-Amz-Expires must be less than a week (in seconds) that is, the given X-Amz-Expires must be less than ${MAX_PRESIGNED_EXPIRES_SECONDS} seconds`);
  }
  const signedHeaders = (values.get('X-Amz-SignedHeaders') ?? '').split(';').map((name) => name.trim().toLowerCase());
  const signature = values.get('X-Amz-Signature') ?? '';
  const securityToken = values.get('X-Amz-Security-Token') ?? null;
  return { kind: 'presigned', credential, signedHeaders, signature, amzDate, signedAtMs, securityToken, expiresSeconds };
}

function parseCredential(text: string): CredentialScope | null {
  const parts = text.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || parts.slice(0, 4).some((part) => part === '')) return null;
  if (!/^\d{8}$/.test(parts[1])) return null;
  const [accessKeyId, date, region, service] = parts;
  return { accessKeyId, date, region, service };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function invalid(status: number, code: string, message: string, fields: Array<[string, string]> = []): ParsedAuth {
  return { kind: 'invalid', error: { status, code, message, fields } };
}

function headerMalformed(detail: string): ParsedAuth {
  return invalid(400, 'AuthorizationHeaderMalformed', `The authorization header is malformed; ${detail}`);
}

function queryError(message: string): ParsedAuth {
  return invalid(400, 'AuthorizationQueryParametersError', message);
}

function unsupportedMechanism(): ParsedAuth {
  return invalid(400, 'InvalidRequest', 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.');
}
