import { describe, expect, it } from 'vitest';
import { parseAmzDate, parseAuthorization } from './auth-parse.js';

const SIGNATURE = 'f'.repeat(64);
const HEADER = `AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=${SIGNATURE}`;

function codeOf(result: ReturnType<typeof parseAuthorization>): string {
  return result.kind === 'invalid' ? `${result.error.status} ${result.error.code}` : result.kind;
}

describe('parseAmzDate', () => {
  it('parses the long ISO 8601 basic form and rejects anything else', () => {
    expect(parseAmzDate('20240101T000102Z')).toBe(Date.UTC(2024, 0, 1, 0, 1, 2));
    expect(parseAmzDate('20240230T000000Z')).toBeNull();
    expect(parseAmzDate('2024-01-01T00:00:00Z')).toBeNull();
    expect(parseAmzDate('20240101T250000Z')).toBeNull();
  });
});

describe('parseAuthorization', () => {
  it('parses the header form', () => {
    expect(parseAuthorization({ authorization: HEADER, 'x-amz-date': '20240101T000000Z', 'x-amz-security-token': 'tok' }, {})).toEqual({
      kind: 'header',
      credential: { accessKeyId: 'AKID', date: '20240101', region: 'us-east-1', service: 's3' },
      signedHeaders: ['host', 'x-amz-date'],
      signature: SIGNATURE,
      amzDate: '20240101T000000Z',
      signedAtMs: Date.UTC(2024, 0, 1),
      securityToken: 'tok',
    });
  });

  it('parses the presigned query form', () => {
    const query = {
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256', 'X-Amz-Credential': 'AKID/20240101/us-east-1/s3/aws4_request', 'X-Amz-Date': '20240101T000000Z',
      'X-Amz-Expires': '60', 'X-Amz-SignedHeaders': 'host', 'X-Amz-Signature': SIGNATURE, 'x-id': 'GetObject',
    };
    expect(parseAuthorization({}, query)).toMatchObject({ kind: 'presigned', expiresSeconds: 60, signedHeaders: ['host'], securityToken: null });
  });

  it('treats a request without credentials as anonymous', () => {
    expect(codeOf(parseAuthorization({}, { 'list-type': '2' }))).toBe('anonymous');
  });

  it.each([
    ['SigV2 header', { authorization: 'AWS AKID:sig' }, {}, '400 InvalidRequest'],
    ['unknown scheme', { authorization: 'Bearer x' }, {}, '400 InvalidArgument'],
    ['missing component', { authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/s3/aws4_request', 'x-amz-date': '20240101T000000Z' }, {}, '400 AuthorizationHeaderMalformed'],
    ['bad credential', { authorization: HEADER.replace('aws4_request', 'aws5'), 'x-amz-date': '20240101T000000Z' }, {}, '400 AuthorizationHeaderMalformed'],
    ['missing x-amz-date', { authorization: HEADER }, {}, '403 AccessDenied'],
    ['scope date differs from x-amz-date', { authorization: HEADER, 'x-amz-date': '20240102T000000Z' }, {}, '400 AuthorizationHeaderMalformed'],
    ['header and query auth together', { authorization: HEADER }, { 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256' }, '400 InvalidArgument'],
    ['incomplete presigned query', {}, { 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256' }, '400 AuthorizationQueryParametersError'],
  ])('reports %s as S3 does', (_label, headers: Record<string, string>, query: Record<string, string>, expected) => {
    expect(codeOf(parseAuthorization(headers, query))).toBe(expected);
  });

  it('rejects presigned expiry beyond a week', () => {
    const query = {
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256', 'X-Amz-Credential': 'AKID/20240101/us-east-1/s3/aws4_request', 'X-Amz-Date': '20240101T000000Z',
      'X-Amz-Expires': '604801', 'X-Amz-SignedHeaders': 'host', 'X-Amz-Signature': SIGNATURE,
    };
    expect(codeOf(parseAuthorization({}, query))).toBe('400 AuthorizationQueryParametersError');
  });
});
