// Where an object request goes: endpoint parsing, path-style vs virtual-host addressing, S3 key encoding. Pure.
import { isIP } from 'node:net';
import { HarnessError } from '../errors.js';

export interface Endpoint {
  protocol: 'http:' | 'https:';
  /** Host name or IP literal as connected to (IPv6 without brackets). */
  hostname: string;
  port: number;
  /** `host[:port]` as sent in the Host header (port only when not the protocol's default). */
  host: string;
}

/** Where one object request is sent. */
export interface ObjectAddress {
  protocol: 'http:' | 'https:';
  /** What to resolve or connect to: the endpoint host, or `<bucket>.<host>` for virtual-host addressing. */
  hostname: string;
  port: number;
  /** The Host header (signed). */
  host: string;
  /** Path as sent and signed: `/<bucket>/<key>` (path-style) or `/<key>` (virtual-host), key URI-encoded; `/<bucket>` or `/` for the bucket. */
  path: string;
}

/** Parses the endpoint URL (`http://127.0.0.1:9000`); undefined means AWS's regional endpoint `https://s3.<region>.amazonaws.com`. */
export function parseEndpoint(endpoint: string | undefined, region: string): Endpoint {
  const text = endpoint ?? `https://s3.${region}.amazonaws.com`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new HarnessError('E_USAGE', `engine endpoint "${text}" is not a URL; expected e.g. http://127.0.0.1:9000 or https://s3.eu-west-1.amazonaws.com.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HarnessError('E_USAGE', `engine endpoint "${text}" uses ${url.protocol}; expected http: or https:.`);
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.username !== '' || url.password !== '') {
    throw new HarnessError('E_USAGE', `engine endpoint "${text}" has a path, query or user info; give only scheme, host and port (e.g. http://127.0.0.1:9000).`);
  }
  const defaultPort = url.protocol === 'https:' ? 443 : 80;
  return {
    protocol: url.protocol,
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? defaultPort : Number(url.port),
    host: url.host,
  };
}

/** The address of `bucket`/`key` on `endpoint`, path-style or virtual-host style. */
export function addressObject(endpoint: Endpoint, bucket: string, key: string, pathStyle: boolean): ObjectAddress {
  const encodedKey = encodeKey(key);
  if (pathStyle) {
    return { protocol: endpoint.protocol, hostname: endpoint.hostname, port: endpoint.port, host: endpoint.host, path: `/${encodeKey(bucket)}/${encodedKey}` };
  }
  if (isIP(endpoint.hostname) !== 0) {
    throw new HarnessError('E_USAGE', `virtual-host addressing needs a host name, but the endpoint is the IP address ${endpoint.hostname}; use path-style addressing for it.`);
  }
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) || bucket.includes('..')) {
    throw new HarnessError('E_USAGE', `bucket "${bucket}" is not a DNS-compatible name, so it cannot be addressed virtual-host style; use path-style addressing.`);
  }
  return {
    protocol: endpoint.protocol,
    hostname: `${bucket}.${endpoint.hostname}`,
    port: endpoint.port,
    host: `${bucket}.${endpoint.host}`,
    path: `/${encodedKey}`,
  };
}

/** The address of the bucket itself (a listing): `/<bucket>` path-style, `/` on `<bucket>.<host>` virtual-host style. */
export function addressBucket(endpoint: Endpoint, bucket: string, pathStyle: boolean): ObjectAddress {
  const object = addressObject(endpoint, bucket, '', pathStyle);
  return { ...object, path: pathStyle ? object.path.slice(0, -1) : '/' };
}

/** URI-encodes each `/`-separated segment as S3 and the AWS SDK do (RFC 3986 unreserved characters kept, `!'()*` escaped). */
export function encodeKey(key: string): string {
  if (UNRESERVED_KEY.test(key)) return key;
  return key.split('/').map(encodeSegment).join('/');
}

/** Keys made only of unreserved characters and `/` are sent as they are. */
const UNRESERVED_KEY = /^[A-Za-z0-9\-._~/]*$/;

function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
