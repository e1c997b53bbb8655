// Per object, the first after-upload offset from which every later planned probe was expected; and its distribution.

export interface StableAfter {
  /** Objects with at least one planned after-upload probe recorded. */
  objects: number;
  /**
   * Every after-upload offset of the run, ascending, with the objects whose probes were all expected from that
   * offset on but not from the one before (the first offset counts objects that were right from the start).
   */
  byOffset: Array<{ offsetMs: number; objects: number }>;
  /** Objects whose probes at their last after-upload offset were not all expected. */
  never: number;
}

interface ObjectState {
  minOffsetMs: number;
  maxOffsetMs: number;
  /** Largest offset with an unexpected probe; -Infinity while there is none. */
  maxBadOffsetMs: number;
}

/**
 * Streams planned after-upload probes in any order (fastest when each object's probes arrive together, as
 * iterateProbes sends them); memory is one small record per object plus the set of offsets.
 * An object is stable after the smallest offset of the run above its last unexpected probe (offsets come from the
 * plan, which gives every object the same after-upload offsets).
 */
export class StableAfterAccumulator {
  private readonly objects = new Map<string, ObjectState>();
  private readonly offsetsMs = new Set<number>();
  private lastOffsetMs = NaN;
  private lastKey: string | null = null;
  private lastState: ObjectState | null = null;

  add(objectKey: string, offsetMs: number, expected: boolean): void {
    if (offsetMs !== this.lastOffsetMs) {
      this.offsetsMs.add(offsetMs);
      this.lastOffsetMs = offsetMs;
    }
    const badOffsetMs = expected ? -Infinity : offsetMs;
    // Comparing with the previous key is cheaper than hashing a fresh string for every row.
    let state = objectKey === this.lastKey ? this.lastState : this.objects.get(objectKey);
    if (state === undefined || state === null) {
      state = { minOffsetMs: offsetMs, maxOffsetMs: offsetMs, maxBadOffsetMs: badOffsetMs };
      this.objects.set(objectKey, state);
      this.lastKey = objectKey;
      this.lastState = state;
      return;
    }
    this.lastKey = objectKey;
    this.lastState = state;
    if (offsetMs < state.minOffsetMs) state.minOffsetMs = offsetMs;
    if (offsetMs > state.maxOffsetMs) state.maxOffsetMs = offsetMs;
    if (badOffsetMs > state.maxBadOffsetMs) state.maxBadOffsetMs = badOffsetMs;
  }

  finish(): StableAfter {
    const offsetsMs = [...this.offsetsMs].sort((a, b) => a - b);
    const counts = new Map<number, number>(offsetsMs.map((offsetMs) => [offsetMs, 0]));
    let never = 0;
    for (const state of this.objects.values()) {
      const stableAtMs = findStableOffset(state, offsetsMs);
      if (stableAtMs === null) never += 1;
      else counts.set(stableAtMs, (counts.get(stableAtMs) ?? 0) + 1);
    }
    return {
      objects: this.objects.size,
      byOffset: offsetsMs.map((offsetMs) => ({ offsetMs, objects: counts.get(offsetMs) ?? 0 })),
      never,
    };
  }
}

function findStableOffset(state: ObjectState, sortedOffsetsMs: number[]): number | null {
  if (state.maxBadOffsetMs === -Infinity) return state.minOffsetMs;
  if (state.maxBadOffsetMs >= state.maxOffsetMs) return null;
  return sortedOffsetsMs.find((offsetMs) => offsetMs > state.maxBadOffsetMs) ?? null;
}
