// The reporting side of `s3probe run`: the shard it runs, facts recorded with it (credential kind, clock offset), thresholds and exit 99.
import type { S3Client } from '@aws-sdk/client-s3';
import type { Db } from '../recorder/database.js';
import { recordClockOffset, recordCredentialKind, recordShard } from '../recorder/run-facts.js';
import type { ShardInfo } from '../report/report-model.js';
import type { Plan } from '../scenario/plan.js';
import { defaultShardGroup, parseShard, shardPlan } from '../sharding/shard-plan.js';
import type { Summary } from '../summary/summarise.js';
import { THRESHOLDS_FAILED_EXIT, allPassed, evaluateThresholds } from '../thresholds/evaluate.js';
import { parseThresholds, type Threshold } from '../thresholds/parse.js';
import { renderThresholdResults } from '../thresholds/render.js';
import type { CommandIo } from './io.js';

export interface RunReportingArgs {
  /** `--shard i/n`. */
  shard?: string;
  /** `--group NAME`: the run group the shards share. */
  group?: string;
  /** Repeated `--threshold EXPR`. */
  flagThresholds?: readonly string[];
  /** The scenario's `thresholds:` list. */
  scenarioThresholds?: readonly string[];
  scenarioPath: string;
  scenarioName: string;
  seed: number;
  now: Date;
}

export interface RunReporting {
  shard: ShardInfo | null;
  /** Scenario thresholds first, then flags. */
  thresholds: Threshold[];
}

/**
 * Checks `--shard`, `--group` and every threshold before anything is written: a bad one throws HarnessError
 * (E_USAGE for flags, E_SCENARIO for the scenario key; both exit 2) naming where it came from.
 */
export function prepareRunReporting(args: RunReportingArgs): RunReporting {
  const thresholds = [
    ...parseThresholds(args.scenarioThresholds ?? [], 'E_SCENARIO', (i) => `${args.scenarioPath}: thresholds[${i}]`),
    ...parseThresholds(args.flagThresholds ?? [], 'E_USAGE', () => '--threshold'),
  ];
  if (args.shard === undefined) return { shard: null, thresholds };
  const shard = parseShard(args.shard);
  const group = args.group ?? process.env.S3PROBE_GROUP ?? defaultShardGroup(args.scenarioName, args.seed, shard, args.now);
  return { shard: { ...shard, group }, thresholds };
}

/** The part of the plan this process runs: all of it, or its shard's objects (same keys, sizes and timing). */
export function planForShard(plan: Plan, reporting: RunReporting): Plan {
  return reporting.shard === null ? plan : shardPlan(plan, reporting.shard);
}

/** Records the shard and the credential kind as run events, right after insertRun. Never records a secret. */
export function recordRunStart(db: Db, runId: string, reporting: RunReporting, credentials: CredentialFacts): void {
  const atMs = Date.now();
  if (reporting.shard !== null) recordShard(db, runId, atMs, reporting.shard);
  recordCredentialKind(db, runId, atMs, credentials.kind);
}

/** Records the clock offset estimated from the run's response Date headers, right before finishRun. */
export function recordRunEnd(db: Db, runId: string): void {
  recordClockOffset(db, runId, Date.now());
}

/**
 * Prints each threshold as passed or failed and returns the exit code: `exitCode` unchanged when all passed (or
 * there are none), 99 when one failed and the run would otherwise have exited 0.
 */
export function applyThresholds(summary: Summary, reporting: RunReporting, io: CommandIo, exitCode: number): number {
  if (reporting.thresholds.length === 0) return exitCode;
  const results = evaluateThresholds(reporting.thresholds, summary);
  io.out(renderThresholdResults(results, { color: io.stdout.isTTY === true }));
  return allPassed(results) || exitCode !== 0 ? exitCode : THRESHOLDS_FAILED_EXIT;
}

export interface CredentialFacts {
  /** "static", "temporary", "temporary (profile research)", "static (the embedded endpoint's test identity)" … */
  kind: string;
}

/**
 * What kind of credentials the probing client resolved: temporary when they carry a session token (STS, SSO, a role,
 * instance or container credentials), static otherwise; plus where they came from when that is known. Reads the
 * resolved identity only to look at which fields are present; nothing from it is returned.
 */
export async function describeCredentials(s3: S3Client, options: { target: string; profile?: string; env?: NodeJS.ProcessEnv }): Promise<CredentialFacts> {
  if (options.target === 'local') return { kind: "static (the embedded endpoint's test identity)" };
  const env = options.env ?? process.env;
  let temporary: boolean | null = null;
  try {
    const identity = await (s3.config.credentials as () => Promise<{ sessionToken?: string }>)();
    temporary = typeof identity.sessionToken === 'string' && identity.sessionToken !== '';
  } catch {
    // The preflight already proved the credentials work; a provider that cannot be asked twice just leaves the kind unknown.
  }
  const sources: string[] = [];
  if (options.profile !== undefined) sources.push(`profile ${options.profile}`);
  else if (env.AWS_PROFILE) sources.push(`profile ${env.AWS_PROFILE}`);
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE && env.AWS_ROLE_ARN) sources.push('role via web identity');
  else if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI) sources.push('container credentials');
  else if (env.AWS_ACCESS_KEY_ID) sources.push('environment variables');
  const kind = temporary === null ? 'unknown' : temporary ? 'temporary' : 'static';
  return { kind: sources.length === 0 ? kind : `${kind} (${sources.join(', ')})` };
}
