// Wilson score interval for a binomial proportion (e.g. the share of probes that answered 403).

/** z for a two-sided 95% interval. */
export const Z_95 = 1.959964;

/**
 * The Wilson score interval [low, high] for `successes` out of `trials`, clamped to [0, 1].
 * Unlike the normal approximation it stays sensible at 0 and at `trials`, which is where 403 rates live.
 * No trials means no information: [0, 1].
 */
export function wilsonInterval(successes: number, trials: number, z: number = Z_95): [number, number] {
  if (trials <= 0) return [0, 1];
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const halfWidth = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  const low = successes <= 0 ? 0 : Math.max(0, centre - halfWidth);
  const high = successes >= trials ? 1 : Math.min(1, centre + halfWidth);
  return [low, high];
}
