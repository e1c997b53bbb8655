// Splits one plan among n workers (`run --shard i/n`): object i goes to shard i mod n, keeping the plan's timing (pure).
import { HarnessError } from '../errors.js';
import { createComputedArray } from '../scenario/computed-array.js';
import type { Plan, PlannedObject } from '../scenario/plan.js';

export interface Shard {
  /** 0-based, below count (Kubernetes' JOB_COMPLETION_INDEX can be used as is). */
  index: number;
  count: number;
}

/** Upper bound on n: one object per shard at the largest plan is already absurd. */
export const MAX_SHARDS = 10_000;

/** Parses "i/n" (0 ≤ i < n). Throws HarnessError E_USAGE naming `flag` and the value. */
export function parseShard(text: string, flag = '--shard'): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const fail = (problem: string): never => {
    throw new HarnessError('E_USAGE', `${flag}: "${text}": ${problem}. Expected i/n with 0 ≤ i < n, e.g. ${flag} 0/4 … ${flag} 3/4 for four workers.`);
  };
  if (match === null) fail('not of the form i/n');
  const index = Number((match as RegExpExecArray)[1]);
  const count = Number((match as RegExpExecArray)[2]);
  if (count < 1 || count > MAX_SHARDS) fail(`n must be between 1 and ${MAX_SHARDS}`);
  if (index >= count) fail(`i must be below n (shards are numbered from 0)`);
  return { index, count };
}

/** Whether object `objectIndex` of the plan belongs to `shard`. Every index belongs to exactly one shard of n. */
export function isInShard(objectIndex: number, shard: Shard): boolean {
  return objectIndex % shard.count === shard.index;
}

/** The plan's object indexes that `shard` runs, ascending. */
export function shardObjectIndexes(objectCount: number, shard: Shard): number[] {
  const indexes: number[] = [];
  for (let index = shard.index; index < objectCount; index += shard.count) indexes.push(index);
  return indexes;
}

/**
 * The part of `plan` one worker runs: its objects keep their index, key and upload time, so n shards together fire
 * exactly the probes of the whole plan at the same moments, each at 1/n of the load. Counts are those of the shard.
 */
export function shardPlan(plan: Plan, shard: Shard): Plan {
  if (shard.count === 1) return plan;
  const objects: PlannedObject[] = shardObjectIndexes(plan.objects.length, shard).map((index) => plan.objects[index]);
  const probesByObject = createComputedArray(objects.length, (position) => plan.probesByObject[objects[position].index]);
  return { leadMs: plan.leadMs, objects, probesByObject, counts: scaleCounts(plan.counts, objects.length) };
}

/** Every object of a plan has the same probes, so a shard's counts are the per-object counts times its objects. */
function scaleCounts(counts: Plan['counts'], objects: number): Plan['counts'] {
  const per = (total: number): number => (counts.objects === 0 ? 0 : (total / counts.objects) * objects);
  const scaleRecord = <K extends string>(record: Record<K, number>): Record<K, number> =>
    Object.fromEntries(Object.entries(record).map(([key, value]) => [key, per(value as number)])) as Record<K, number>;
  return {
    objects,
    uploads: per(counts.uploads),
    probes: per(counts.probes),
    probesByMethod: scaleRecord(counts.probesByMethod),
    probesByPhase: scaleRecord(counts.probesByPhase),
  };
}

/**
 * The run group shards are recorded under when `--group` is not given: scenario, seed, shard count and UTC day.
 * Pass `--group` explicitly (a CI run id, a Kubernetes job name) when a plan runs more than once a day.
 */
export function defaultShardGroup(scenarioName: string, seed: number, shard: Shard, now: Date): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  return `${scenarioName}-seed${seed}-x${shard.count}-${day}`;
}
