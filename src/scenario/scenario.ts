// The validated, normalised scenario that every later layer reads (camelCase of the file's kebab-case keys).
import type { Method } from '../probes/probe-record.js';

export type Target = 'local' | 's3';

export interface Scenario {
  version: 1;
  name: string;
  target: Target;
  /** Endpoint URL for target s3 (undefined = AWS). Ignored for local, which picks a free port. */
  endpoint?: string;
  region: string;
  bucket: string;
  /** Everything a run creates lives under `<prefix><run-id>/`. */
  prefix: string;
  objects: { count: number; sizeBytes: number[] };
  methods: Method[];
  schedule: {
    /** Negative offsets relative to the upload's start, ascending. */
    beforeUploadMs: number[];
    /** Non-negative offsets relative to the upload's completion, ascending. */
    afterUploadMs: number[];
    uploadIntervalMs: number;
  };
  concurrency: number;
  seed: number;
  sdk: {
    maxAttempts: number;
    requestTimeoutMs: number;
    /** Ceph RGW 16 rejects trailing checksums on streamed bodies: WHEN_REQUIRED avoids them. */
    requestChecksumCalculation: 'WHEN_SUPPORTED' | 'WHEN_REQUIRED';
  };
  cleanup: boolean;
  pathStyle: boolean;
  /** AWS shared-config profile name, target s3 only. */
  profile?: string;
  /** Injected misbehaviour of the embedded endpoint (target local only); empty = none. */
  faults: FaultRule[];
  /** Consistency model of the embedded endpoint (target local only); zeros = strongly consistent like S3 since 2020. */
  consistency: {
    /** After a PUT completes, reads of that key answer as if it did not exist for this long, per method. */
    visibilityDelayMs: Record<Method, number>;
    /** After a DELETE completes, reads of that key still answer as if it existed for this long. */
    staleAfterDeleteMs: number;
  };
  /** Named identities of the embedded endpoint (target local only); at least one. */
  identities: IdentitySpec[];
  /** Which identity uploads (and cleans up). */
  uploader: string;
  /** Which identity probes. */
  prober: string;
  /** Threshold expressions checked after a run, e.g. "head.forbidden-rate < 0.001" (docs/reports.md); a failure exits 99. */
  thresholds: string[];
  /** What to fire when a probe answers in a way that needs explaining. */
  followUp: { onHead403: 'ranged-get' | 'none' };
  /** Experiment arms (scenario `arms:`); absent = one implicit arm named `default` (sdk, keep-alive, the prober, with pre-upload probes). */
  arms?: ArmSpec[];
}

export interface IdentitySpec {
  name: string;
  /** Without s3:ListBucket, S3 answers 403 AccessDenied (not 404) for missing keys, on every method. */
  listBucket: boolean;
}

/** Methods as a fault rule sees them, judged from the HTTP request itself. */
export type FaultMethod = Method | 'put' | 'any';

export interface FaultRule {
  method: FaultMethod;
  /** Whether the key exists yet on the server. */
  when: 'before-upload' | 'after-upload' | 'any';
  /** Time since that key's PUT completed on the server, [from, to] ms inclusive. */
  windowMs?: [number, number];
  /** Exactly one of probability (0..1, seeded) or every (every Nth matching request). */
  probability?: number;
  every?: number;
  action: FaultAction;
}

export type FaultAction =
  | { kind: 'status'; status: number; code: string; message?: string }
  | { kind: 'delay'; delayMs: number }
  | { kind: 'reset' }
  | { kind: 'stall' }
  | { kind: 'truncate' };

/** Where a scenario came from, kept verbatim in the `runs` table. */
export interface ScenarioSource {
  path: string;
  text: string;
}

/** One arm: a variant of the probing that differs in one factor, interleaved with the others in one schedule. */
export interface ArmSpec {
  name: string;
  engine: 'sdk' | 'raw' | 'presigned';
  connection: 'keep-alive' | 'fresh' | 'fresh-dns';
  /** target local: the identity that probes in this arm (default the scenario's prober). */
  identity?: string;
  /** target s3: the AWS profile this arm probes with (default the scenario's profile). */
  profile?: string;
  /** false = this arm skips the before-upload offsets. */
  preUploadProbes: boolean;
}
