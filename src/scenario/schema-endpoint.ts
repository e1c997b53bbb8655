// The scenario keys that shape the embedded endpoint and the follow-ups (faults, consistency, identities, uploader, prober, follow-up): zod 4, strict.
import { z } from 'zod';
import { METHODS } from '../probes/probe-record.js';
import { groupDigits } from './format.js';

export const FAULT_METHODS = [...METHODS, 'put', 'any'] as const;
export const FAULT_WHEN = ['before-upload', 'after-upload', 'any'] as const;
export const FOLLOW_UPS = ['ranged-get', 'none'] as const;

export const ENDPOINT_DEFAULTS = {
  when: 'any',
  identity: { name: 'default', listBucket: true },
  onHead403: 'ranged-get',
} as const;

export const ENDPOINT_LIMITS = {
  /** One day, as for schedule offsets: a longer window or delay is almost certainly a unit mistake. */
  maxMs: 86_400_000,
  /** A delay longer than the largest request timeout only turns into a timeout. */
  maxDelayMs: 600_000,
  maxEvery: 1_000_000,
  maxRules: 100,
  maxIdentities: 16,
  maxIdentityNameChars: 64,
  maxMessageChars: 512,
} as const;

function defineMs(max: number, what: string) {
  const expected = `a number of milliseconds 0..${groupDigits(max)} (${what})`;
  return z.number({ error: expected }).gte(0, { error: expected }).lte(max, { error: expected });
}

function defineInteger(min: number, max: number, expected: string) {
  return z.number({ error: expected }).int({ error: expected }).min(min, { error: expected }).max(max, { error: expected });
}

const TRUE_ONLY = (action: string) => z.literal(true, { error: `true (${action}); leave the key out otherwise` });
const IDENTITY_NAME = `a name of letters, digits, ".", "_" or "-", at most ${ENDPOINT_LIMITS.maxIdentityNameChars} characters`;

export const ENDPOINT_FIELD = {
  identityName: z
    .string({ error: IDENTITY_NAME })
    .regex(/^[A-Za-z0-9._-]+$/, { error: IDENTITY_NAME })
    .max(ENDPOINT_LIMITS.maxIdentityNameChars, { error: IDENTITY_NAME }),
};

const windowSchema = z
  .tuple([defineMs(ENDPOINT_LIMITS.maxMs, 'since the key\'s PUT completed'), defineMs(ENDPOINT_LIMITS.maxMs, 'since the key\'s PUT completed')], {
    error: 'a pair [from, to] of milliseconds since the key\'s PUT completed, e.g. [0, 500]',
  })
  .superRefine(([fromMs, toMs], ctx) => {
    if (fromMs > toMs) ctx.addIssue({ code: 'custom', path: [1], input: toMs, message: `a number ≥ the window's start (${fromMs})` });
  });

/** Trigger, action and their relations ("exactly one of") are checked on the raw document in cross-checks-endpoint.ts. */
const faultRuleSchema = z.strictObject(
  {
    method: z.enum(FAULT_METHODS, { error: `one of ${FAULT_METHODS.join(', ')}` }),
    when: z.enum(FAULT_WHEN, { error: `one of ${FAULT_WHEN.join(', ')} (whether the key exists yet on the server)` }).default(ENDPOINT_DEFAULTS.when),
    'window-ms': windowSchema.optional(),
    probability: z
      .number({ error: 'a probability 0..1, e.g. 0.03' })
      .gte(0, { error: 'a probability 0..1, e.g. 0.03' })
      .lte(1, { error: 'a probability 0..1, e.g. 0.03' })
      .optional(),
    every: defineInteger(1, ENDPOINT_LIMITS.maxEvery, `an integer 1..${groupDigits(ENDPOINT_LIMITS.maxEvery)} (every Nth matching request)`).optional(),
    status: defineInteger(200, 599, 'an HTTP status 200..599 (1xx is not a final answer)').optional(),
    code: z
      .string({ error: 'an S3 error code such as "AccessDenied", "SlowDown" or "InternalError"' })
      .regex(/^[A-Za-z][A-Za-z0-9.]{0,63}$/, { error: 'an S3 error code such as "AccessDenied", "SlowDown" or "InternalError"' })
      .optional(),
    message: z
      .string({ error: 'a one-line error message' })
      .regex(/^[^\u0000-\u001f]*$/, { error: 'a one-line error message' })
      .max(ENDPOINT_LIMITS.maxMessageChars, { error: `a message of at most ${ENDPOINT_LIMITS.maxMessageChars} characters` })
      .optional(),
    'delay-ms': defineMs(ENDPOINT_LIMITS.maxDelayMs, 'before the normal answer').optional(),
    reset: TRUE_ONLY('close the connection before any header').optional(),
    stall: TRUE_ONLY('never answer').optional(),
    truncate: TRUE_ONLY('send half the body, then close the connection').optional(),
  },
  { error: 'a fault rule mapping, e.g. { method: head, when: any, probability: 0.03, status: 403, code: AccessDenied }' },
);

const readDelayMs = defineMs(ENDPOINT_LIMITS.maxMs, 'reads answer as if the key did not exist yet');
const perMethodDelaySchema = z.strictObject(
  Object.fromEntries(METHODS.map((method) => [method, readDelayMs.default(0)])) as Record<(typeof METHODS)[number], z.ZodDefault<typeof readDelayMs>>,
  { error: `a mapping with the keys ${METHODS.join(', ')}` },
);

const consistencySchema = z.strictObject(
  {
    'visibility-delay-ms': z
      .union([defineMs(ENDPOINT_LIMITS.maxMs, 'for every read method'), perMethodDelaySchema], {
        error: `a number of milliseconds, or a mapping per method, e.g. { head: 200, ranged-get: 0, get: 0 }`,
      })
      .default(0),
    'stale-after-delete-ms': defineMs(ENDPOINT_LIMITS.maxMs, 'reads still see a deleted object').default(0),
  },
  { error: 'a mapping with the keys visibility-delay-ms, stale-after-delete-ms' },
);

const identitySchema = z.strictObject(
  {
    name: ENDPOINT_FIELD.identityName,
    'list-bucket': z.boolean({ error: 'true or false (whether the identity has s3:ListBucket)' }).default(true),
  },
  { error: 'an identity mapping, e.g. { name: reader, list-bucket: false }' },
);

type Check = { addIssue(issue: { code: 'custom'; message: string; path: PropertyKey[]; input: unknown }): void };

function requireUniqueNames(identities: unknown[], ctx: Check): void {
  const names = identities.map((identity) => (identity !== null && typeof identity === 'object' ? (identity as { name?: unknown }).name : undefined));
  names.forEach((name, i) => {
    const first = names.indexOf(name);
    if (typeof name === 'string' && first < i) {
      ctx.addIssue({ code: 'custom', path: [i, 'name'], input: name, message: `a name not used before (it is already identities[${first}].name)` });
    }
  });
}

export const endpointShape = {
  faults: z
    .array(faultRuleSchema, { error: 'a list of fault rules, e.g. [{ method: head, when: any, probability: 0.03, status: 403, code: AccessDenied }]' })
    .max(ENDPOINT_LIMITS.maxRules, { error: `a list of at most ${ENDPOINT_LIMITS.maxRules} fault rules` })
    .default(() => []),
  consistency: consistencySchema.prefault({}),
  identities: z
    .array(identitySchema, { error: 'a list of identities, e.g. [{ name: owner, list-bucket: true }, { name: reader, list-bucket: false }]' })
    .min(1, { error: 'a non-empty list of identities' })
    .max(ENDPOINT_LIMITS.maxIdentities, { error: `a list of at most ${ENDPOINT_LIMITS.maxIdentities} identities` })
    .superRefine(requireUniqueNames, { when: (payload: { value: unknown }) => Array.isArray(payload.value) })
    .default(() => [{ name: ENDPOINT_DEFAULTS.identity.name, 'list-bucket': ENDPOINT_DEFAULTS.identity.listBucket }]),
  uploader: ENDPOINT_FIELD.identityName.optional(),
  prober: ENDPOINT_FIELD.identityName.optional(),
  'follow-up': z
    .strictObject(
      { 'on-head-403': z.enum(FOLLOW_UPS, { error: `one of ${FOLLOW_UPS.join(', ')}` }).default(ENDPOINT_DEFAULTS.onHead403) },
      { error: 'a mapping with the key on-head-403, e.g. { on-head-403: ranged-get }' },
    )
    .prefault({}),
};

/** Keys of the nested mappings, by key path, for "did you mean". */
export const ENDPOINT_KNOWN_KEYS: Record<string, readonly string[]> = {
  faults: Object.keys(faultRuleSchema.shape),
  consistency: Object.keys(consistencySchema.shape),
  'consistency.visibility-delay-ms': METHODS,
  identities: Object.keys(identitySchema.shape),
  'follow-up': ['on-head-403'],
};
