// The run plan (pure, seeded): object keys, sizes and upload times, and each object's probes in firing order.
import { METHODS, PHASES, type Method, type Phase } from '../probes/probe-record.js';
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
   * after-upload probes (fire at upload completion + offsetMs). Within one (object, offset) group the methods appear in an
   * order shuffled by the seed, so no method is always first. Computed on access (read-only; each read returns a fresh,
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

/** One object's probes: a group of all methods per offset, before-upload offsets first, each group's order seeded. */
function planObjectProbes(scenario: Scenario, objectIndex: number): PlannedProbe[] {
  const random = createRandom(deriveSeed(scenario.seed, objectIndex));
  const probes: PlannedProbe[] = [];
  const addGroup = (phase: Phase, offsetMs: number) => {
    for (const method of shuffleInPlace([...scenario.methods], random)) probes.push({ objectIndex, method, phase, offsetMs });
  };
  for (const offsetMs of scenario.schedule.beforeUploadMs) addGroup('before-upload', offsetMs);
  for (const offsetMs of scenario.schedule.afterUploadMs) addGroup('after-upload', offsetMs);
  return probes;
}

function countProbes(scenario: Scenario): Plan['counts'] {
  const objects = scenario.objects.count;
  const { beforeUploadMs, afterUploadMs } = scenario.schedule;
  const offsets = beforeUploadMs.length + afterUploadMs.length;
  const probesByMethod = Object.fromEntries(METHODS.map((method) => [method, scenario.methods.includes(method) ? objects * offsets : 0])) as Record<Method, number>;
  const perOffset = objects * scenario.methods.length;
  const probesByPhase = Object.fromEntries(PHASES.map((phase) => [phase, perOffset * (phase === 'before-upload' ? beforeUploadMs.length : afterUploadMs.length)])) as Record<Phase, number>;
  return { objects, uploads: objects, probes: perOffset * offsets, probesByMethod, probesByPhase };
}
