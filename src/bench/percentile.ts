// Nearest-rank percentile of an ascending array (bench output only).
export function percentile(sortedAscending: number[], fraction: number): number {
  if (sortedAscending.length === 0) return NaN;
  const rank = Math.min(sortedAscending.length - 1, Math.max(0, Math.ceil(fraction * sortedAscending.length) - 1));
  return sortedAscending[rank];
}
