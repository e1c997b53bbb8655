// The probe-engine seam: what turns a ProbeOrder into a ProbeRecord (SDK, raw signed HTTP, presigned URL), and the extra facts the HTTP engines record.
import type { ProbeOrder } from '../probes/run-probe.js';
import type { AttemptRecord, ProbeRecord } from '../probes/probe-record.js';

/** Engine names, as a scenario arm would spell them. */
export const ENGINE_NAMES = ['sdk', 'raw', 'presigned'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

/**
 * How an HTTP engine connects: `keep-alive` shares a pool sized to the concurrency; `fresh` opens a new connection per
 * attempt; `fresh-dns` also resolves the endpoint host per attempt and connects to the address it got.
 */
export const CONNECTION_MODES = ['keep-alive', 'fresh', 'fresh-dns'] as const;
export type ConnectionMode = (typeof CONNECTION_MODES)[number];

/** Fires probes. A probe failure is data in the record; `probe` rejects only on a harness error (a method it cannot fire). */
export interface ProbeEngine<R extends ProbeRecord = ProbeRecord> {
  readonly name: EngineName;
  probe(order: ProbeOrder): Promise<R>;
  /** Closes the engine's sockets; probes in flight end with errorClass ECONNABORTED (HTTP engines). */
  destroy(): void;
}

/** What the raw and presigned engines know about each attempt beyond AttemptRecord (issue 7 §2). No secret is in here. */
export interface RawAttemptFacts {
  /** The signing clock's time when the request (or URL) was signed, epoch ms with sub-ms precision. */
  signedAtMs: number;
  /** The `x-amz-date` sent (header for raw, `X-Amz-Date` query parameter for presigned), e.g. `20261204T152807Z`. */
  amzDate: string;
  /** Last four characters of the access key id that signed. */
  accessKeyIdSuffix: string;
  /** `temporary` when the credentials carried a session token. */
  credentialKind: 'static' | 'temporary';
  /** The credentials' expiry, epoch ms; null when they do not expire. */
  credentialExpiresAtMs: number | null;
  /** Requests this socket has carried, this one included (1 = a new connection); null when no socket was assigned. */
  socketRequests: number | null;
  /** The address `fresh-dns` resolved and connected to; null in the other modes. */
  resolvedAddress: string | null;
  /** TLS protocol of the connection (e.g. `TLSv1.3`) for https; null for http or when no socket was assigned. */
  tlsProtocol: string | null;
}

export type RawAttemptRecord = AttemptRecord & RawAttemptFacts;

/** A ProbeRecord whose attempts carry RawAttemptFacts (raw and presigned engines). */
export interface RawProbeRecord extends ProbeRecord {
  attemptRecords: RawAttemptRecord[];
}

/**
 * A new identity resolved by an HTTP engine's CredentialCache or an SDK client (src/s3/credential-observer.ts), the first
 * one included, for the run's credential timeline (`credential-refresh` run events). No secret.
 */
export interface CredentialRefresh {
  /** When the new credentials were obtained, by the engine's (or client's) `now` clock. */
  atMs: number;
  accessKeyIdSuffix: string;
  credentialKind: 'static' | 'temporary';
  expiresAtMs: number | null;
}
