// Turns one run and its probe rows into the Summary every renderer prints: one streaming pass, bounded memory.
import { METHODS, PHASES, type Phase } from '../probes/probe-record.js';
import type { GroundTruthRows, ProbeRow, RunRow } from '../recorder/rows.js';
import type { ArmTallies } from '../recorder/rows.js';
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

interface MethodGroup {
  all: StatsAccumulator;
  byPhase: Map<Phase, StatsAccumulator>;
}

/**
 * One pass over the run's probe rows (any order). Follow-up probes are summarised in `followUps` only, so they do
 * not bias the planned per-method rates. `groundTruth` is the run's endpoint log tallied in SQL (readGroundTruth).
 */
export function summarise(run: RunRow, probes: Iterable<ProbeRow>, groundTruth: GroundTruthRows | null = null, armTallies: ArmTallies | null = null): Summary {
  const groups = new Map<string, MethodGroup>();
  const totals = new StatsAccumulator(TOTALS_METHOD);
  const followUps = new FollowUpAccumulator();
  const stableAfter = new StableAfterAccumulator();
  for (const probe of probes) {
    followUps.add(probe);
    if (probe.trigger !== 'plan') continue;
    const probeClass = classifyProbe(probe);
    const unexpected = isUnexpected(probe.method, probe.phase, probe.status);
    const group = findGroup(groups, probe.method);
    group.all.add(probe, probeClass, unexpected);
    if (isKnownPhase(probe.phase)) findPhase(group, probe.method, probe.phase).add(probe, probeClass, unexpected);
    totals.add(probe, probeClass, unexpected);
    if (probe.phase === 'after-upload') stableAfter.add(probe.objectKey, probe.offsetMs, probeClass === 'expected');
  }
  const totalStats = totals.finish();
  return {
    summaryVersion: 1,
    run: describeRun(run, totalStats.probes),
    methods: orderMethods([...groups.keys()]).map((method) => finishGroup(groups.get(method) as MethodGroup)),
    totals: totalStats,
    unexpected: totalStats.unexpected,
    followUps: followUps.finish(),
    stableAfter: stableAfter.finish(),
    groundTruth: groundTruth === null ? null : summariseGroundTruth(groundTruth),
    ...summariseArms(armTallies),
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

function findGroup(groups: Map<string, MethodGroup>, method: string): MethodGroup {
  let group = groups.get(method);
  if (group === undefined) {
    group = { all: new StatsAccumulator(method), byPhase: new Map() };
    groups.set(method, group);
  }
  return group;
}

function findPhase(group: MethodGroup, method: string, phase: Phase): StatsAccumulator {
  let accumulator = group.byPhase.get(phase);
  if (accumulator === undefined) {
    accumulator = new StatsAccumulator(method);
    group.byPhase.set(phase, accumulator);
  }
  return accumulator;
}

function finishGroup(group: MethodGroup): Summary['methods'][number] {
  const byPhase: Partial<Record<Phase, MethodStats>> = {};
  for (const phase of PHASES) {
    const accumulator = group.byPhase.get(phase);
    if (accumulator !== undefined) byPhase[phase] = accumulator.finish();
  }
  return { ...group.all.finish(), byPhase };
}

function isKnownPhase(phase: string): phase is Phase {
  return (PHASES as readonly string[]).includes(phase);
}

/** The scenario's methods in their canonical order, then anything else alphabetically. */
function orderMethods(methods: string[]): string[] {
  const known = (METHODS as readonly string[]).filter((method) => methods.includes(method));
  const others = methods.filter((method) => !known.includes(method)).sort();
  return [...known, ...others];
}
