// Fixed-memory histogram with log-spaced buckets: quantiles within a relative error bound, any number of values.

/** Values whose magnitude is at most this count as zero (an absolute error of at most 1 ns for milliseconds). */
const ZERO_MAGNITUDE = 1e-6;

/**
 * Buckets are (γ^(i-1), γ^i] with γ = (1+α)/(1-α), and a bucket reports 2γ^i/(γ+1), so every
 * quantile is within relative error α of the true value at its rank (DDSketch's scheme).
 * Negative values are mirrored into their own buckets. Memory grows with the log of the value
 * range (≈ 2,100 buckets from 1 ns to 10^9 ms at α = 1%), never with the number of values.
 */
export class LogHistogram {
  private readonly logGamma: number;
  private readonly gamma: number;
  private readonly positive = new Map<number, number>();
  private readonly negative = new Map<number, number>();
  private zeros = 0;
  private total = 0;
  private minValue = Infinity;
  private maxValue = -Infinity;

  constructor(readonly relativeAccuracy = 0.01) {
    this.gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
    this.logGamma = Math.log(this.gamma);
  }

  get count(): number {
    return this.total;
  }

  /** Exact smallest value added, or null when empty. */
  get min(): number | null {
    return this.total === 0 ? null : this.minValue;
  }

  /** Exact largest value added, or null when empty. */
  get max(): number | null {
    return this.total === 0 ? null : this.maxValue;
  }

  add(value: number): void {
    if (Number.isNaN(value)) return;
    this.total += 1;
    if (value < this.minValue) this.minValue = value;
    if (value > this.maxValue) this.maxValue = value;
    const magnitude = Math.abs(value);
    if (magnitude <= ZERO_MAGNITUDE) {
      this.zeros += 1;
      return;
    }
    const buckets = value > 0 ? this.positive : this.negative;
    const index = Math.ceil(Math.log(magnitude) / this.logGamma);
    buckets.set(index, (buckets.get(index) ?? 0) + 1);
  }

  /** Adds every value `other` holds (same relative accuracy), as if each had been added here. */
  merge(other: LogHistogram): void {
    if (other.relativeAccuracy !== this.relativeAccuracy) throw new Error('LogHistogram.merge: histograms of different accuracy cannot merge.');
    if (other.total === 0) return;
    for (const [index, count] of other.positive) this.positive.set(index, (this.positive.get(index) ?? 0) + count);
    for (const [index, count] of other.negative) this.negative.set(index, (this.negative.get(index) ?? 0) + count);
    this.zeros += other.zeros;
    this.total += other.total;
    if (other.minValue < this.minValue) this.minValue = other.minValue;
    if (other.maxValue > this.maxValue) this.maxValue = other.maxValue;
  }

  /** The nearest-rank q-quantile (q in [0, 1]): the value at rank ceil(q·n), exact at ranks 1 and n; null when empty. */
  quantile(q: number): number | null {
    if (this.total === 0) return null;
    const rank = Math.min(this.total, Math.max(1, Math.ceil(q * this.total)));
    if (rank === 1) return this.minValue;
    if (rank === this.total) return this.maxValue;
    const estimate = this.valueAtRank(rank);
    return Math.min(this.maxValue, Math.max(this.minValue, estimate));
  }

  private valueAtRank(rank: number): number {
    let seen = 0;
    for (const index of [...this.negative.keys()].sort((a, b) => b - a)) {
      seen += this.negative.get(index) ?? 0;
      if (seen >= rank) return -this.bucketValue(index);
    }
    seen += this.zeros;
    if (seen >= rank) return 0;
    for (const index of [...this.positive.keys()].sort((a, b) => a - b)) {
      seen += this.positive.get(index) ?? 0;
      if (seen >= rank) return this.bucketValue(index);
    }
    return this.maxValue;
  }

  private bucketValue(index: number): number {
    return (2 * Math.pow(this.gamma, index)) / (this.gamma + 1);
  }
}
