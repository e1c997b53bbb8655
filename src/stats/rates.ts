// Folds outcome groups into per-method, per-phase and per-offset counts with Wilson intervals (pure).
import { METHODS, PHASES } from '../probes/probe-record.js';
import type { MethodRow, OffsetRow, PhaseRow } from '../report/report-model.js';
import { PROBE_CLASSES, classifyProbe, zeroClassCounts } from '../summary/classify.js';
import { isUnexpected } from '../summary/expected-status.js';
import { wilsonInterval } from '../summary/wilson.js';
import type { OutcomeGroup } from './report-inputs.js';

/** `method` of the totals row, as in the summary. */
export const ALL_METHODS = 'all';
const NO_RESPONSE = 'error';

/** Accumulates one group's counts; `finish` turns them into a MethodRow. */
class RateAccumulator {
  private probes = 0;
  private forbidden = 0;
  private unexpected = 0;
  private readonly statuses = new Map<string, number>();
  private readonly classes: Record<string, number> = zeroClassCounts();

  constructor(private readonly method: string) {}

  add(group: OutcomeGroup): void {
    this.probes += group.probes;
    if (group.status === 403) this.forbidden += group.probes;
    if (isUnexpected(group.method, group.phase, group.status, group.keyListed)) this.unexpected += group.probes;
    const key = group.status === null ? NO_RESPONSE : String(group.status);
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + group.probes);
    this.classes[classifyProbe(group)] += group.probes;
  }

  finish(): MethodRow {
    const rate = (count: number): number => (this.probes === 0 ? 0 : count / this.probes);
    const keys = [...this.statuses.keys()].sort((a, b) => rankStatus(a) - rankStatus(b));
    return {
      method: this.method,
      probes: this.probes,
      forbidden: this.forbidden,
      forbiddenRate: rate(this.forbidden),
      forbiddenCi95: wilsonInterval(this.forbidden, this.probes),
      unexpected: this.unexpected,
      unexpectedRate: rate(this.unexpected),
      unexpectedCi95: wilsonInterval(this.unexpected, this.probes),
      statuses: Object.fromEntries(keys.map((key) => [key, this.statuses.get(key) ?? 0])),
      classes: { ...this.classes },
    };
  }
}

function rankStatus(key: string): number {
  return key === NO_RESPONSE ? Number.MAX_SAFE_INTEGER : Number(key);
}

/** Outcome classes in display order. */
export const OUTCOME_CLASSES: readonly string[] = PROBE_CLASSES;

/** The methods present, in the canonical order (head, ranged-get, get), then others alphabetically. */
export function orderMethods(methods: Iterable<string>): string[] {
  const present = new Set(methods);
  const known = (METHODS as readonly string[]).filter((method) => present.has(method));
  return [...known, ...[...present].filter((method) => !known.includes(method)).sort()];
}

/** One row per method present (canonical order) and the totals over all of them. */
export function summariseMethods(groups: readonly OutcomeGroup[]): { methods: MethodRow[]; totals: MethodRow } {
  const byMethod = new Map<string, RateAccumulator>();
  const totals = new RateAccumulator(ALL_METHODS);
  for (const group of groups) {
    let accumulator = byMethod.get(group.method);
    if (accumulator === undefined) byMethod.set(group.method, (accumulator = new RateAccumulator(group.method)));
    accumulator.add(group);
    totals.add(group);
  }
  return { methods: orderMethods(byMethod.keys()).map((method) => (byMethod.get(method) as RateAccumulator).finish()), totals: totals.finish() };
}

/** Per phase (before-upload, after-upload, then any other), the per-method rows and their totals. */
export function summarisePhases(groups: readonly OutcomeGroup[]): PhaseRow[] {
  const phases = orderPhases(groups.map((group) => group.phase));
  return phases.map((phase) => {
    const { methods, totals } = summariseMethods(groups.filter((group) => group.phase === phase));
    return { phase, methods: [...methods, totals] };
  });
}

/** Per planned offset, before-upload offsets first (most negative first), then after-upload ones ascending. */
export function summariseOffsets(groups: readonly OutcomeGroup[]): OffsetRow[] {
  const keys = new Map<string, { phase: string; offsetMs: number }>();
  for (const group of groups) keys.set(`${group.phase}\u0000${group.offsetMs}`, { phase: group.phase, offsetMs: group.offsetMs });
  const phaseOrder = orderPhases([...keys.values()].map((key) => key.phase));
  const sorted = [...keys.values()].sort((a, b) => phaseOrder.indexOf(a.phase) - phaseOrder.indexOf(b.phase) || a.offsetMs - b.offsetMs);
  return sorted.map(({ phase, offsetMs }) => ({
    phase,
    offsetMs,
    label: labelOffset(phase, offsetMs),
    methods: summariseMethods(groups.filter((group) => group.phase === phase && group.offsetMs === offsetMs)).methods,
  }));
}

/** "−1000 ms" before the upload started, "+250 ms" after it completed. */
export function labelOffset(phase: string, offsetMs: number): string {
  const magnitude = `${Math.abs(offsetMs)} ms`;
  if (phase === 'before-upload' || offsetMs < 0) return `−${magnitude}`;
  return `+${magnitude}`;
}

function orderPhases(phases: Iterable<string>): string[] {
  const present = new Set(phases);
  const known = (PHASES as readonly string[]).filter((phase) => present.has(phase));
  return [...known, ...[...present].filter((phase) => !known.includes(phase)).sort()];
}
