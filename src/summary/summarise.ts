// Turns one run and its probe rows into the Summary every renderer prints: one streaming pass, bounded memory.
import { METHODS, PHASES, type Phase } from '../probes/probe-record.js';
import type { GroundTruthRows, ProbeRow, RunRow } from '../recorder/rows.js';
import { ArmTallyAccumulator } from './arm-tallies.js';
import { summariseArms, type ArmSummary } from './arms.js';
import { classifyProbe } from './classify.js';
import { isUnexpected } from './expected-status.js';
import { FollowUpAccumulator, type FollowUps } from './follow-ups.js';
import { summariseGroundTruth, type GroundTruth } from './ground-truth.js';
import { StatsAccumulator, type MethodStats } from './method-stats.js';
import { StableAfterAccumulator, type StableAfter } from './stable-after.js';

export { PROBE_CLASSES, type ProbeClass } from './classify.js';
export { FOLLOW_UP_SUCCEEDED, type FollowUps } from './follow-ups.js';
export type { ArmComparison, ArmMethodStats, ArmStats, ArmSummary } from './arms.js';
export type { GroundTruth } from './ground-truth.js';
export type { MethodStats } from './method-stats.js';
export type { StableAfter } from './stable-after.js';

/** `method` of Summary.totals. */
export const TOTALS_METHOD = 'all';

export interface Summary {
  summaryVersion: 1;
  run: {
    id: string;
    status: RunRow['status'];
    scenario: string;
    target: string;
    endpoint: string | null;
    region: string;
    bucket: string;
    prefix: string;
    startedAt: string;
    endedAt: string | null;
    durationMs: number | null;
    plannedProbes: number;
    /** Planned probes recorded (follow-ups are counted in `followUps`). */
    probes: number;
    note: string | null;
  };
  /** Planned probes only: head, ranged-get, get (those present), then other methods alphabetically. */
  methods: Array<MethodStats & { byPhase: Partial<Record<Phase, MethodStats>> }>;
  totals: MethodStats;
  /** Probes whose status is not what S3 should answer for their method and phase. */
  unexpected: number;
  /** The ranged GETs fired right after HEAD 403s, and what they found. */
  followUps: FollowUps;
  /** Per object, the first after-upload offset from which every planned probe was expected. */
  stableAfter: StableAfter;
  /** Injected vs observed, from the embedded endpoint's log; null when the run has none (target s3). */
  groundTruth: GroundTruth | null;
  /** Per arm × method 403 rates (planned probes), tested between arms; empty when no arm tallies were read. */
  arms: ArmSummary['arms'];
  armComparisons: ArmSummary['armComparisons'];
  forbiddenBy: ArmSummary['forbiddenBy'];
}

/** Every planned probe lands in one accumulator per (method, phase); methods and totals are merged from them at the end. */
type MethodPhases = Map<string, StatsAccumulator>;

/**
 * Rows to summarise: an iterable, or a stream that pushes them (recorder/probe-stream.ts, the fast path) and may hand
 * every row in the same object — nothing here keeps a row, only values read from it.
 */
export type ProbeSource = Iterable<ProbeRow> | ((visit: (probe: ProbeRow) => void) => void);

/**
 * One pass over the run's probe rows (any order). Follow-up probes are summarised in `followUps` only, so they do
 * not bias the planned per-method rates. `groundTruth` is the run's endpoint log tallied in SQL (readGroundTruth).
 */
export function summarise(run: RunRow, probes: ProbeSource, groundTruth: GroundTruthRows | null = null): Summary {
  const groups = new Map<string, MethodPhases>();
  const followUps = new FollowUpAccumulator();
  const stableAfter = new StableAfterAccumulator();
  const armTallies = new ArmTallyAccumulator();
  // Every (method, phase) seen, in a short list: comparing a row's strings with a dozen is cheaper than hashing them twice.
  const seen: Array<{ method: string; phase: string; accumulator: StatsAccumulator }> = [];
  const accumulatorFor = (method: string, phase: string): StatsAccumulator => {
    for (const entry of seen) if (entry.method === method && entry.phase === phase) return entry.accumulator;
    const accumulator = findAccumulator(groups, method, phase);
    seen.push({ method, phase, accumulator });
    return accumulator;
  };
  const visit = (probe: ProbeRow): void => {
    followUps.add(probe);
    if (probe.trigger !== 'plan') return;
    const probeClass = classifyProbe(probe);
    const unexpected = isUnexpected(probe.method, probe.phase, probe.status, probe.keyListed);
    accumulatorFor(probe.method, probe.phase).add(probe, probeClass, unexpected);
    armTallies.add(probe);
    if (probe.phase === 'after-upload') stableAfter.add(probe.objectKey, probe.offsetMs, probeClass === 'expected');
  };
  if (typeof probes === 'function') probes(visit);
  else for (const probe of probes) visit(probe);
  const totals = new StatsAccumulator(TOTALS_METHOD);
  for (const phases of groups.values()) for (const accumulator of phases.values()) totals.merge(accumulator);
  const totalStats = totals.finish();
  return {
    summaryVersion: 1,
    run: describeRun(run, totalStats.probes),
    methods: orderMethods([...groups.keys()]).map((method) => finishMethod(method, groups.get(method) as MethodPhases)),
    totals: totalStats,
    unexpected: totalStats.unexpected,
    followUps: followUps.finish(),
    stableAfter: stableAfter.finish(),
    groundTruth: groundTruth === null ? null : summariseGroundTruth(groundTruth),
    ...summariseArms(armTallies.finish()),
  };
}

function describeRun(run: RunRow, probes: number): Summary['run'] {
  return {
    id: run.id,
    status: run.status,
    scenario: run.scenarioName,
    target: run.target,
    endpoint: run.endpoint,
    region: run.region,
    bucket: run.bucket,
    prefix: run.prefix,
    startedAt: new Date(run.startedAtMs).toISOString(),
    endedAt: run.endedAtMs === null ? null : new Date(run.endedAtMs).toISOString(),
    durationMs: run.endedAtMs === null ? null : Math.round(run.endedAtMs - run.startedAtMs),
    plannedProbes: run.plannedProbes,
    probes,
    note: run.note,
  };
}

function findAccumulator(groups: Map<string, MethodPhases>, method: string, phase: string): StatsAccumulator {
  let phases = groups.get(method);
  if (phases === undefined) {
    phases = new Map();
    groups.set(method, phases);
  }
  let accumulator = phases.get(phase);
  if (accumulator === undefined) {
    accumulator = new StatsAccumulator(method);
    phases.set(phase, accumulator);
  }
  return accumulator;
}

/** The method's stats over every phase (unknown phases included), and per known phase. */
function finishMethod(method: string, phases: MethodPhases): Summary['methods'][number] {
  const all = new StatsAccumulator(method);
  const byPhase: Partial<Record<Phase, MethodStats>> = {};
  for (const accumulator of phases.values()) all.merge(accumulator);
  for (const phase of PHASES) {
    const accumulator = phases.get(phase);
    if (accumulator !== undefined) byPhase[phase] = accumulator.finish();
  }
  return { ...all.finish(), byPhase };
}

/** The scenario's methods in their canonical order, then anything else alphabetically. */
function orderMethods(methods: string[]): string[] {
  const known = (METHODS as readonly string[]).filter((method) => methods.includes(method));
  const others = methods.filter((method) => !known.includes(method)).sort();
  return [...known, ...others];
}
