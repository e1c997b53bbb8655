// Plain row shapes read back from the results database; types only, so pure layers (summary, report) can import them.

export type RunStatus = 'running' | 'completed' | 'interrupted' | 'failed';

/** One `runs` row in camelCase (scenario_path and platform are left out; query them with SQL if needed). */
export interface RunRow {
  id: string;
  scenarioName: string;
  scenarioText: string;
  status: RunStatus;
  startedAtMs: number;
  endedAtMs: number | null;
  target: string;
  endpoint: string | null;
  region: string;
  bucket: string;
  prefix: string;
  seed: number;
  concurrency: number;
  maxAttempts: number;
  plannedProbes: number;
  harnessVersion: string;
  sdkVersion: string;
  nodeVersion: string;
  hostName: string;
  commandLine: string;
  note: string | null;
}

/** The `probes` columns the summary needs, one per probe. */
export interface ProbeRow {
  objectKey: string;
  method: string;
  phase: string;
  offsetMs: number;
  /** null when no HTTP response arrived. */
  status: number | null;
  errorCode: string | null;
  errorClass: string | null;
  latencyMs: number;
  attempts: number;
  startedAtMs: number;
  plannedAtMs: number;
  /** 'plan' or 'follow-up' (rows written before schema version 2 read as 'plan'). */
  trigger: string;
  keyListed?: number | null;
  /** The arm that fired it (schema v3 `probes.arm`); absent reads as `default`. */
  arm?: string;
  /** Facts of the last attempt (joined from `attempts`): absent when the source does not read them, null when not recorded. */
  remoteAddress?: string | null;
  socketRequests?: number | null;
  credentialKind?: string | null;
  /** credential_expires_at_ms − started_at_ms of the last attempt: how long its signing identity had left; null = no expiry or unknown. */
  credentialLeftMs?: number | null;
}

/** A run's `endpoint_log` entries counted per probe they belong to (joined on request id) and per answer. */
export interface EndpointTallyRow {
  /** Method of the probe whose attempt carries the request id; null when no recorded attempt does (uploads, cleanup, set-up, requests that got no response). */
  method: string | null;
  /** That probe's trigger; null when method is. */
  trigger: string | null;
  /** S3 operation as the endpoint saw it (HeadObject, GetObject, PutObject …). */
  operation: string;
  /** Status the endpoint sent; null = it sent none. */
  status: number | null;
  decidedBy: string | null;
  /** Status the matching attempt recorded (null when it recorded none, or when method is null). */
  recordedStatus: number | null;
  requests: number;
}

/** A run's recorded probe attempts counted per method, trigger and status. */
export interface AttemptTallyRow {
  method: string;
  trigger: string;
  /** null = no HTTP response. */
  status: number | null;
  attempts: number;
}

/** What the summary needs from the ground-truth log of one run (aggregated in SQL, so it stays small). */
export interface GroundTruthRows {
  endpoint: EndpointTallyRow[];
  /** Recorded attempts without a request id (no response reached the harness), which no log entry can match. */
  withoutRequestId: AttemptTallyRow[];
  /** Every recorded attempt of the run. */
  attempts: number;
}

/** Experiment-arm tallies (summary/arm-tallies.ts): planned probes and 403s per (arm, method). */
export interface ArmTallyRow {
  arm: string;
  method: string;
  probes: number;
  forbidden: number;
}

/** Planned probes, and those answered 403, counted by a fact of their last attempt. */
export interface ForbiddenTallyRow {
  key: string;
  probes: number;
  forbidden: number;
}

export interface ArmTallies {
  arms: ArmTallyRow[];
  byRemoteAddress: ForbiddenTallyRow[];
  bySocketRequests: ForbiddenTallyRow[];
  /** By the time the signing identity had left before it expired (src/summary/credential-expiry.ts buckets). */
  byCredentialExpiry: ForbiddenTallyRow[];
}
