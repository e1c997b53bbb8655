// scrubErrorBody on S3-shaped error bodies: what it hides, what it keeps byte for byte, and bodies cut off anywhere.
import { describe, expect, it } from 'vitest';
import { parseErrorCode } from './response-facts.js';
import { scrubErrorBody } from './scrub-error-body.js';

const KEY_ID = 'ASIAQWERTYZXCVBN7Q2W';
const TOKEN = 'IQoJb3JpZ2luX2VjEHoaCXVzLWVhc3QtMSJHMEUCIQDtokenLEAK+w/Zq==';
const SIGNATURE = 'e8840b94be41f1ba8cfe8d915c293903d3332834055cbc2dc600c197252e87bc';
const HOST_ID = 'xFrE98R4i4nagXH35KlRKbc0qnqSA3voMemHJ5xN92ehP3w7QZeqsQ9O94iJhGdeBOmz0S5aS9A=';
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const SIGNATURE_MESSAGE = 'The request signature we calculated does not match the signature you provided. Check your key and signing method.';

/** S3's `…Bytes` form: each UTF-8 byte as two hex digits, separated by spaces. */
function hexBytes(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const STRING_TO_SIGN = 'AWS4-HMAC-SHA256\n20240501T101500Z\n20240501/us-east-1/s3/aws4_request\n8b1e07b140147c77ec722fd60085afc9dc9da050696f6a0dde05092dbbb33c33';
const HEADER_CANONICAL_REQUEST = [
  'GET', '/s3probe-bucket/run-1/obj-0001', '', 'host:s3.us-east-1.amazonaws.com', 'range:bytes=0-0',
  'x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'x-amz-date:20240501T101500Z',
  `x-amz-security-token:${TOKEN}`, '', 'host;range;x-amz-content-sha256;x-amz-date;x-amz-security-token',
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
].join('\n');
const PRESIGNED_CANONICAL_REQUEST = [
  'GET', '/s3probe-bucket/run-1/obj-0001',
  `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${KEY_ID}%2F20240501%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20240501T101500Z`
    + `&X-Amz-Expires=900&X-Amz-Security-Token=${encodeURIComponent(TOKEN)}&X-Amz-SignedHeaders=host`,
  'host:s3.us-east-1.amazonaws.com', '', 'host', 'UNSIGNED-PAYLOAD',
].join('\n');

/** A SignatureDoesNotMatch body as S3 writes it: every element, in S3's order. */
function signatureDoesNotMatch(canonicalRequest: string): string {
  return `${DECLARATION}<Error><Code>SignatureDoesNotMatch</Code><Message>${SIGNATURE_MESSAGE}</Message>`
    + `<AWSAccessKeyId>${KEY_ID}</AWSAccessKeyId><StringToSign>${STRING_TO_SIGN}</StringToSign>`
    + `<SignatureProvided>${SIGNATURE}</SignatureProvided><StringToSignBytes>${hexBytes(STRING_TO_SIGN)}</StringToSignBytes>`
    + `<CanonicalRequest>${escapeXml(canonicalRequest)}</CanonicalRequest><CanonicalRequestBytes>${hexBytes(canonicalRequest)}</CanonicalRequestBytes>`
    + `<RequestId>4442587FB7D0A2F9</RequestId><HostId>${HOST_ID}</HostId></Error>`;
}

const SCRUBBED_SIGNATURE_DOES_NOT_MATCH = `${DECLARATION}<Error><Code>SignatureDoesNotMatch</Code><Message>${SIGNATURE_MESSAGE}</Message>`
  + '<AWSAccessKeyId>…7Q2W</AWSAccessKeyId><StringToSign>[redacted]</StringToSign><SignatureProvided>[redacted]</SignatureProvided>'
  + '<StringToSignBytes>[redacted]</StringToSignBytes><CanonicalRequest>[redacted]</CanonicalRequest>'
  + `<CanonicalRequestBytes>[redacted]</CanonicalRequestBytes><RequestId>4442587FB7D0A2F9</RequestId><HostId>${HOST_ID}</HostId></Error>`;

const EXPIRED_TOKEN = `${DECLARATION}<Error><Code>ExpiredToken</Code><Message>The provided token has expired.</Message>`
  + `<Token-0>${TOKEN}</Token-0><RequestId>8F73002DD7CE6806</RequestId><HostId>${HOST_ID}</HostId></Error>`;
const INVALID_TOKEN = `${DECLARATION}<Error><Code>InvalidToken</Code><Message>The provided token is malformed or otherwise invalid.</Message>`
  + `<RequestId>CBFNVADDAZ8661HK</RequestId><HostId>${HOST_ID}</HostId><Token-0>${TOKEN}</Token-0></Error>`;
const INVALID_ACCESS_KEY_ID = `${DECLARATION}<Error><Code>InvalidAccessKeyId</Code><Message>The AWS Access Key Id you provided does not exist in our records.</Message>`
  + `<AWSAccessKeyId>${KEY_ID}</AWSAccessKeyId><RequestId>0B1C3A2D4E5F6071</RequestId><HostId>${HOST_ID}</HostId></Error>`;

/** Bodies with nothing to hide: kept byte for byte. */
const HARMLESS = {
  noSuchKey: `${DECLARATION}<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>run-1/café ü &amp; x</Key>`
    + `<RequestId>4442587FB7D0A2F9</RequestId><HostId>${HOST_ID}</HostId></Error>`,
  accessDenied: `${DECLARATION}<Error>\n  <Code>AccessDenied</Code>\n  <Message>Access Denied</Message>\n  <RequestId>7SV3DMYRJ2KZ6N8M</RequestId>\n`
    + `  <HostId>${HOST_ID}</HostId>\n</Error>\n`,
  requestExpired: `${DECLARATION}<Error><Code>AccessDenied</Code><Message>Request has expired</Message><X-Amz-Expires>900</X-Amz-Expires>`
    + '<Expires>2024-05-01T10:30:00Z</Expires><ServerTime>2024-05-01T10:31:07Z</ServerTime><RequestId>A1B2C3D4E5F60718</RequestId>'
    + `<HostId>${HOST_ID}</HostId></Error>`,
  invalidRange: `${DECLARATION}<Error><Code>InvalidRange</Code><Message>The requested range is not satisfiable</Message>`
    + '<RangeRequested>bytes=0-0</RangeRequested><ActualObjectSize>0</ActualObjectSize><RequestId>4442587FB7D0A2F9</RequestId>'
    + `<HostId>${HOST_ID}</HostId></Error>`,
  tokenRefreshRequired: `${DECLARATION}<Error><Code>TokenRefreshRequired</Code><Message>The provided token must be refreshed.</Message>`
    + '<Token-0></Token-0><Token-1/><RequestId>4442587FB7D0A2F9</RequestId></Error>',
  notXml: 'Service Unavailable',
};

/** Every run of 6 characters of a secret, as text and as S3's hex bytes: none may survive a scrub. */
function fragmentsOf(secrets: string[]): string[] {
  const fragments = new Set<string>();
  for (const secret of secrets) {
    for (const form of [secret, encodeURIComponent(secret), hexBytes(secret)]) {
      const length = form === secret || form === encodeURIComponent(secret) ? 6 : 17;
      for (let i = 0; i + length <= form.length; i++) fragments.add(form.slice(i, i + length));
    }
  }
  return [...fragments];
}

const SECRET_FRAGMENTS = fragmentsOf([KEY_ID, TOKEN, SIGNATURE]);

function leaksIn(text: string): string[] {
  return SECRET_FRAGMENTS.filter((fragment) => text.includes(fragment));
}

describe('scrubErrorBody', () => {
  it('SignatureDoesNotMatch (header form, temporary credentials): key id cut to its suffix, every signing element redacted', () => {
    const body = signatureDoesNotMatch(HEADER_CANONICAL_REQUEST);
    expect(leaksIn(body).length).toBeGreaterThan(0);
    expect(scrubErrorBody(body)).toBe(SCRUBBED_SIGNATURE_DOES_NOT_MATCH);
  });

  it('SignatureDoesNotMatch of a presigned URL: the canonical request with X-Amz-Credential and X-Amz-Security-Token is redacted', () => {
    const body = signatureDoesNotMatch(PRESIGNED_CANONICAL_REQUEST);
    expect(body).toContain('&amp;X-Amz-Security-Token=');
    expect(scrubErrorBody(body)).toBe(SCRUBBED_SIGNATURE_DOES_NOT_MATCH);
  });

  it('ExpiredToken and InvalidToken: the echoed Token-0 is redacted, wherever it stands', () => {
    expect(scrubErrorBody(EXPIRED_TOKEN)).toBe(EXPIRED_TOKEN.replace(TOKEN, '[redacted]'));
    expect(scrubErrorBody(INVALID_TOKEN)).toBe(INVALID_TOKEN.replace(TOKEN, '[redacted]'));
  });

  it('InvalidAccessKeyId: only the last four characters of the key id are kept', () => {
    expect(scrubErrorBody(INVALID_ACCESS_KEY_ID)).toBe(INVALID_ACCESS_KEY_ID.replace(KEY_ID, '…7Q2W'));
  });

  it('a body cut off inside an element (the 8192-byte cap): the open element is redacted to the end', () => {
    const body = signatureDoesNotMatch(PRESIGNED_CANONICAL_REQUEST);
    const cut = body.slice(0, body.indexOf('X-Amz-Security-Token=') + 30);
    expect(scrubErrorBody(cut)).toBe(SCRUBBED_SIGNATURE_DOES_NOT_MATCH.slice(0, SCRUBBED_SIGNATURE_DOES_NOT_MATCH.indexOf('<CanonicalRequest>') + 18) + '[redacted]');
    const inKeyId = body.slice(0, body.indexOf(KEY_ID) + 10);
    expect(scrubErrorBody(inKeyId)).toMatch(/<AWSAccessKeyId>\[redacted\]$/);
    const inClosingTag = body.slice(0, body.indexOf('</SignatureProvided>') + 8);
    expect(scrubErrorBody(inClosingTag)).toMatch(/<SignatureProvided>\[redacted\]<\/Signat$/);
  });

  it('cut at every length, no fragment of the key id, token or signature survives, and the Code is still read', () => {
    for (const body of [signatureDoesNotMatch(HEADER_CANONICAL_REQUEST), signatureDoesNotMatch(PRESIGNED_CANONICAL_REQUEST), EXPIRED_TOKEN, INVALID_TOKEN, INVALID_ACCESS_KEY_ID]) {
      const code = parseErrorCode(body);
      const codeEnd = body.indexOf('</Code>') + '</Code>'.length;
      for (let length = 0; length <= body.length; length++) {
        const scrubbed = scrubErrorBody(body.slice(0, length));
        expect(leaksIn(scrubbed), `${code} cut at ${length}`).toEqual([]);
        if (length >= codeEnd) expect(parseErrorCode(scrubbed)).toBe(code);
      }
    }
  });

  it('signing parameters and token header lines are redacted anywhere in the text, outside any known element', () => {
    const stray = `<Error><Code>Odd</Code><Message>x</Message><Resource>/b/k?X-Amz-Credential=${KEY_ID}%2F20240501&amp;X-Amz-Signature=${SIGNATURE}`
      + `&amp;x-amz-security-token=${encodeURIComponent(TOKEN)}</Resource><Header>x-amz-security-token: ${TOKEN}\nhost:h</Header>`
      + `<Authorization>AWS4-HMAC-SHA256 Credential=${KEY_ID}/20240501/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=${SIGNATURE}</Authorization></Error>`;
    expect(scrubErrorBody(stray)).toBe(
      '<Error><Code>Odd</Code><Message>x</Message><Resource>/b/k?X-Amz-Credential=[redacted]&amp;X-Amz-Signature=[redacted]'
      + '&amp;x-amz-security-token=[redacted]</Resource><Header>x-amz-security-token: [redacted]\nhost:h</Header>'
      + '<Authorization>AWS4-HMAC-SHA256 Credential=[redacted], SignedHeaders=host;x-amz-date, Signature=[redacted]</Authorization></Error>',
    );
  });

  it('a CDATA section inside a secret element is redacted whole', () => {
    expect(scrubErrorBody(`<Error><StringToSign><![CDATA[a<b>${TOKEN}]]></StringToSign><RequestId>R</RequestId></Error>`))
      .toBe('<Error><StringToSign>[redacted]</StringToSign><RequestId>R</RequestId></Error>');
  });

  it('bodies with nothing to hide are kept byte for byte', () => {
    for (const [name, body] of Object.entries(HARMLESS)) expect(scrubErrorBody(body), name).toBe(body);
  });

  it('scrubbing twice changes nothing more', () => {
    for (const body of [signatureDoesNotMatch(PRESIGNED_CANONICAL_REQUEST), EXPIRED_TOKEN, INVALID_ACCESS_KEY_ID, ...Object.values(HARMLESS)]) {
      expect(scrubErrorBody(scrubErrorBody(body))).toBe(scrubErrorBody(body));
    }
  });
});
