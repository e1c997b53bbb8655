// The run plan (pure, seeded): object keys, sizes and upload times, and each object's probes in firing order.
import { METHODS, type Method, type Phase } from '../probes/probe-record.js';
import { listArms } from './arms.js';
import { createComputedArray } from './computed-array.js';
import { createRandom, deriveSeed, shuffleInPlace } from './prng.js';
import type { Scenario } from './scenario.js';

export interface PlannedObject {
  index: number;
  key: string;
  sizeBytes: number;
  /** Planned upload start, ms after the plan's time zero. */
  uploadAtMs: number;
}

export interface PlannedProbe {
  objectIndex: number;
  /** The scenario arm that fires it (`default` without `arms:`). */
  arm: string;
  method: Method;
  phase: Phase;
  /** Scenario offset: negative = before upload start; ≥0 = after upload completion. */
  offsetMs: number;
}

export interface Plan {
  /** Time zero to the first upload: max |before-upload offset|, so before-upload probes of object 0 fire at ≥ 0. */
  leadMs: number;
  objects: PlannedObject[];
  /**
   * For each object (same index), its probes in firing order: before-upload probes (fire at uploadAtMs + offsetMs), then
   * after-upload probes (fire at upload completion + offsetMs). Within one (object, offset) group every arm × method
   * appears once, in an order shuffled by the seed, so no arm or method is always first (arms with `preUploadProbes: false`
   * have no before-upload groups). Computed on access (read-only; each read returns a fresh,
   * equal array), so even a 1,000,000-object plan costs memory per object only.
   */
  probesByObject: PlannedProbe[][];
  counts: { objects: number; uploads: number; probes: number; probesByMethod: Record<Method, number>; probesByPhase: Record<Phase, number> };
}

/** Six digits: objects.count is at most 1,000,000, so indexes 0..999,999 sort as text too. */
const INDEX_DIGITS = 6;

export function formatObjectKey(keyPrefix: string, index: number): string {
  return `${keyPrefix}obj-${String(index).padStart(INDEX_DIGITS, '0')}`;
}

/** Plans a run of `scenario` whose keys live under `keyPrefix` (`<prefix><run-id>/`). Same scenario and seed, same plan. */
export function planRun(scenario: Scenario, keyPrefix: string): Plan {
  const { count, sizeBytes } = scenario.objects;
  const { beforeUploadMs, afterUploadMs, uploadIntervalMs } = scenario.schedule;
  const leadMs = beforeUploadMs.reduce((longestMs, offsetMs) => Math.max(longestMs, -offsetMs), 0);
  const objects: PlannedObject[] = new Array(count);
  for (let index = 0; index < count; index++) {
    objects[index] = { index, key: formatObjectKey(keyPrefix, index), sizeBytes: sizeBytes[index % sizeBytes.length], uploadAtMs: leadMs + index * uploadIntervalMs };
  }
  const planProbes = (objectIndex: number) => planObjectProbes(scenario, objectIndex);
  return { leadMs, objects, probesByObject: createComputedArray(count, planProbes), counts: countProbes(scenario) };
}

interface ArmMethod {
  arm: string;
  method: Method;
}

/** One object's probes: a group of all arms × methods per offset, before-upload offsets first, each group's order seeded. */
function planObjectProbes(scenario: Scenario, objectIndex: number): PlannedProbe[] {
  const random = createRandom(deriveSeed(scenario.seed, objectIndex));
  const probes: PlannedProbe[] = [];
  const arms = listArms(scenario);
  const pairsOf = (phase: Phase): ArmMethod[] =>
    arms.filter((arm) => phase === 'after-upload' || arm.preUploadProbes).flatMap((arm) => scenario.methods.map((method) => ({ arm: arm.name, method })));
  const pairsByPhase = { 'before-upload': pairsOf('before-upload'), 'after-upload': pairsOf('after-upload') };
  const addGroup = (phase: Phase, offsetMs: number) => {
    for (const { arm, method } of shuffleInPlace([...pairsByPhase[phase]], random)) probes.push({ objectIndex, arm, method, phase, offsetMs });
  };
  for (const offsetMs of scenario.schedule.beforeUploadMs) addGroup('before-upload', offsetMs);
  for (const offsetMs of scenario.schedule.afterUploadMs) addGroup('after-upload', offsetMs);
  return probes;
}

function countProbes(scenario: Scenario): Plan['counts'] {
  const objects = scenario.objects.count;
  const { beforeUploadMs, afterUploadMs } = scenario.schedule;
  const arms = listArms(scenario);
  const preUploadArms = arms.filter((arm) => arm.preUploadProbes).length;
  /** Probes per method per object: every arm at every after-upload offset, pre-upload arms at every before-upload offset. */
  const perMethodPerObject = preUploadArms * beforeUploadMs.length + arms.length * afterUploadMs.length;
  const probesByMethod = Object.fromEntries(METHODS.map((method) => [method, scenario.methods.includes(method) ? objects * perMethodPerObject : 0])) as Record<Method, number>;
  const methods = scenario.methods.length;
  const probesByPhase: Record<Phase, number> = {
    'before-upload': objects * methods * preUploadArms * beforeUploadMs.length,
    'after-upload': objects * methods * arms.length * afterUploadMs.length,
  };
  return { objects, uploads: objects, probes: objects * methods * perMethodPerObject, probesByMethod, probesByPhase };
}
