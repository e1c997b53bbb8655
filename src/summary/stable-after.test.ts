import { describe, expect, it } from 'vitest';
import { StableAfterAccumulator } from './stable-after.js';

const OFFSETS = [0, 100, 1000];

/** Adds three methods per offset for `key`; `bad` lists the offsets where one probe was unexpected. */
function addObject(accumulator: StableAfterAccumulator, key: string, bad: number[], offsets = OFFSETS): void {
  for (const offsetMs of offsets) {
    for (let method = 0; method < 3; method++) accumulator.add(key, offsetMs, !(bad.includes(offsetMs) && method === 1));
  }
}

describe('StableAfterAccumulator', () => {
  it('puts each object at the first offset after its last unexpected probe, or never', () => {
    const accumulator = new StableAfterAccumulator();
    addObject(accumulator, 'a', []);
    addObject(accumulator, 'b', []);
    addObject(accumulator, 'c', [0]);
    addObject(accumulator, 'd', [0, 100]);
    addObject(accumulator, 'e', [100]); // right at 0, wrong at 100: stable only from 1000
    addObject(accumulator, 'f', [1000]);
    addObject(accumulator, 'g', [0, 1000]);
    expect(accumulator.finish()).toEqual({
      objects: 7,
      byOffset: [
        { offsetMs: 0, objects: 2 },
        { offsetMs: 100, objects: 1 },
        { offsetMs: 1000, objects: 2 },
      ],
      never: 2,
    });
  });

  it('gives the same answer whatever order the rows come in', () => {
    const rows: Array<[string, number, boolean]> = [];
    for (const key of ['x', 'y', 'z']) {
      for (const offsetMs of OFFSETS) rows.push([key, offsetMs, !(key === 'y' && offsetMs === 0) && !(key === 'z' && offsetMs === 1000)]);
    }
    const grouped = new StableAfterAccumulator();
    for (const row of rows) grouped.add(...row);
    const shuffled = new StableAfterAccumulator();
    for (const index of [4, 0, 8, 2, 6, 1, 7, 3, 5]) shuffled.add(...rows[index]);
    expect(shuffled.finish()).toEqual(grouped.finish());
    expect(grouped.finish()).toMatchObject({ objects: 3, never: 1, byOffset: [{ offsetMs: 0, objects: 1 }, { offsetMs: 100, objects: 1 }, { offsetMs: 1000, objects: 0 }] });
  });

  it('an object whose probes stopped early (interrupted run) is judged on the probes it has', () => {
    const accumulator = new StableAfterAccumulator();
    addObject(accumulator, 'full', [100]);
    addObject(accumulator, 'cut', [0], [0, 100]);
    expect(accumulator.finish()).toEqual({
      objects: 2,
      byOffset: [{ offsetMs: 0, objects: 0 }, { offsetMs: 100, objects: 1 }, { offsetMs: 1000, objects: 1 }],
      never: 0,
    });
  });

  it('is empty without after-upload probes', () => {
    expect(new StableAfterAccumulator().finish()).toEqual({ objects: 0, byOffset: [], never: 0 });
  });
});
