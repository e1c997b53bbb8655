// Command-line overrides of scenario keys, checked exactly like the keys they replace; errors name the flag.
import type { z } from 'zod';
import { HarnessError } from '../errors.js';
import { FLAG_EXAMPLE } from './fix-hints.js';
import { formatValue } from './format.js';
import { FIELD } from './schema.js';
import type { Scenario } from './scenario.js';

export interface ScenarioOverrides {
  endpoint?: string;
  bucket?: string;
  prefix?: string;
  region?: string;
  profile?: string;
  pathStyle?: boolean;
  concurrency?: number;
  seed?: number;
  /** objects.count */
  objects?: number;
}

const FLAGS: Record<keyof ScenarioOverrides, { flag: string; schema: z.ZodType }> = {
  endpoint: { flag: 'endpoint', schema: FIELD.endpoint },
  bucket: { flag: 'bucket', schema: FIELD.bucket },
  prefix: { flag: 'prefix', schema: FIELD.prefix },
  region: { flag: 'region', schema: FIELD.region },
  profile: { flag: 'profile', schema: FIELD.profile },
  pathStyle: { flag: 'path-style', schema: FIELD.boolean },
  concurrency: { flag: 'concurrency', schema: FIELD.concurrency },
  seed: { flag: 'seed', schema: FIELD.seed },
  objects: { flag: 'objects', schema: FIELD.objectCount },
};

const S3_ONLY: readonly (keyof ScenarioOverrides)[] = ['endpoint', 'profile'];

function describeFlagFix(flag: string): string {
  return flag === 'path-style' ? 'pass --path-style or --no-path-style' : `pass e.g. --${flag} ${FLAG_EXAMPLE[flag]}`;
}

/** The scenario with every defined override applied (a new object). Throws E_USAGE listing every bad flag. */
export function applyOverrides(scenario: Scenario, overrides: ScenarioOverrides): Scenario {
  const problems: string[] = [];
  for (const name of Object.keys(FLAGS) as (keyof ScenarioOverrides)[]) {
    const value = overrides[name];
    if (value === undefined) continue;
    const { flag, schema } = FLAGS[name];
    const result = schema.safeParse(value);
    if (!result.success) problems.push(`--${flag}: expected ${result.error.issues[0].message}, got ${formatValue(value)}. Fix: ${describeFlagFix(flag)}`);
    else if (scenario.target === 'local' && S3_ONLY.includes(name)) {
      problems.push(`--${flag}: only allowed with target s3; scenario "${scenario.name}" has target local. Fix: drop --${flag}, or use a scenario with \`target: s3\``);
    }
  }
  if (problems.length > 0) throw new HarnessError('E_USAGE', problems.join('\n'));
  const { endpoint, bucket, prefix, region, profile, pathStyle, concurrency, seed, objects } = overrides;
  return {
    ...scenario,
    ...(endpoint !== undefined && { endpoint }),
    ...(profile !== undefined && { profile }),
    bucket: bucket ?? scenario.bucket,
    prefix: prefix ?? scenario.prefix,
    region: region ?? scenario.region,
    pathStyle: pathStyle ?? scenario.pathStyle,
    concurrency: concurrency ?? scenario.concurrency,
    seed: seed ?? scenario.seed,
    objects: { count: objects ?? scenario.objects.count, sizeBytes: [...scenario.objects.sizeBytes] },
    methods: [...scenario.methods],
    schedule: { ...scenario.schedule, beforeUploadMs: [...scenario.schedule.beforeUploadMs], afterUploadMs: [...scenario.schedule.afterUploadMs] },
    sdk: { ...scenario.sdk },
    faults: scenario.faults.map((rule) => structuredClone(rule)),
    consistency: { ...scenario.consistency, visibilityDelayMs: { ...scenario.consistency.visibilityDelayMs } },
    identities: scenario.identities.map((identity) => ({ ...identity })),
    followUp: { ...scenario.followUp },
    ...(scenario.arms !== undefined && { arms: scenario.arms.map((arm) => ({ ...arm })) }),
  };
}
