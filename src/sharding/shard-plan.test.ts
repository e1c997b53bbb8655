import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HarnessError } from '../errors.js';
import type { Scenario } from '../scenario/scenario.js';
import { planRun } from '../scenario/plan.js';
import { defaultShardGroup, isInShard, parseShard, shardObjectIndexes, shardPlan } from './shard-plan.js';

const SCENARIO = {
  version: 1, name: 'shards', target: 'local', region: 'us-east-1', bucket: 'b', prefix: 'p/',
  objects: { count: 10, sizeBytes: [0, 1, 4096] }, methods: ['head', 'ranged-get', 'get'],
  schedule: { beforeUploadMs: [-100], afterUploadMs: [0, 50], uploadIntervalMs: 20 }, concurrency: 4, seed: 7,
} as unknown as Scenario;

describe('parseShard', () => {
  it('reads i/n with i counted from 0', () => {
    expect(parseShard('0/4')).toEqual({ index: 0, count: 4 });
    expect(parseShard(' 3 / 4 ')).toEqual({ index: 3, count: 4 });
    expect(parseShard('0/1')).toEqual({ index: 0, count: 1 });
  });

  it.each([['4/4', 'i must be below n'], ['1/0', 'n must be between 1'], ['a/b', 'not of the form i/n'], ['-1/4', 'not of the form'], ['2', 'not of the form']])(
    'refuses %s with exit 2',
    (text, problem) => {
      const error = (() => {
        try {
          parseShard(text);
        } catch (caught) {
          return caught as HarnessError;
        }
        throw new Error('parsed');
      })();
      expect(error).toBeInstanceOf(HarnessError);
      expect(error.exitCode).toBe(2);
      expect(error.message).toContain(`--shard: "${text}": ${problem}`);
    },
  );
});

describe('shardPlan', () => {
  it('puts every object index in exactly one shard', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 40 }), (objects, count) => {
        const seen = new Array<number>(objects).fill(0);
        for (let index = 0; index < count; index++) {
          for (const objectIndex of shardObjectIndexes(objects, { index, count })) {
            expect(isInShard(objectIndex, { index, count })).toBe(true);
            seen[objectIndex] += 1;
          }
        }
        expect(seen.every((times) => times === 1)).toBe(true);
      }),
    );
  });

  it('together, the shards hold exactly the whole plan: same objects, upload times and probes; counts add up', () => {
    const plan = planRun(SCENARIO, 'p/run/');
    const shards = [0, 1, 2].map((index) => shardPlan(plan, { index, count: 3 }));
    expect(shards.map((s) => s.objects.map((o) => o.index))).toEqual([[0, 3, 6, 9], [1, 4, 7], [2, 5, 8]]);
    const merged = shards.flatMap((s) => s.objects.map((object, position) => ({ object, probes: s.probesByObject[position] })));
    merged.sort((a, b) => a.object.index - b.object.index);
    expect(merged.map((m) => m.object)).toEqual(plan.objects);
    expect(merged.map((m) => m.probes)).toEqual([...plan.probesByObject]);
    expect(shards.map((s) => s.leadMs)).toEqual([plan.leadMs, plan.leadMs, plan.leadMs]);
    const sum = (pick: (s: typeof plan) => number) => shards.reduce((total, s) => total + pick(s), 0);
    expect(sum((s) => s.counts.probes)).toBe(plan.counts.probes);
    expect(sum((s) => s.counts.objects)).toBe(plan.counts.objects);
    expect(sum((s) => s.counts.probesByMethod.head)).toBe(plan.counts.probesByMethod.head);
    expect(sum((s) => s.counts.probesByPhase['before-upload'])).toBe(plan.counts.probesByPhase['before-upload']);
    expect(shards[0].counts).toMatchObject({ objects: 4, uploads: 4, probes: 4 * 9 });
  });

  it('returns the plan itself for one shard, and an empty plan for a shard beyond the objects', () => {
    const plan = planRun(SCENARIO, 'p/run/');
    expect(shardPlan(plan, { index: 0, count: 1 })).toBe(plan);
    const empty = shardPlan(plan, { index: 11, count: 12 });
    expect(empty.objects).toEqual([]);
    expect(empty.counts.probes).toBe(0);
  });
});

describe('defaultShardGroup', () => {
  it('names scenario, seed, shard count and UTC day', () => {
    expect(defaultShardGroup('nightly', 42, { index: 1, count: 4 }, new Date(Date.UTC(2026, 11, 4, 23, 59)))).toBe('nightly-seed42-x4-20261204');
  });
});
