// The comparison of two runs (compareVersion 1): what `s3probe compare` prints as a table, Markdown or JSON. Types only.

export const COMPARE_VERSION = 1;

export interface CompareSide {
  /** Run id, or the run group's name / comma-joined ids. */
  label: string;
  runIds: string[];
  startedAt: string;
  status: string;
  scenario: string;
}

export interface CompareRate {
  probes: number;
  count: number;
  rate: number;
  ci95: [number, number];
}

/** One method (or "all"): its 403 and unexpected rates in both runs, and Fisher's exact test of each difference. */
export interface CompareRow {
  method: string;
  forbidden: { a: CompareRate; b: CompareRate; pValue: number; significant: boolean };
  unexpected: { a: CompareRate; b: CompareRate; pValue: number; significant: boolean };
}

export interface CompareData {
  compareVersion: typeof COMPARE_VERSION;
  a: CompareSide;
  b: CompareSide;
  /** Methods of either run in canonical order, then "all". */
  rows: CompareRow[];
  /** The level `significant` is judged at. */
  significanceLevel: number;
}
