import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { HarnessError } from '../errors.js';
import { parseScenario } from './parse.js';

const FILE = 'fuzz.yaml';

/** parseScenario either returns or throws E_SCENARIO whose every line names the file; anything else fails the property. */
function parsesOrExplains(text: string): void {
  try {
    parseScenario(text, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(HarnessError);
    expect((error as HarnessError).code).toBe('E_SCENARIO');
    for (const line of (error as HarnessError).message.split('\n')) expect(line.startsWith(FILE)).toBe(true);
  }
}

function toYaml(value: unknown): string | undefined {
  try {
    return stringify(value);
  } catch {
    return undefined;
  }
}

const valueLike = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom('local', 's3', 'head', 'ranged-get', 'get', 'WHEN_SUPPORTED', '', '/', 's3probe/', 'http://127.0.0.1:9000'),
  fc.array(fc.oneof(fc.integer({ min: -3000, max: 3000 }), fc.constantFrom('head', 'get', 'ranged-get', 'put'))),
);

/** Fault rules with every key sometimes present, sometimes valid, so the "exactly one of" checks meet every combination. */
const faultRuleLike = fc.record(
  {
    method: fc.oneof(fc.constantFrom('head', 'ranged-get', 'get', 'put', 'any'), valueLike),
    when: fc.oneof(fc.constantFrom('before-upload', 'after-upload', 'any'), valueLike),
    'window-ms': fc.oneof(fc.tuple(fc.integer({ min: -10, max: 1000 }), fc.integer({ min: -10, max: 1000 })), valueLike),
    probability: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), valueLike),
    every: fc.oneof(fc.integer({ min: 0, max: 5 }), valueLike),
    status: fc.oneof(fc.integer({ min: 99, max: 600 }), valueLike),
    code: fc.oneof(fc.constantFrom('AccessDenied', 'SlowDown', 'bad code'), valueLike),
    'delay-ms': valueLike,
    reset: fc.oneof(fc.boolean(), valueLike),
    stall: fc.oneof(fc.boolean(), valueLike),
    truncate: fc.oneof(fc.boolean(), valueLike),
  },
  { requiredKeys: [] },
);

/** Documents that are mostly shaped like scenarios, so the fuzzing reaches the schema and the cross-key rules. */
const scenarioLike = fc.record(
  {
    version: fc.oneof(fc.constant(1), valueLike),
    name: fc.oneof(fc.constant('fuzz'), valueLike),
    target: fc.oneof(fc.constantFrom('local', 's3'), valueLike),
    endpoint: valueLike,
    bucket: fc.oneof(fc.constant('fuzz-bucket'), valueLike),
    prefix: valueLike,
    objects: fc.oneof(fc.record({ count: valueLike, 'size-bytes': valueLike }, { requiredKeys: [] }), valueLike),
    methods: valueLike,
    schedule: fc.oneof(fc.record({ 'before-upload-ms': valueLike, 'after-upload-ms': valueLike, 'upload-interval-ms': valueLike }, { requiredKeys: [] }), valueLike),
    sdk: fc.oneof(fc.record({ 'max-attempts': valueLike, 'request-timeout-ms': valueLike, 'request-checksum-calculation': valueLike }, { requiredKeys: [] }), valueLike),
    concurrency: valueLike,
    seed: valueLike,
    cleanup: valueLike,
    'path-style': valueLike,
    profile: valueLike,
    concurency: valueLike,
    faults: fc.oneof(fc.array(fc.oneof(faultRuleLike, valueLike), { maxLength: 3 }), valueLike),
    consistency: fc.oneof(fc.record({ 'visibility-delay-ms': fc.oneof(valueLike, fc.record({ head: valueLike, get: valueLike }, { requiredKeys: [] })), 'stale-after-delete-ms': valueLike }, { requiredKeys: [] }), valueLike),
    identities: fc.oneof(fc.array(fc.record({ name: fc.oneof(fc.constantFrom('owner', 'reader'), valueLike), 'list-bucket': valueLike }, { requiredKeys: [] }), { maxLength: 3 }), valueLike),
    uploader: fc.oneof(fc.constantFrom('owner', 'reader', 'default'), valueLike),
    prober: fc.oneof(fc.constantFrom('owner', 'reader', 'default'), valueLike),
    'follow-up': fc.oneof(fc.record({ 'on-head-403': fc.oneof(fc.constantFrom('ranged-get', 'none'), valueLike) }, { requiredKeys: [] }), valueLike),
  },
  { requiredKeys: ['version', 'name', 'target'] },
);

describe('parseScenario never throws anything but HarnessError', () => {
  test('on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), parsesOrExplains), { numRuns: 500 });
  });

  test('on arbitrary YAML and JSON documents', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const yaml = toYaml(value);
        if (yaml !== undefined) parsesOrExplains(yaml);
        parsesOrExplains(JSON.stringify(value) ?? 'null');
      }),
      { numRuns: 300 },
    );
  });

  test('on mappings with arbitrary keys', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'binary', maxLength: 12 }), fc.anything({ maxDepth: 1 })), (document) => {
        parsesOrExplains(JSON.stringify({ version: 1, name: 'keys', target: 'local', ...document }));
      }),
      { numRuns: 300 },
    );
  });

  test('on scenario-shaped documents with random values', () => {
    fc.assert(
      fc.property(scenarioLike, (document) => {
        const yaml = toYaml(document);
        if (yaml !== undefined) parsesOrExplains(yaml);
      }),
      { numRuns: 500 },
    );
  });
});
