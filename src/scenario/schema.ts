// The scenario file's shape and per-value constraints (zod 4, strict), with its defaults and limits; keys kebab-case as in the file.
import { z } from 'zod';
import { DEFAULT_METHODS, METHODS } from '../probes/probe-record.js';
import { groupDigits } from './format.js';
import { ARMS_KNOWN_KEYS, armsShape } from './schema-arms.js';
import { ENDPOINT_KNOWN_KEYS, endpointShape } from './schema-endpoint.js';

/** Scenario format versions this build reads. */
export const SUPPORTED_VERSIONS = [1] as const;

export const DEFAULTS = {
  region: 'us-east-1',
  /** Only target local may omit `bucket`; the embedded endpoint creates it. */
  localBucket: 's3probe-local',
  prefix: 's3probe/',
  objectCount: 100,
  sizeBytes: [0, 1, 4096],
  methods: DEFAULT_METHODS,
  beforeUploadMs: [-1000, -100],
  afterUploadMs: [0, 10, 50, 100, 250, 500, 1000, 2000],
  uploadIntervalMs: 20,
  concurrency: 32,
  seed: 42,
  maxAttempts: 1,
  requestTimeoutMs: 10_000,
  requestChecksumCalculation: 'WHEN_SUPPORTED',
  cleanup: true,
} as const;

export const LIMITS = {
  maxObjects: 1_000_000,
  /** The largest object a single PutObject may upload. */
  maxSizeBytes: 5 * 1024 ** 3,
  /** One day: offsets and the upload interval beyond it are almost certainly a unit mistake. */
  maxOffsetMs: 86_400_000,
  maxConcurrency: 4096,
  maxSeed: 2 ** 32 - 1,
  maxAttempts: 10,
  maxRequestTimeoutMs: 600_000,
  maxNameChars: 128,
  maxPrefixChars: 512,
} as const;

/** One phrase for every way an integer can miss its range, so a message always states the whole range. */
function defineInteger(min: number, max: number, expected = `an integer ${groupDigits(min)}..${groupDigits(max)}`) {
  return z.number({ error: expected }).int({ error: expected }).min(min, { error: expected }).max(max, { error: expected });
}

function defineText(pattern: RegExp, expected: string) {
  return z.string({ error: expected }).regex(pattern, { error: expected });
}

export function isBucketName(name: string): boolean {
  return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) && !name.includes('..') && !/^\d+\.\d+\.\d+\.\d+$/.test(name);
}

export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

const BUCKET = 'a valid S3 bucket name: 3–63 characters of lowercase letters, digits, "." and "-", starting and ending with a letter or digit';
const ENDPOINT = 'an http:// or https:// URL without user:password, e.g. "http://127.0.0.1:9000"';
const PROFILE = 'a profile name from ~/.aws/config, e.g. "research" (no surrounding spaces)';

/** Schemas of single values, shared with the command-line overrides so a flag is checked exactly like its key. */
export const FIELD = {
  version: z.literal(SUPPORTED_VERSIONS[0], { error: `${SUPPORTED_VERSIONS.join(' or ')} (the only scenario format version this build reads)` }),
  name: defineText(/^[A-Za-z0-9._-]+$/, 'a non-empty name of letters, digits, ".", "_" or "-"').max(LIMITS.maxNameChars, {
    error: `a name of at most ${LIMITS.maxNameChars} characters`,
  }),
  target: z.enum(['local', 's3'], { error: '"local" (the embedded endpoint) or "s3" (AWS or an S3-compatible endpoint)' }),
  endpoint: z.string({ error: ENDPOINT }).refine(isHttpUrl, { error: ENDPOINT }),
  region: defineText(/^[A-Za-z0-9_-]{1,64}$/, 'a region name such as "us-east-1" (letters, digits, "-" or "_")'),
  bucket: z.string({ error: BUCKET }).refine(isBucketName, { error: BUCKET }),
  prefix: z
    .string({ error: 'a key prefix such as "s3probe/" (a string)' })
    .refine((prefix) => !prefix.startsWith('/'), { error: 'a prefix that does not start with "/" (S3 keys have no leading slash)' })
    .refine((prefix) => prefix === '' || prefix.endsWith('/'), { error: 'a prefix that ends with "/" (or "" for the bucket root)' })
    .refine((prefix) => prefix.length <= LIMITS.maxPrefixChars, { error: `a prefix of at most ${LIMITS.maxPrefixChars} characters` }),
  objectCount: defineInteger(1, LIMITS.maxObjects),
  sizeBytes: defineInteger(0, LIMITS.maxSizeBytes, `an integer 0..${groupDigits(LIMITS.maxSizeBytes)} (bytes; 5 GiB is the largest single PUT)`),
  method: z.enum(METHODS, { error: `one of ${METHODS.join(', ')}` }),
  beforeUploadMs: z
    .number({ error: 'a negative number (milliseconds before the upload starts)' })
    .lt(0, { error: 'a number < 0 (milliseconds before the upload starts)' })
    .gte(-LIMITS.maxOffsetMs, { error: `a number ≥ -${groupDigits(LIMITS.maxOffsetMs)} (one day)` }),
  afterUploadMs: z
    .number({ error: 'a number ≥ 0 (milliseconds after the upload completes)' })
    .gte(0, { error: 'a number ≥ 0' })
    .lte(LIMITS.maxOffsetMs, { error: `a number ≤ ${groupDigits(LIMITS.maxOffsetMs)} (one day)` }),
  uploadIntervalMs: z
    .number({ error: 'a number ≥ 0 (milliseconds between upload starts)' })
    .gte(0, { error: 'a number ≥ 0' })
    .lte(LIMITS.maxOffsetMs, { error: `a number ≤ ${groupDigits(LIMITS.maxOffsetMs)} (one day)` }),
  concurrency: defineInteger(1, LIMITS.maxConcurrency),
  seed: defineInteger(0, LIMITS.maxSeed),
  maxAttempts: defineInteger(1, LIMITS.maxAttempts),
  requestTimeoutMs: defineInteger(1, LIMITS.maxRequestTimeoutMs),
  requestChecksumCalculation: z.enum(['WHEN_SUPPORTED', 'WHEN_REQUIRED'], { error: '"WHEN_SUPPORTED" or "WHEN_REQUIRED"' }),
  boolean: z.boolean({ error: 'true or false' }),
  profile: z.string({ error: PROFILE }).refine((name) => name !== '' && name.trim() === name && !/[\u0000-\u001f]/.test(name), { error: PROFILE }),
};

type Check = { addIssue(issue: { code: 'custom'; message: string; path: PropertyKey[]; input: unknown }): void };

function requireAscending(values: unknown[], ctx: Check): void {
  for (let i = 1; i < values.length; i++) {
    const [previous, current] = [values[i - 1], values[i]];
    if (typeof previous === 'number' && typeof current === 'number' && !(current > previous)) {
      ctx.addIssue({ code: 'custom', path: [i], input: current, message: `an offset greater than the one before it (${previous}): offsets are strictly ascending` });
    }
  }
}

function requireUnique(values: unknown[], ctx: Check): void {
  values.forEach((value, i) => {
    const first = values.indexOf(value);
    if (first < i) ctx.addIssue({ code: 'custom', path: [i], input: value, message: `a method not listed before (it is already methods[${first}])` });
  });
}

/** Relations among list items are checked even when some items are invalid, so every problem is reported in one pass. */
const EVEN_WITH_BAD_ITEMS = { when: (payload: { value: unknown }) => Array.isArray(payload.value) };

function defineMapping<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject(shape, { error: `a mapping with the keys ${Object.keys(shape).join(', ')}` });
}

const objectsSchema = defineMapping({
  count: FIELD.objectCount.default(DEFAULTS.objectCount),
  'size-bytes': z
    .array(FIELD.sizeBytes, { error: 'a list of object sizes in bytes, e.g. [0, 1, 4096]' })
    .min(1, { error: 'a non-empty list of object sizes in bytes' })
    .default(() => [...DEFAULTS.sizeBytes]),
});

const scheduleSchema = defineMapping({
  'before-upload-ms': z
    .array(FIELD.beforeUploadMs, { error: 'a list of negative offsets in ms, e.g. [-1000, -100], or []' })
    .superRefine(requireAscending, EVEN_WITH_BAD_ITEMS)
    .default(() => [...DEFAULTS.beforeUploadMs]),
  'after-upload-ms': z
    .array(FIELD.afterUploadMs, { error: 'a list of offsets ≥ 0 in ms, e.g. [0, 100, 1000], or []' })
    .superRefine(requireAscending, EVEN_WITH_BAD_ITEMS)
    .default(() => [...DEFAULTS.afterUploadMs]),
  'upload-interval-ms': FIELD.uploadIntervalMs.default(DEFAULTS.uploadIntervalMs),
});

const sdkSchema = defineMapping({
  'max-attempts': FIELD.maxAttempts.default(DEFAULTS.maxAttempts),
  'request-timeout-ms': FIELD.requestTimeoutMs.default(DEFAULTS.requestTimeoutMs),
  'request-checksum-calculation': FIELD.requestChecksumCalculation.default(DEFAULTS.requestChecksumCalculation),
});

const topShape = {
  version: FIELD.version,
  name: FIELD.name,
  target: FIELD.target,
  endpoint: FIELD.endpoint.optional(),
  region: FIELD.region.default(DEFAULTS.region),
  /** Required for target s3 (checked with the other cross-key rules). */
  bucket: FIELD.bucket.optional(),
  prefix: FIELD.prefix.default(DEFAULTS.prefix),
  objects: objectsSchema.prefault({}),
  methods: z
    .array(FIELD.method, { error: `a list of methods from ${METHODS.join(', ')}` })
    .min(1, { error: `a non-empty list of methods from ${METHODS.join(', ')}` })
    .superRefine(requireUnique, EVEN_WITH_BAD_ITEMS)
    .default(() => [...DEFAULTS.methods]),
  schedule: scheduleSchema.prefault({}),
  concurrency: FIELD.concurrency.default(DEFAULTS.concurrency),
  seed: FIELD.seed.default(DEFAULTS.seed),
  sdk: sdkSchema.prefault({}),
  cleanup: FIELD.boolean.default(DEFAULTS.cleanup),
  'path-style': FIELD.boolean.optional(),
  profile: FIELD.profile.optional(),
  thresholds: z
    .array(z.string({ error: 'a threshold expression such as "head.forbidden-rate < 0.001"' }), { error: 'a list of threshold expressions' })
    .default(() => []),
  ...endpointShape,
  ...armsShape,
};

export const scenarioFileSchema = z.strictObject(topShape, {
  error: 'a mapping of scenario keys (version, name, target, bucket, …), as in scenarios/quickstart.yaml',
});

export type ScenarioFile = z.output<typeof scenarioFileSchema>;

/** Keys allowed in each mapping, by the mapping's key path ('' is the top level): the candidates for "did you mean". */
export const KNOWN_KEYS: Record<string, readonly string[]> = {
  '': Object.keys(topShape),
  objects: Object.keys(objectsSchema.shape),
  schedule: Object.keys(scheduleSchema.shape),
  sdk: Object.keys(sdkSchema.shape),
  ...ENDPOINT_KNOWN_KEYS,
  ...ARMS_KNOWN_KEYS,
};
