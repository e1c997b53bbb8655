// The one record type that flows through every layer: a probe (one planned request) and its HTTP attempts.

/** Probe methods, named as in the scenario file (`methods:`), the probe files and the summary rows; the summary lists them in this order. */
export const METHODS = ['head', 'ranged-get', 'get', 'get-object-attributes', 'list-prefix', 'head-if-match'] as const;
export type Method = (typeof METHODS)[number];

/** What a scenario without `methods:` probes with: the three methods of the original report. */
export const DEFAULT_METHODS: readonly Method[] = ['head', 'ranged-get', 'get'];

/** Whether a probe was planned relative to the upload's start (before) or completion (after). */
export const PHASES = ['before-upload', 'after-upload'] as const;
export type Phase = (typeof PHASES)[number];

/** Why a probe was fired: it was planned, or it follows up another probe's answer (a ranged GET after a HEAD 403). */
export const TRIGGERS = ['plan', 'follow-up'] as const;
export type Trigger = (typeof TRIGGERS)[number];

/** One HTTP attempt as seen by the per-attempt capture middleware. A failure is a field, never an exception. */
export interface AttemptRecord {
  /** 1-based, as in `amz-sdk-request: attempt=N`. */
  attempt: number;
  /** Epoch milliseconds with sub-millisecond precision (performance.timeOrigin + performance.now()). */
  startedAtMs: number;
  /** When response headers arrived, or the network error surfaced. */
  endedAtMs: number;
  /** HTTP status, or null when no HTTP response arrived. */
  status: number | null;
  /** S3 error `Code` from the XML body (null on success and on HEAD errors, which have no body). */
  errorCode: string | null;
  /** The error body, capped at ERROR_BODY_CAP_BYTES and scrubbed of key ids, signatures and tokens (s3/scrub-error-body.ts). */
  errorBody: string | null;
  /** Network-level failure class when status is null: ECONNRESET, ECONNREFUSED, ENOTFOUND, timeout, truncated … */
  errorClass: string | null;
  requestId: string | null;
  extendedRequestId: string | null;
  /** The response `Date` header, verbatim. */
  responseDate: string | null;
  remoteAddress: string | null;
  remotePort: number | null;
  localPort: number | null;
  /** True when this attempt went over a socket that had already carried a request. */
  socketReused: boolean | null;
  contentRange: string | null;
  etag: string | null;
  /** Requests this socket has carried, this one included (1 = a new connection); null/absent when unknown. */
  socketRequests?: number | null;
  /** The `x-amz-date` the attempt was signed with (`X-Amz-Date` for presigned URLs); null/absent when unknown. */
  amzDate?: string | null;
}

export const ERROR_BODY_CAP_BYTES = 8192;

/** A planned probe and what happened to it. Status fields mirror the last attempt. */
export interface ProbeRecord {
  runId: string;
  objectKey: string;
  method: Method;
  phase: Phase;
  /** Planned offset: relative to upload start (before-upload, negative) or upload completion (after-upload). */
  offsetMs: number;
  /** Planned fire time, epoch ms. */
  plannedAtMs: number;
  /** Actual fire time, epoch ms. */
  startedAtMs: number;
  /** Whole probe duration including retries and draining the body. */
  latencyMs: number;
  status: number | null;
  errorCode: string | null;
  errorBody: string | null;
  errorClass: string | null;
  requestId: string | null;
  extendedRequestId: string | null;
  /** Number of HTTP attempts made (length of `attemptRecords`). */
  attempts: number;
  /** Body bytes received (get and ranged-get), null for head. */
  bytes: number | null;
  attemptRecords: AttemptRecord[];
  /** Harness-assigned number, 1-based per run in firing order; null when fired outside a plan walk (benchmark, tests). */
  seq: number | null;
  /** 'plan' for planned probes; 'follow-up' for probes fired because of another probe's answer. */
  trigger: Trigger;
  /** For a follow-up: `seq` of the probe whose answer triggered it (the HEAD that answered 403); null otherwise. */
  followsSeq: number | null;
  /** The scenario arm that fired it; absent = `default` (a scenario without `arms:`). */
  arm?: string;
  /** list-prefix only: whether the listing (prefix = the key) named the key; absent/null for other methods and non-listing answers. */
  keyListed?: boolean | null;
}

/** One uploaded object, as recorded in the `objects` table. */
export interface ObjectRecord {
  runId: string;
  key: string;
  sizeBytes: number;
  uploadStartedAtMs: number;
  uploadEndedAtMs: number | null;
  /** PutObject HTTP status, or null when no response arrived. */
  status: number | null;
  errorCode: string | null;
  etag: string | null;
  /** Whether cleanup deleted it. */
  deleted: boolean;
}

/** One request as the embedded endpoint logged it (ground truth), as recorded in the `endpoint_log` table. */
export interface EndpointLogRecord {
  runId: string;
  /** When the request arrived at the endpoint, epoch ms. */
  atMs: number;
  /** HTTP method: HEAD, GET, PUT, POST, DELETE … */
  httpMethod: string;
  /** S3 operation, e.g. HeadObject, GetObject, PutObject, DeleteObjects, or 'unknown'. */
  operation: string;
  bucket: string | null;
  objectKey: string | null;
  requestId: string | null;
  /** HTTP status the endpoint sent; null when it sent none (connection reset, stalled). */
  status: number | null;
  errorCode: string | null;
  /** The scenario rule or model that decided the answer (e.g. `faults[0]`, `consistency.visibility-delay-ms`); null = the plain store. */
  decidedBy: string | null;
  /** Whether the key existed on the server when the request arrived (whatever a model showed); null without a key or unknown. */
  keyExisted?: boolean | null;
  /** Milliseconds from the key's PUT completing on the server to this request's arrival, when it existed; else null. */
  msSincePut?: number | null;
}
