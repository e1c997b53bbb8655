// The report document (reportVersion 1): what `s3probe report` prints as JSON and renders as Markdown and HTML. Types only.

export const REPORT_VERSION = 1;

/** Counts and rates of one group of planned probes (a method, a method in one phase, at one offset …). */
export interface RateStats {
  probes: number;
  forbidden: number;
  /** forbidden / probes; 0 when there are no probes. */
  forbiddenRate: number;
  /** Wilson 95% interval of forbiddenRate; [0, 1] when there are no probes. */
  forbiddenCi95: [number, number];
  /** Probes whose status is not what S3 should answer for their method and phase. */
  unexpected: number;
  unexpectedRate: number;
  unexpectedCi95: [number, number];
}

export interface MethodRow extends RateStats {
  /** head, ranged-get, get, or "all" for totals. */
  method: string;
  /** Probes per HTTP status ("200", "403" …) ascending, then "error" for no HTTP response. */
  statuses: Record<string, number>;
  /** Probes per outcome class (expected, forbidden, stale, phantom …), every class present. */
  classes: Record<string, number>;
}

export interface PhaseRow {
  phase: string;
  methods: MethodRow[];
}

/** Probes at one planned offset: before-upload offsets are relative to the upload's start, after-upload ones to its completion. */
export interface OffsetRow {
  phase: string;
  offsetMs: number;
  /** "−1000 ms" (before the upload started) or "+250 ms" (after it completed). */
  label: string;
  methods: MethodRow[];
}

/** Fisher's exact test (two-sided) of two methods' 403 rates over the same scope. */
export interface Comparison {
  /** "all phases", "before-upload" or "after-upload". */
  scope: string;
  a: { method: string; probes: number; forbidden: number; forbiddenRate: number };
  b: { method: string; probes: number; forbidden: number; forbiddenRate: number };
  pValue: number;
  /** pValue < 0.05. */
  significant: boolean;
}

/** Endpoint clock minus client clock, from response `Date` headers (see docs/reports.md). */
export interface ClockOffset {
  offsetMs: number;
  lowMs: number;
  highMs: number;
  consistent: boolean;
  attempts: number;
}

export interface ShardInfo {
  /** 0-based shard index. */
  index: number;
  count: number;
  /** Name shared by the shards of one plan (the run group). */
  group: string;
}

/** What was run, where and by what: one per run in the report (several for a merged run group). */
export interface RunFacts {
  id: string;
  status: string;
  scenarioName: string;
  scenarioPath: string;
  target: string;
  /** null = AWS's endpoint for the region. */
  endpoint: string | null;
  region: string;
  bucket: string;
  prefix: string;
  seed: number;
  concurrency: number;
  maxAttempts: number;
  plannedProbes: number;
  /** Planned probes recorded. */
  probes: number;
  /** Follow-up probes recorded (not in any rate). */
  followUps: number;
  startedAt: string;
  endedAt: string | null;
  durationMs: number | null;
  harnessVersion: string;
  sdkVersion: string;
  nodeVersion: string;
  platform: string;
  hostName: string;
  commandLine: string;
  note: string | null;
  /** static, temporary, profile, role, … when the run recorded it; never a secret. */
  credentialKind: string | null;
  shard: ShardInfo | null;
  clockOffset: ClockOffset | null;
}

/** A planned probe whose status S3 should not have answered, with the evidence AWS Support asks for (last attempt). */
export interface Anomaly {
  runId: string;
  /** Last attempt's start, ISO 8601 UTC with milliseconds. */
  timeUtc: string;
  method: string;
  phase: string;
  offsetMs: number;
  key: string;
  /** null = no HTTP response (see errorClass). */
  status: number | null;
  errorCode: string | null;
  errorClass: string | null;
  /** Outcome class: forbidden, stale, phantom, throttled, server-error, network-error, timeout, other-unexpected. */
  outcome: string;
  requestId: string | null;
  extendedRequestId: string | null;
  remoteAddress: string | null;
  /** Attempt number of the last attempt (1 = no retries). */
  attempt: number | null;
  /** What the follow-up probe of this probe answered ("ranged-get 206"), if one was fired. */
  followUp: string | null;
}

/** Follow-up probes grouped by what triggered them and what they answered. */
export interface FollowUpRow {
  /** "head 403". */
  trigger: string;
  method: string;
  /** "206", "403 AccessDenied", "no response (ECONNRESET)". */
  answer: string;
  probes: number;
}

export interface TimelinePoint {
  /** Milliseconds since the first run's start. */
  tMs: number;
  method: string;
  /** Outcome class. */
  outcome: string;
}

export interface TrendPoint {
  /** Run id, or the run group's name. */
  label: string;
  runIds: string[];
  startedAt: string;
  status: string;
  methods: Array<{ method: string; probes: number; forbidden: number; forbiddenRate: number; unexpected: number }>;
}

/** An identity the arms in `arms` started signing with (`credential-refresh` run events; identical events of arms sharing a client merged). No secret. */
export interface CredentialRow {
  runId: string;
  arms: string[];
  /** When the identity was obtained, ISO 8601 UTC. */
  obtainedAt: string;
  /** Last four characters of the access key id. */
  accessKeyIdSuffix: string;
  credentialKind: 'static' | 'temporary';
  /** ISO 8601 UTC; null = does not expire. */
  expiresAt: string | null;
  /** Planned probes of these arms whose last attempt this identity signed within `windowMs` before its expiry, and their 403s; null without an expiry. */
  nearExpiry: { probes: number; forbidden: number } | null;
}

export interface ReportData {
  reportVersion: typeof REPORT_VERSION;
  generatedAt: string;
  /** "s3probe 0.1.0". */
  generator: string;
  subject: { kind: 'run' | 'group'; label: string; runIds: string[] };
  runs: RunFacts[];
  scenario: { name: string; path: string; text: string };
  /** Outcome classes in display order (keys of MethodRow.classes). */
  outcomeClasses: string[];
  methods: MethodRow[];
  totals: MethodRow;
  comparisons: Comparison[];
  byPhase: PhaseRow[];
  byOffset: OffsetRow[];
  anomalies: { total: number; cap: number; rows: Anomaly[] };
  followUps: FollowUpRow[];
  /** Planned probes over time; all unexpected ones (up to a cap) plus an even sample of the rest. */
  timeline: { probes: number; sampled: boolean; points: TimelinePoint[] };
  /** Earlier runs of the same scenario, oldest first, this one included; one point = nothing to trend. */
  trend: TrendPoint[];
  /** The credential-expiry timeline, oldest first; empty for runs recorded before SDK arms noted their identities. */
  credentials: { windowMs: number; rows: CredentialRow[] };
  /** Commands that repeat the run(s). */
  reproduce: string[];
  redacted: boolean;
}
