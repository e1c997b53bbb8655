// Assembles the report document from aggregated rows: rates, exact tests, clock offsets, anomalies, timelines (pure).
import type { Anomaly, Comparison, FollowUpRow, MethodRow, ReportData, RunFacts, TimelinePoint } from '../report/report-model.js';
import { REPORT_VERSION } from '../report/report-model.js';
import { classifyProbe } from '../summary/classify.js';
import { estimateClockOffset } from './clock-offset.js';
import { buildCredentialTimeline } from './credential-timeline.js';
import { SIGNIFICANCE_LEVEL, fisherExactTwoSided } from './fisher.js';
import { OUTCOME_CLASSES, summariseMethods, summariseOffsets, summarisePhases } from './rates.js';
import type { AnomalyInput, CredentialRefreshInput, FollowUpGroup, OutcomeGroup, RunFactsInput, RunOutcomes, TimelineInput } from './report-inputs.js';
import { buildTrend } from './trend.js';

export interface ReportInputs {
  subject: ReportData['subject'];
  /** At least one; the first one's scenario is shown. */
  runs: RunFactsInput[];
  /** Planned probes of every run in the subject, grouped. */
  outcomes: OutcomeGroup[];
  /** Unexpected planned probes in time order, at most `anomalyCap` of them. */
  anomalies: AnomalyInput[];
  anomalyCap: number;
  followUps: FollowUpGroup[];
  /** Planned probes recorded, and the (possibly sampled) ones to plot. */
  timeline: { probes: number; rows: TimelineInput[] };
  /** Earlier runs of the same scenario (the subject included), for the trend chart. */
  trend: RunOutcomes[];
  /** The runs' credential-refresh events, with the planned probes in the `windowMs` before each expiry. */
  credentials: { windowMs: number; events: CredentialRefreshInput[] };
  generatedAtMs: number;
  generator: string;
}

/** Method pairs compared with Fisher's exact test, when both were probed: the reported mystery is HEAD vs ranged GET. */
const COMPARED_PAIRS: ReadonlyArray<[string, string]> = [
  ['head', 'ranged-get'],
  ['head', 'get'],
];

export function buildReport(inputs: ReportInputs): ReportData {
  if (inputs.runs.length === 0) throw new RangeError('buildReport: a report needs at least one run');
  const { methods, totals } = summariseMethods(inputs.outcomes);
  const byPhase = summarisePhases(inputs.outcomes);
  const first = inputs.runs[0];
  const startMs = Math.min(...inputs.runs.map((run) => Date.parse(run.startedAt)));
  return {
    reportVersion: REPORT_VERSION,
    generatedAt: new Date(inputs.generatedAtMs).toISOString(),
    generator: inputs.generator,
    subject: inputs.subject,
    runs: inputs.runs.map(finishRunFacts),
    scenario: { name: first.scenarioName, path: first.scenarioPath, text: first.scenarioText },
    outcomeClasses: [...OUTCOME_CLASSES],
    methods,
    totals,
    comparisons: [
      ...compareMethods('all phases', methods),
      // Per phase only where there is something to compare: two zero counts say nothing new.
      ...byPhase.flatMap((phase) => compareMethods(phase.phase, phase.methods).filter((c) => c.a.forbidden + c.b.forbidden > 0)),
    ],
    byPhase,
    byOffset: summariseOffsets(inputs.outcomes),
    anomalies: { total: totals.unexpected, cap: inputs.anomalyCap, rows: inputs.anomalies.slice(0, inputs.anomalyCap).map(describeAnomaly) },
    followUps: describeFollowUps(inputs.followUps),
    timeline: {
      probes: inputs.timeline.probes,
      sampled: inputs.timeline.rows.length < inputs.timeline.probes,
      points: inputs.timeline.rows.map((row) => toTimelinePoint(row, startMs)),
    },
    trend: buildTrend(inputs.trend),
    credentials: { windowMs: inputs.credentials.windowMs, rows: buildCredentialTimeline(inputs.credentials.events) },
    reproduce: describeReproduction(inputs.runs),
    redacted: false,
  };
}

function finishRunFacts(run: RunFactsInput): RunFacts {
  const { dateGroups, scenarioText: _scenarioText, ...facts } = run;
  return { ...facts, clockOffset: estimateClockOffset(dateGroups) };
}

/** Fisher's exact test of each compared pair present among `rows`. */
export function compareMethods(scope: string, rows: readonly MethodRow[]): Comparison[] {
  const comparisons: Comparison[] = [];
  for (const [methodA, methodB] of COMPARED_PAIRS) {
    const a = rows.find((row) => row.method === methodA);
    const b = rows.find((row) => row.method === methodB);
    if (a === undefined || b === undefined || a.probes === 0 || b.probes === 0) continue;
    const pValue = fisherExactTwoSided({ hitsA: a.forbidden, trialsA: a.probes, hitsB: b.forbidden, trialsB: b.probes });
    comparisons.push({ scope, a: pickRate(a), b: pickRate(b), pValue, significant: pValue < SIGNIFICANCE_LEVEL });
  }
  return comparisons;
}

function pickRate(row: MethodRow): Comparison['a'] {
  return { method: row.method, probes: row.probes, forbidden: row.forbidden, forbiddenRate: row.forbiddenRate };
}

function describeAnomaly(row: AnomalyInput): Anomaly {
  return {
    runId: row.runId,
    timeUtc: new Date(row.startedAtMs).toISOString(),
    method: row.method,
    phase: row.phase,
    offsetMs: row.offsetMs,
    key: row.objectKey,
    status: row.status,
    errorCode: row.errorCode,
    errorClass: row.errorClass,
    outcome: classifyProbe(row),
    requestId: row.requestId,
    extendedRequestId: row.extendedRequestId,
    remoteAddress: row.remoteAddress,
    attempt: row.attempt,
    followUp: row.followUpMethod === null ? null : `${row.followUpMethod} ${describeAnswer(row.followUpStatus, row.followUpErrorCode, row.followUpErrorClass)}`,
  };
}

/** "206", "403 AccessDenied", "no response (ECONNRESET)". */
export function describeAnswer(status: number | null, errorCode: string | null, errorClass: string | null): string {
  if (status === null) return `no response (${errorClass ?? 'unknown'})`;
  return errorCode === null ? String(status) : `${status} ${errorCode}`;
}

function describeFollowUps(groups: readonly FollowUpGroup[]): FollowUpRow[] {
  const rows = new Map<string, FollowUpRow>();
  for (const group of groups) {
    const trigger = `${group.triggerMethod} ${group.triggerStatus ?? 'no response'}`;
    const answer = describeAnswer(group.status, group.errorCode, group.errorClass);
    const key = `${trigger}\u0000${group.method}\u0000${answer}`;
    const row = rows.get(key);
    if (row === undefined) rows.set(key, { trigger, method: group.method, answer, probes: group.probes });
    else row.probes += group.probes;
  }
  return [...rows.values()].sort((a, b) => a.trigger.localeCompare(b.trigger) || b.probes - a.probes || a.answer.localeCompare(b.answer));
}

function toTimelinePoint(row: TimelineInput, startMs: number): TimelinePoint {
  return { tMs: Math.round(row.startedAtMs - startMs), method: row.method, outcome: classifyProbe(row) };
}

/** The recorded command line of each run, once each (the shards of a group differ only in --shard). */
function describeReproduction(runs: readonly RunFactsInput[]): string[] {
  return [...new Set(runs.map((run) => run.commandLine))];
}

