// The scenario key `arms:` — variants of the probing that differ in one factor (engine, connection, identity, pre-upload probes): zod 4, strict.
import { z } from 'zod';
import { ENDPOINT_FIELD } from './schema-endpoint.js';

/** As src/engines/engine.ts spells them (not imported: the scenario layer stays free of SDK types; a test keeps them equal). */
export const ENGINE_NAMES = ['sdk', 'raw', 'presigned'] as const;
export const CONNECTION_MODES = ['keep-alive', 'fresh', 'fresh-dns'] as const;

export const ARM_DEFAULTS = {
  /** The implicit arm of a scenario without `arms:`. */
  name: 'default',
  engine: 'sdk',
  connection: 'keep-alive',
  preUploadProbes: true,
} as const;

export const ARM_LIMITS = { maxArms: 16 } as const;

const ARM_NAME = 'an arm name of letters, digits, ".", "_" or "-", at most 64 characters';

const armSchema = z.strictObject(
  {
    name: z.string({ error: ARM_NAME }).regex(/^[A-Za-z0-9._-]+$/, { error: ARM_NAME }).max(64, { error: ARM_NAME }),
    engine: z.enum(ENGINE_NAMES, { error: `one of ${ENGINE_NAMES.join(', ')}` }).default(ARM_DEFAULTS.engine),
    connection: z.enum(CONNECTION_MODES, { error: `one of ${CONNECTION_MODES.join(', ')}` }).default(ARM_DEFAULTS.connection),
    /** target local: an identity under `identities:` (default: the scenario's prober). */
    identity: ENDPOINT_FIELD.identityName.optional(),
    /** target s3: an AWS profile (default: the scenario's profile / the credential chain). */
    profile: z.string({ error: 'a profile name from ~/.aws/config' }).min(1, { error: 'a profile name from ~/.aws/config' }).optional(),
    'pre-upload-probes': z.boolean({ error: 'true or false (whether this arm probes before the upload)' }).default(ARM_DEFAULTS.preUploadProbes),
  },
  { error: 'an arm mapping, e.g. { name: raw-fresh, engine: raw, connection: fresh }' },
);

type Check = { addIssue(issue: { code: 'custom'; message: string; path: PropertyKey[]; input: unknown }): void };

function requireUniqueArmNames(arms: unknown[], ctx: Check): void {
  const names = arms.map((arm) => (arm !== null && typeof arm === 'object' ? (arm as { name?: unknown }).name : undefined));
  names.forEach((name, i) => {
    const first = names.indexOf(name);
    if (typeof name === 'string' && first < i) {
      ctx.addIssue({ code: 'custom', path: [i, 'name'], input: name, message: `an arm name not used before (it is already arms[${first}].name)` });
    }
  });
}

export const armsShape = {
  arms: z
    .array(armSchema, { error: 'a list of arms, e.g. [{ name: sdk }, { name: raw, engine: raw }]' })
    .min(1, { error: 'a non-empty list of arms (leave `arms` out for the single default arm)' })
    .max(ARM_LIMITS.maxArms, { error: `a list of at most ${ARM_LIMITS.maxArms} arms` })
    .superRefine(requireUniqueArmNames, { when: (payload: { value: unknown }) => Array.isArray(payload.value) })
    .optional(),
};

export const ARMS_KNOWN_KEYS: Record<string, readonly string[]> = {
  arms: Object.keys(armSchema.shape),
};
