// Fixed-memory histogram with log-spaced buckets: quantiles within a relative error bound, any number of values.

/** Values whose magnitude is at most this count as zero (an absolute error of at most 1 ns for milliseconds). */
const ZERO_MAGNITUDE = 1e-6;

/** Bucket indexes in [-DENSE_HALF, DENSE_HALF) are counted in a typed array (at 1%: magnitudes 1e-18 … 6e17), others in a map. */
const DENSE_HALF = 2048;

/** One sign's buckets: a typed array over the common index range (an increment, no hashing: the summary adds millions), a map beyond it. */
class Buckets {
  readonly dense = new Float64Array(2 * DENSE_HALF);
  readonly sparse = new Map<number, number>();

  add(index: number, count: number): void {
    if (index >= -DENSE_HALF && index < DENSE_HALF) this.dense[index + DENSE_HALF] += count;
    else this.sparse.set(index, (this.sparse.get(index) ?? 0) + count);
  }

  merge(other: Buckets): void {
    for (let i = 0; i < this.dense.length; i++) this.dense[i] += other.dense[i];
    for (const [index, count] of other.sparse) this.add(index, count);
  }

  /** Non-empty buckets as [index, count], ascending by index. */
  entries(): Array<[number, number]> {
    const entries: Array<[number, number]> = [...this.sparse].filter(([index]) => index < -DENSE_HALF);
    for (let i = 0; i < this.dense.length; i++) if (this.dense[i] > 0) entries.push([i - DENSE_HALF, this.dense[i]]);
    for (const entry of [...this.sparse].filter(([index]) => index >= DENSE_HALF)) entries.push(entry);
    return entries.sort((a, b) => a[0] - b[0]);
  }
}

/**
 * Buckets are (γ^(i-1), γ^i] with γ = (1+α)/(1-α), and a bucket reports 2γ^i/(γ+1), so every
 * quantile is within relative error α of the true value at its rank (DDSketch's scheme).
 * Negative values are mirrored into their own buckets. Memory is bounded by the log of the value
 * range (two 32 KiB arrays, plus a map for magnitudes beyond them), never by the number of values.
 */
export class LogHistogram {
  private readonly logGamma: number;
  private readonly gamma: number;
  private readonly positive = new Buckets();
  private readonly negative = new Buckets();
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

  /** Non-empty buckets (zero counted as one): what the histogram's accuracy costs. */
  get buckets(): number {
    return this.positive.entries().length + this.negative.entries().length + (this.zeros > 0 ? 1 : 0);
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
    (value > 0 ? this.positive : this.negative).add(Math.ceil(Math.log(magnitude) / this.logGamma), 1);
  }

  /** Adds every value `other` holds (same relative accuracy), as if each had been added here. */
  merge(other: LogHistogram): void {
    if (other.relativeAccuracy !== this.relativeAccuracy) throw new Error('LogHistogram.merge: histograms of different accuracy cannot merge.');
    if (other.total === 0) return;
    this.positive.merge(other.positive);
    this.negative.merge(other.negative);
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
    for (const [index, count] of this.negative.entries().reverse()) {
      seen += count;
      if (seen >= rank) return -this.bucketValue(index);
    }
    seen += this.zeros;
    if (seen >= rank) return 0;
    for (const [index, count] of this.positive.entries()) {
      seen += count;
      if (seen >= rank) return this.bucketValue(index);
    }
    return this.maxValue;
  }

  private bucketValue(index: number): number {
    return (2 * Math.pow(this.gamma, index)) / (this.gamma + 1);
  }
}
