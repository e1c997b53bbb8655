import { describe, expect, test } from 'vitest';
import { DEFAULT_METHODS as METHODS } from '../probes/probe-record.js';
import { parseScenario } from './parse.js';
import { planRun, type PlannedProbe } from './plan.js';
import type { Scenario } from './scenario.js';

const KEY_PREFIX = 's3probe/20261204T152807Z-3f9a1c/';

function scenarioWith(yaml: string): Scenario {
  return parseScenario(`version: 1\nname: plan\ntarget: local\n${yaml}`, 'plan.yaml');
}

const QUICKSTART = scenarioWith('objects: { count: 200, size-bytes: [0, 1, 4096] }\n');

describe('objects', () => {
  test('keys, cycled sizes and staggered upload times after the lead', () => {
    const plan = planRun(QUICKSTART, KEY_PREFIX);
    expect(plan.leadMs).toBe(1000);
    expect(plan.objects).toHaveLength(200);
    expect(plan.objects[42]).toEqual({ index: 42, key: `${KEY_PREFIX}obj-000042`, sizeBytes: 0, uploadAtMs: 1000 + 42 * 20 });
    expect(plan.objects.slice(0, 4).map((object) => object.sizeBytes)).toEqual([0, 1, 4096, 0]);
    expect(plan.objects[199].key).toBe(`${KEY_PREFIX}obj-000199`);
  });

  test('the lead lets object 0 fire its earliest before-upload probe at time ≥ 0', () => {
    const plan = planRun(scenarioWith('schedule: { before-upload-ms: [-750, -5] }\n'), KEY_PREFIX);
    expect(plan.leadMs).toBe(750);
    const earliest = Math.min(...plan.probesByObject[0].map((probe) => plan.objects[0].uploadAtMs + probe.offsetMs));
    expect(earliest).toBe(0);
  });

  test('no before-upload offsets: no lead', () => {
    expect(planRun(scenarioWith('schedule: { before-upload-ms: [] }\n'), '').leadMs).toBe(0);
  });
});

describe('probes', () => {
  test('per object: before-upload offsets then after-upload offsets, ascending, every method once per offset', () => {
    const plan = planRun(QUICKSTART, KEY_PREFIX);
    const offsets = [...QUICKSTART.schedule.beforeUploadMs, ...QUICKSTART.schedule.afterUploadMs];
    plan.probesByObject.forEach((probes, objectIndex) => {
      expect(probes.map((probe) => probe.offsetMs)).toEqual(offsets.flatMap((offsetMs) => [offsetMs, offsetMs, offsetMs]));
      expect(probes.every((probe) => probe.objectIndex === objectIndex)).toBe(true);
      expect(probes.map((probe) => probe.phase)).toEqual(offsets.flatMap((offsetMs) => Array(3).fill(offsetMs < 0 ? 'before-upload' : 'after-upload')));
      for (let group = 0; group < offsets.length; group++) {
        expect(probes.slice(group * 3, group * 3 + 3).map((probe) => probe.method).sort()).toEqual([...METHODS].sort());
      }
    });
  });

  test('only the scenario methods are planned', () => {
    const plan = planRun(scenarioWith('methods: [get, head]\n'), '');
    expect(new Set(plan.probesByObject.flat().map((probe) => probe.method))).toEqual(new Set(['get', 'head']));
  });

  test('each method is first in its group about a third of the time, and not always in the same place', () => {
    const plan = planRun(scenarioWith('objects: { count: 1000 }\n'), '');
    const firsts = new Map<string, number>();
    let groups = 0;
    for (const probes of plan.probesByObject) {
      for (let start = 0; start < probes.length; start += 3) {
        firsts.set(probes[start].method, (firsts.get(probes[start].method) ?? 0) + 1);
        groups++;
      }
    }
    for (const method of METHODS) expect(firsts.get(method)! / groups).toBeGreaterThan(0.3);
  });

  test('same seed, same plan', () => {
    const first = planRun(QUICKSTART, KEY_PREFIX);
    const second = planRun(structuredClone(QUICKSTART), KEY_PREFIX);
    expect(second.objects).toEqual(first.objects);
    expect([...second.probesByObject]).toEqual([...first.probesByObject]);
  });

  test('different seeds, different orders', () => {
    const orderOf = (seed: number) => planRun({ ...QUICKSTART, seed }, '').probesByObject.flat().map((probe: PlannedProbe) => probe.method).join(',');
    expect(orderOf(1)).not.toBe(orderOf(2));
    expect(orderOf(42)).not.toBe(orderOf(43));
    expect(orderOf(0)).not.toBe(orderOf(4294967295));
  });

  test('objects do not share one order', () => {
    const plan = planRun(QUICKSTART, '');
    const orders = new Set(plan.probesByObject.map((probes) => probes.map((probe) => probe.method).join(',')));
    expect(orders.size).toBeGreaterThan(150);
  });
});

describe('counts', () => {
  test('follow from objects × methods × offsets', () => {
    expect(planRun(QUICKSTART, '').counts).toEqual({
      objects: 200,
      uploads: 200,
      probes: 6000,
      probesByMethod: { head: 2000, 'ranged-get': 2000, get: 2000, 'get-object-attributes': 0, 'list-prefix': 0, 'head-if-match': 0 },
      probesByPhase: { 'before-upload': 1200, 'after-upload': 4800 },
    });
  });

  test('a method left out counts zero, and the counts match the planned probes', () => {
    const plan = planRun(scenarioWith('objects: { count: 7 }\nmethods: [ranged-get]\nschedule: { before-upload-ms: [-3], after-upload-ms: [1, 2] }\n'), '');
    const probes = plan.probesByObject.flat();
    expect(plan.counts.probesByMethod).toEqual({ head: 0, 'ranged-get': 21, get: 0, 'get-object-attributes': 0, 'list-prefix': 0, 'head-if-match': 0 });
    expect(plan.counts.probesByPhase).toEqual({ 'before-upload': 7, 'after-upload': 14 });
    expect(plan.counts.probes).toBe(probes.length);
  });
});

describe('scale', () => {
  test('a 1,000,000-object plan is built quickly and computes probes per object on access', () => {
    const startedAtMs = performance.now();
    const plan = planRun(scenarioWith('objects: { count: 1000000 }\n'), KEY_PREFIX);
    expect(plan.objects).toHaveLength(1_000_000);
    expect(plan.objects[999_999].key).toBe(`${KEY_PREFIX}obj-999999`);
    expect(plan.counts.probes).toBe(30_000_000);
    expect(plan.probesByObject[999_999]).toHaveLength(30);
    expect(plan.probesByObject[999_999]).not.toBe(plan.probesByObject[999_999]);
    expect(plan.probesByObject[999_999]).toEqual(plan.probesByObject[999_999]);
    expect(performance.now() - startedAtMs).toBeLessThan(10_000);
  });
});
