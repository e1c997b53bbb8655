// Compares two runs method by method: 403 and unexpected rates side by side, with Fisher's exact test of each difference (pure).
import { COMPARE_VERSION, type CompareData, type CompareRate, type CompareRow, type CompareSide } from '../report/compare-model.js';
import type { MethodRow } from '../report/report-model.js';
import { wilsonInterval } from '../summary/wilson.js';
import { SIGNIFICANCE_LEVEL, fisherExactTwoSided } from './fisher.js';
import { ALL_METHODS, orderMethods, summariseMethods } from './rates.js';
import type { RunOutcomes } from './report-inputs.js';

export function compareRuns(a: RunOutcomes & { scenario: string }, b: RunOutcomes & { scenario: string }): CompareData {
  const left = summariseMethods(a.groups);
  const right = summariseMethods(b.groups);
  const methods = [...orderMethods([...left.methods, ...right.methods].map((row) => row.method)), ALL_METHODS];
  const find = (side: typeof left, method: string): MethodRow | undefined => (method === ALL_METHODS ? side.totals : side.methods.find((row) => row.method === method));
  return {
    compareVersion: COMPARE_VERSION,
    a: describeSide(a),
    b: describeSide(b),
    rows: methods.map((method) => compareMethod(method, find(left, method), find(right, method))),
    significanceLevel: SIGNIFICANCE_LEVEL,
  };
}

function describeSide(run: RunOutcomes & { scenario: string }): CompareSide {
  return { label: run.label, runIds: run.runIds, startedAt: new Date(run.startedAtMs).toISOString(), status: run.status, scenario: run.scenario };
}

function compareMethod(method: string, a: MethodRow | undefined, b: MethodRow | undefined): CompareRow {
  return {
    method,
    forbidden: compareCounts(rateOf(a?.forbidden ?? 0, a?.probes ?? 0), rateOf(b?.forbidden ?? 0, b?.probes ?? 0)),
    unexpected: compareCounts(rateOf(a?.unexpected ?? 0, a?.probes ?? 0), rateOf(b?.unexpected ?? 0, b?.probes ?? 0)),
  };
}

function rateOf(count: number, probes: number): CompareRate {
  return { probes, count, rate: probes === 0 ? 0 : count / probes, ci95: wilsonInterval(count, probes) };
}

function compareCounts(a: CompareRate, b: CompareRate): CompareRow['forbidden'] {
  const pValue = fisherExactTwoSided({ hitsA: a.count, trialsA: a.probes, hitsB: b.count, trialsB: b.probes });
  return { a, b, pValue, significant: pValue < SIGNIFICANCE_LEVEL };
}
