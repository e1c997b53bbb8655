// Scrubs an S3 error body of what identifies or authenticates its caller (key ids, signatures, strings to sign, canonical requests, tokens); every other byte stays as sent.

const REDACTED = '[redacted]';

/**
 * Elements whose whole content is secret or derived from secrets, by S3's names: SignatureDoesNotMatch carries the
 * signature, the string to sign and the canonical request (signed header values such as `x-amz-security-token`, or a
 * presigned URL's `X-Amz-Credential` / `X-Amz-Security-Token`), each also as hex bytes; InvalidToken and ExpiredToken
 * echo the session token as `Token-0`. The other names are the forms S3-compatible stores use for a token.
 */
const SECRET_ELEMENTS = 'SignatureProvided|StringToSign(?:Bytes)?|CanonicalRequest(?:Bytes)?|Token(?:-\\d+)?|SecurityToken|SessionToken|X-Amz-Security-Token';

/**
 * An opening tag of a secret element (or `AWSAccessKeyId`) and its content. The content ends at the next `<`, as escaped
 * XML text always does, or at the end of the text when the body was cut off (ERROR_BODY_CAP_BYTES) inside it; CDATA
 * sections are taken whole.
 */
const ELEMENT = new RegExp(
  `<(AWSAccessKeyId|${SECRET_ELEMENTS})(?:\\s[^<>]*)?>((?:<!\\[CDATA\\[[\\s\\S]*?(?:\\]\\]>|$)|[^<])*)`,
  'gi',
);

/** `X-Amz-Signature=`, `X-Amz-Credential=`, `X-Amz-Security-Token=` (a URL's query) and `Signature=`, `Credential=` (an Authorization header): the value ends at `&`, `,`, whitespace, a quote or markup. */
const PARAMETER = /\b((?:X-Amz-)?(?:Signature|Credential|Security-Token)=)[^&,;\s<>"']+/gi;

/** An `x-amz-security-token:` header line (a canonical request's): the value runs to the end of the line. */
const TOKEN_HEADER = /\b(x-amz-security-token[ \t]*:[ \t]*)[^\r\n<]+/gi;

/**
 * The body with the content of `AWSAccessKeyId` cut to its last four characters (`…2345`, the suffix the harness records
 * elsewhere; `[redacted]` when the body was cut off inside it), the content of the secret elements replaced by `[redacted]`, and
 * the values of signing parameters and token header lines replaced by `[redacted]` wherever they appear. Idempotent.
 */
export function scrubErrorBody(text: string): string {
  return text
    .replace(ELEMENT, (whole: string, name: string, content: string, offset: number) => {
      const open = whole.slice(0, whole.length - content.length);
      if (content === '' || open.endsWith('/>')) return whole;
      if (name.toLowerCase() !== 'awsaccesskeyid') return open + REDACTED;
      const closed = text.startsWith(`</${name}>`, offset + whole.length);
      return open + (closed ? `…${content.trim().slice(-4)}` : REDACTED);
    })
    .replace(PARAMETER, `$1${REDACTED}`)
    .replace(TOKEN_HEADER, `$1${REDACTED}`);
}
