// Fisher's exact test on a 2×2 table (two-sided), computed with log-factorials so it stays exact at a million probes.

/** Below this n, ln(n!) comes from a table of summed logarithms; above it, from Stirling's series (error < 1e-16 relative). */
const TABLE_SIZE = 1024;
const LOG_FACTORIALS: number[] = [0];
for (let n = 1; n < TABLE_SIZE; n++) LOG_FACTORIALS.push(LOG_FACTORIALS[n - 1] + Math.log(n));

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** ln(n!) for a non-negative integer n. */
export function logFactorial(n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`logFactorial: expected a non-negative integer, got ${n}`);
  if (n < TABLE_SIZE) return LOG_FACTORIALS[n];
  const inverse = 1 / n;
  const inverse2 = inverse * inverse;
  return n * Math.log(n) - n + HALF_LOG_TWO_PI + 0.5 * Math.log(n) + inverse * (1 / 12 - inverse2 * (1 / 360 - inverse2 / 1260));
}

/**
 * Ties count as "as extreme": a table whose probability is within this relative distance of the observed one
 * (R's fisher.test uses 1 + 1e-7 for the same floating-point reason).
 */
const RELATIVE_TIE = 1e-7;

/** Two groups, each with its count of "hits" (e.g. 403s) out of its trials (probes). */
export interface TwoByTwo {
  hitsA: number;
  trialsA: number;
  hitsB: number;
  trialsB: number;
}

/**
 * The two-sided p-value of Fisher's exact test that group A and group B have the same hit rate:
 * the probability, with all margins fixed, of a table at most as likely as the observed one.
 * 1 when either group has no trials or nobody (or everybody) hit.
 */
export function fisherExactTwoSided(table: TwoByTwo): number {
  const { hitsA, trialsA, hitsB, trialsB } = table;
  for (const [name, value] of Object.entries(table)) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`fisherExactTwoSided: ${name} must be a non-negative integer, got ${value}`);
  }
  if (hitsA > trialsA || hitsB > trialsB) throw new RangeError(`fisherExactTwoSided: hits exceed trials in ${JSON.stringify(table)}`);
  const total = trialsA + trialsB;
  const hits = hitsA + hitsB;
  if (trialsA === 0 || trialsB === 0 || hits === 0 || hits === total) return 1;

  const constant = logFactorial(trialsA) + logFactorial(trialsB) + logFactorial(hits) + logFactorial(total - hits) - logFactorial(total);
  const logProbability = (x: number): number =>
    constant - logFactorial(x) - logFactorial(trialsA - x) - logFactorial(hits - x) - logFactorial(trialsB - hits + x);

  const observed = logProbability(hitsA);
  const cutoff = observed + Math.log1p(RELATIVE_TIE);
  const low = Math.max(0, hits - trialsB);
  const high = Math.min(hits, trialsA);
  // Sum exp(logP − observed) and scale back at the end: no underflow for the terms that matter.
  let relativeSum = 0;
  for (let x = low; x <= high; x++) {
    const logP = logProbability(x);
    if (logP <= cutoff) relativeSum += Math.exp(logP - observed);
  }
  return Math.min(1, Math.exp(observed + Math.log(relativeSum)));
}

/** Significance level the reports use to call a difference significant. */
export const SIGNIFICANCE_LEVEL = 0.05;
