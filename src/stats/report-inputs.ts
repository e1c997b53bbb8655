// Row shapes the report builders read (aggregated by the recorder's report queries); types only.
import type { RunFacts } from '../report/report-model.js';
import type { DateHeaderGroup } from './clock-offset.js';

/** Planned probes counted per method, phase, planned offset and outcome. */
export interface OutcomeGroup {
  method: string;
  phase: string;
  offsetMs: number;
  /** null = no HTTP response. */
  status: number | null;
  errorCode: string | null;
  errorClass: string | null;
  /** list-prefix: 1/0 = the listing named the key or not; null otherwise (probes.key_listed). */
  keyListed: number | null;
  probes: number;
}

/** A run's facts as stored, before the clock offset is estimated. */
export interface RunFactsInput extends Omit<RunFacts, 'clockOffset'> {
  /** The scenario file's text, verbatim (shown once per report, not per run). */
  scenarioText: string;
  /** `Date` header values of the run's attempts, grouped (a few per second of run time). */
  dateGroups: DateHeaderGroup[];
}

/** One unexpected planned probe joined to its last attempt and to its follow-up, if any. */
export interface AnomalyInput {
  runId: string;
  startedAtMs: number;
  method: string;
  phase: string;
  offsetMs: number;
  objectKey: string;
  status: number | null;
  errorCode: string | null;
  errorClass: string | null;
  /** list-prefix: 1/0 = the listing named the key or not; null otherwise (probes.key_listed). */
  keyListed: number | null;
  requestId: string | null;
  extendedRequestId: string | null;
  remoteAddress: string | null;
  attempt: number | null;
  followUpMethod: string | null;
  followUpStatus: number | null;
  followUpErrorCode: string | null;
  followUpErrorClass: string | null;
}

/** Follow-up probes counted per trigger (method and status of the probe they follow) and their own answer. */
export interface FollowUpGroup {
  triggerMethod: string;
  triggerStatus: number | null;
  method: string;
  status: number | null;
  errorCode: string | null;
  errorClass: string | null;
  probes: number;
}

export interface TimelineInput {
  startedAtMs: number;
  method: string;
  phase: string;
  status: number | null;
  errorCode: string | null;
  errorClass: string | null;
  /** list-prefix: 1/0 = the listing named the key or not; null otherwise (probes.key_listed). */
  keyListed: number | null;
}

/** Outcome groups of one run (or run group), for trends and comparisons. */
export interface RunOutcomes {
  label: string;
  runIds: string[];
  startedAtMs: number;
  status: string;
  groups: OutcomeGroup[];
}

/** One `credential-refresh` run event (an identity an arm started signing with) and the planned probes just before it expired. */
export interface CredentialRefreshInput {
  runId: string;
  arm: string;
  /** When the identity was obtained, epoch ms (the engine's or client's clock). */
  atMs: number;
  accessKeyIdSuffix: string;
  credentialKind: 'static' | 'temporary';
  /** null = does not expire. */
  expiresAtMs: number | null;
  /** Planned probes of this arm whose last attempt this identity signed with time left in [0, window), and their 403s; null without an expiry. */
  nearExpiry: { probes: number; forbidden: number } | null;
}
