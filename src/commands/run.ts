// `s3probe run`: scenario → target → plan → probes → SQLite → summary. The only place these rooms are wired together.
import { realClock } from '../clock.js';
import { EXIT, HarnessError } from '../errors.js';
import type { CredentialRefresh } from '../engines/engine.js';
import { describeFaultRules } from '../faults/describe.js';
import type { LocalS3LogEntry } from '../local-s3/server.js';
import type { EndpointLogRecord } from '../probes/probe-record.js';
import { startProgress } from '../progress.js';
import { CREDENTIAL_REFRESH_EVENT } from '../recorder/credential-queries.js';
import { openDatabase, type Db } from '../recorder/database.js';
import { markDeadRuns, PROCESS_EVENT } from '../recorder/dead-runs.js';
import { finishRun, insertRun, newRunId, recordRunEvent } from '../recorder/runs.js';
import { RecordWriter } from '../recorder/writer.js';
import { renderSummaryTable } from '../report/summary-table.js';
import { checkResultsSpace } from '../results-check.js';
import { checkPlanWithinBudget, DEFAULT_MAX_COST_USD, DEFAULT_MAX_REQUESTS, RequestBudget } from '../run-budget.js';
import { PlanRun } from '../run-plan.js';
import { createArmEngines } from '../s3/arm-engines.js';
import { deleteKeys } from '../s3/cleanup.js';
import { listArms } from '../scenario/arms.js';
import { estimateRequests } from '../scenario/estimate.js';
import { loadScenario } from '../scenario/load.js';
import { applyOverrides, type ScenarioOverrides } from '../scenario/parse.js';
import { planRun, type Plan } from '../scenario/plan.js';
import type { Scenario, ScenarioSource } from '../scenario/scenario.js';
import { connectTarget, type ConnectedTarget } from '../target.js';
import { readVersions } from '../versions.js';
import type { CommandIo } from './io.js';
import { applyThresholds, describeCredentials, planForShard, prepareRunReporting, recordRunEnd, recordRunStart, type RunReporting } from './run-reporting.js';
import { watchSignals } from './signals.js';
import { summariseRun } from './summary.js';

export interface RunArgs {
  scenarioPath: string;
  dbPath: string;
  overrides: ScenarioOverrides;
  progress: boolean;
  commandLine: string;
  /** `--shard i/n` */
  shard?: string;
  /** `--group NAME` */
  group?: string;
  /** Repeated `--threshold EXPR`. */
  thresholds?: string[];
  /** `--max-requests` (target s3): refuse a larger plan, stop a run that reaches it. */
  maxRequests?: number;
  /** `--max-cost-usd` (target s3): refuse a plan estimated above it. */
  maxCostUsd?: number;
}

/** The HeadBucket preflight, counted against `--max-requests` (cleanup is not: deleting our objects is never skipped). */
const PREFLIGHT_REQUESTS = 1;

/** How long an interrupted run waits for in-flight probes before giving up on them. */
const DRAIN_BOUND_MS = 10_000;

export async function runCommand(args: RunArgs, io: CommandIo): Promise<number> {
  // Everything that can be wrong with the input is found before anything is written or sent.
  const { scenario, source } = loadScenario(args.scenarioPath);
  const effective = applyOverrides(scenario, args.overrides);
  const runId = newRunId(new Date(), Math.random);
  const reporting = prepareRunReporting({
    shard: args.shard, group: args.group, flagThresholds: args.thresholds, scenarioThresholds: effective.thresholds,
    scenarioPath: args.scenarioPath, scenarioName: effective.name, seed: effective.seed, now: new Date(),
  });
  const plan = planForShard(planRun(effective, runKeyPrefix(effective, runId)), reporting);
  const budget = { maxRequests: args.maxRequests ?? DEFAULT_MAX_REQUESTS, maxCostUsd: args.maxCostUsd ?? DEFAULT_MAX_COST_USD };
  if (effective.target === 's3') {
    const estimate = estimateRequests(effective, plan);
    io.err(`plan: ${estimate.total} requests, estimated cost $${estimate.costUsd.toFixed(4)} (${estimate.pricing})\n`);
    checkPlanWithinBudget(estimate, budget);
  }
  const db = openDatabase(args.dbPath);
  try {
    checkResultsSpace(args.dbPath, { probes: plan.counts.probes, objects: plan.counts.objects });
    for (const id of markDeadRuns(db, readVersions().hostName, Date.now())) io.err(`run ${id}: its process is gone; marked interrupted.\n`);
    const endpointLog = createEndpointLogSink(runId);
    const target = await connectTarget(effective, { onEndpointLog: endpointLog.onEntry });
    try {
      io.err(
        effective.target === 'local'
          ? `target: embedded S3 endpoint at ${target.endpoint} (a local simulation, not AWS)\n`
          : `target: ${target.endpoint ?? `AWS ${effective.region}`}, bucket ${effective.bucket}\n`,
      );
      if (effective.target === 'local' && effective.faults.length > 0) {
        io.err(`simulation: the embedded endpoint follows scenario "${effective.name}", not AWS — ${describeFaultRules(effective.faults).join('; ')}. This shows what a finding looks like; it says nothing about S3.\n`);
      }
      return await probeAndRecord({ db, runId, plan, scenario: effective, source, target, endpointLog, reporting, args, io });
    } finally {
      await target.close();
    }
  } finally {
    db.close();
  }
}

interface Session {
  db: Db;
  runId: string;
  plan: Plan;
  scenario: Scenario;
  source: ScenarioSource;
  target: ConnectedTarget;
  endpointLog: EndpointLogSink;
  reporting: RunReporting;
  args: RunArgs;
  io: CommandIo;
}

async function probeAndRecord({ db, runId, plan, scenario, source, target, endpointLog, reporting, args, io }: Session): Promise<number> {
  const versions = readVersions();
  insertRun(db, {
    id: runId, scenarioName: scenario.name, scenarioText: source.text, scenarioPath: source.path,
    target: scenario.target, endpoint: target.endpoint, region: scenario.region, bucket: scenario.bucket,
    prefix: runKeyPrefix(scenario, runId), seed: scenario.seed,
    concurrency: scenario.concurrency, maxAttempts: scenario.sdk.maxAttempts, plannedProbes: plan.counts.probes,
    harnessVersion: versions.harness, sdkVersion: versions.sdk, nodeVersion: versions.node, platform: versions.platform,
    hostName: versions.hostName, commandLine: args.commandLine, startedAtMs: Date.now(),
  });
  // Lets a later command tell a killed run from a running one (src/recorder/dead-runs.ts).
  recordRunEvent(db, runId, Date.now(), PROCESS_EVENT, { pid: process.pid, host: versions.hostName });
  recordRunStart(db, runId, reporting, await describeCredentials(target.prober.s3, { target: scenario.target, profile: scenario.profile }));
  const shard = reporting.shard === null ? '' : ` (shard ${reporting.shard.index}/${reporting.shard.count} of ${reporting.shard.group})`;
  io.err(`run ${runId}${shard}: ${plan.counts.objects} objects, ${plan.counts.probes} probes → ${args.dbPath}\n`);
  const writer = new RecordWriter(db);
  endpointLog.attach(writer);
  const createdKeys: string[] = [];
  const maxRequests = scenario.target === 's3' ? (args.maxRequests ?? DEFAULT_MAX_REQUESTS) : Number.POSITIVE_INFINITY;
  const budget = new RequestBudget(maxRequests, () => run.stop());
  if (scenario.target === 's3') budget.count(PREFLIGHT_REQUESTS);
  const recordCredentialRefresh = (arm: string, event: CredentialRefresh) => attempt(() => recordRunEvent(db, runId, Date.now(), CREDENTIAL_REFRESH_EVENT, { arm, ...event }));
  const armEngines = createArmEngines(scenario, listArms(scenario), target.armTarget, { runId, onCredentialRefresh: recordCredentialRefresh });
  // The prober's identities (resolved since the preflight, and from now on) belong to every arm fired through it.
  const stopProberRefreshes = target.prober.onCredentialRefresh((event) => {
    for (const arm of armEngines.proberArms) recordCredentialRefresh(arm, event);
  });
  const run = new PlanRun({
    plan, runId, s3: target.prober.s3, uploaderS3: target.uploader.s3, bucket: scenario.bucket, clock: realClock, concurrency: scenario.concurrency,
    followUp: scenario.followUp, engines: armEngines.engines,
    sink: {
      object: (record) => {
        createdKeys.push(record.key);
        writer.writeObject(record);
        budget.count(1);
      },
      probe: (record) => {
        writer.writeProbe(record);
        budget.count(record.attempts);
      },
    },
  });
  const progress = startProgress(run.progress, io.stderr, { enabled: args.progress });
  const interruption = watchSignals(() => run.stop());
  let failure: unknown = null;
  try {
    await Promise.race([run.execute(), interruption.drained(DRAIN_BOUND_MS)]);
  } catch (error) {
    failure = error;
    run.stop();
  } finally {
    progress.stop();
    interruption.dispose();
    armEngines.destroy();
    stopProberRefreshes();
  }
  failure ??= attempt(() => writer.flush());
  if (interruption.signal) io.err(`\n${interruption.signal}: stopped firing after ${run.progress.probesDone} of ${run.progress.plannedProbes} probes; completed probes are kept.\n`);
  const budgetNote = budget.exhausted ? `budget reached: ${budget.requestsUsed} requests answered (--max-requests ${maxRequests}); stopped firing` : undefined;
  if (budgetNote) io.err(`\n${budgetNote} after ${run.progress.probesDone} of ${run.progress.plannedProbes} probes; completed probes are kept.\n`);
  // Clean up even after a failure: the objects are ours and must not be left behind.
  if (scenario.cleanup && createdKeys.length > 0) {
    const cleanup = await deleteKeys(target.uploader.s3, scenario.bucket, createdKeys);
    if (cleanup.failed.length > 0) io.err(`cleanup: ${cleanup.failed.length} of ${createdKeys.length} objects could not be deleted (first: ${cleanup.failed[0].key}: ${cleanup.failed[0].code})\n`);
    failure ??= attempt(() => {
      writer.markObjectsDeleted(runId, cleanup.deleted);
      writer.flush();
      recordRunEvent(db, runId, Date.now(), 'cleanup', { deleted: cleanup.deleted.length, failed: cleanup.failed.length });
    });
  }
  // Every request of the run has been answered (the endpoint logs an answer before the client sees it).
  endpointLog.detach();
  if (failure) {
    attempt(() => finishRun(db, runId, 'failed', Date.now(), String((failure as Error).message ?? failure)));
    throw failure instanceof HarnessError ? failure : new HarnessError('E_INTERNAL', `run ${runId} failed: ${(failure as Error).message}`, { cause: failure });
  }
  writer.close();
  recordRunEnd(db, runId);
  finishRun(db, runId, interruption.signal || budgetNote ? 'interrupted' : 'completed', Date.now(), interruption.signal ?? budgetNote);
  const summary = summariseRun(db, runId);
  io.out(renderSummaryTable(summary, { color: io.stdout.isTTY === true }));
  if (interruption.signal === 'SIGINT') return EXIT.interrupted;
  if (interruption.signal === 'SIGTERM') return EXIT.terminated;
  return applyThresholds(summary, reporting, io, EXIT.ok);
}

/** Everything a run creates lives under `<prefix><run-id>/`. */
function runKeyPrefix(scenario: Scenario, runId: string): string {
  return `${scenario.prefix}${runId}/`;
}

/** Runs `step`, returning what it threw instead of throwing. */
function attempt(step: () => void): unknown {
  try {
    step();
    return null;
  } catch (error) {
    return error;
  }
}

interface EndpointLogSink {
  /** The embedded endpoint's onLog callback. */
  onEntry(entry: LocalS3LogEntry): void;
  /** Writes what arrived so far, then every later entry, through `writer`. */
  attach(writer: RecordWriter): void;
  /** Ignores entries from now on (the writer is about to close). */
  detach(): void;
}

/**
 * The endpoint logs from the moment it starts (CreateBucket comes before the run row exists), so entries are held
 * until the writer is attached. A writer failure is not reported here: the probe path reports it and stops the run.
 */
function createEndpointLogSink(runId: string): EndpointLogSink {
  let held: EndpointLogRecord[] | null = [];
  let writer: RecordWriter | null = null;
  const write = (record: EndpointLogRecord) => {
    try {
      writer?.writeEndpointLog(record);
    } catch {
      // Kept in the writer; its next probe write throws it.
    }
  };
  return {
    onEntry(entry) {
      const record = toEndpointLogRecord(runId, entry);
      if (writer !== null) write(record);
      else held?.push(record);
    },
    attach(attached) {
      writer = attached;
      for (const record of held ?? []) write(record);
      held = null;
    },
    detach() {
      writer = null;
      held = null;
    },
  };
}

function toEndpointLogRecord(runId: string, entry: LocalS3LogEntry): EndpointLogRecord {
  return {
    runId, atMs: entry.atMs, httpMethod: entry.method, operation: entry.operation, bucket: entry.bucket, objectKey: entry.key,
    requestId: entry.requestId, status: entry.status, errorCode: entry.errorCode, decidedBy: entry.decidedBy,
    keyExisted: entry.keyExisted, msSincePut: entry.msSincePut,
  };
}
