// `s3probe run`: scenario → target → plan → probes → SQLite → summary. The only place these rooms are wired together.
import { realClock } from '../clock.js';
import { EXIT, HarnessError } from '../errors.js';
import { startProgress } from '../progress.js';
import { openDatabase, type Db } from '../recorder/database.js';
import { iterateProbes, resolveRun } from '../recorder/queries.js';
import { finishRun, insertRun, newRunId, recordRunEvent } from '../recorder/runs.js';
import { RecordWriter } from '../recorder/writer.js';
import { renderSummaryTable } from '../report/summary-table.js';
import { PlanRun } from '../run-plan.js';
import { deleteKeys } from '../s3/cleanup.js';
import { estimateRequests } from '../scenario/estimate.js';
import { loadScenario } from '../scenario/load.js';
import { applyOverrides, type ScenarioOverrides } from '../scenario/parse.js';
import { planRun, type Plan } from '../scenario/plan.js';
import type { Scenario, ScenarioSource } from '../scenario/scenario.js';
import { summarise } from '../summary/summarise.js';
import { connectTarget, type ConnectedTarget } from '../target.js';
import { readVersions } from '../versions.js';
import type { CommandIo } from './io.js';
import { watchSignals } from './signals.js';

export interface RunArgs {
  scenarioPath: string;
  dbPath: string;
  overrides: ScenarioOverrides;
  progress: boolean;
  commandLine: string;
}

/** How long an interrupted run waits for in-flight probes before giving up on them. */
const DRAIN_BOUND_MS = 10_000;

export async function runCommand(args: RunArgs, io: CommandIo): Promise<number> {
  // Everything that can be wrong with the input is found before anything is written or sent.
  const { scenario, source } = loadScenario(args.scenarioPath);
  const effective = applyOverrides(scenario, args.overrides);
  const runId = newRunId(new Date(), Math.random);
  const plan = planRun(effective, runKeyPrefix(effective, runId));
  const db = openDatabase(args.dbPath);
  try {
    if (effective.target === 's3') {
      const estimate = estimateRequests(effective, plan);
      io.err(`plan: ${estimate.total} requests, estimated cost $${estimate.costUsd.toFixed(4)} (${estimate.pricing})\n`);
    }
    const target = await connectTarget(effective);
    try {
      io.err(
        effective.target === 'local'
          ? `target: embedded S3 endpoint at ${target.endpoint} (a local simulation, not AWS)\n`
          : `target: ${target.endpoint ?? `AWS ${effective.region}`}, bucket ${effective.bucket}\n`,
      );
      return await probeAndRecord({ db, runId, plan, scenario: effective, source, target, args, io });
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
  args: RunArgs;
  io: CommandIo;
}

async function probeAndRecord({ db, runId, plan, scenario, source, target, args, io }: Session): Promise<number> {
  const versions = readVersions();
  insertRun(db, {
    id: runId, scenarioName: scenario.name, scenarioText: source.text, scenarioPath: source.path,
    target: scenario.target, endpoint: target.endpoint, region: scenario.region, bucket: scenario.bucket,
    prefix: runKeyPrefix(scenario, runId), seed: scenario.seed,
    concurrency: scenario.concurrency, maxAttempts: scenario.sdk.maxAttempts, plannedProbes: plan.counts.probes,
    harnessVersion: versions.harness, sdkVersion: versions.sdk, nodeVersion: versions.node, platform: versions.platform,
    hostName: versions.hostName, commandLine: args.commandLine, startedAtMs: Date.now(),
  });
  io.err(`run ${runId}: ${plan.counts.objects} objects, ${plan.counts.probes} probes → ${args.dbPath}\n`);
  const writer = new RecordWriter(db);
  const createdKeys: string[] = [];
  const run = new PlanRun({
    plan, runId, s3: target.client.s3, bucket: scenario.bucket, clock: realClock, concurrency: scenario.concurrency,
    sink: {
      object: (record) => {
        createdKeys.push(record.key);
        writer.writeObject(record);
      },
      probe: (record) => writer.writeProbe(record),
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
  }
  failure ??= attempt(() => writer.flush());
  if (interruption.signal) io.err(`\n${interruption.signal}: stopped firing after ${run.progress.probesDone} of ${run.progress.plannedProbes} probes; completed probes are kept.\n`);
  // Clean up even after a failure: the objects are ours and must not be left behind.
  if (scenario.cleanup && createdKeys.length > 0) {
    const cleanup = await deleteKeys(target.client.s3, scenario.bucket, createdKeys);
    if (cleanup.failed.length > 0) io.err(`cleanup: ${cleanup.failed.length} of ${createdKeys.length} objects could not be deleted (first: ${cleanup.failed[0].key}: ${cleanup.failed[0].code})\n`);
    failure ??= attempt(() => {
      writer.markObjectsDeleted(runId, cleanup.deleted);
      writer.flush();
      recordRunEvent(db, runId, Date.now(), 'cleanup', { deleted: cleanup.deleted.length, failed: cleanup.failed.length });
    });
  }
  if (failure) {
    attempt(() => finishRun(db, runId, 'failed', Date.now(), String((failure as Error).message ?? failure)));
    throw failure instanceof HarnessError ? failure : new HarnessError('E_INTERNAL', `run ${runId} failed: ${(failure as Error).message}`, { cause: failure });
  }
  writer.close();
  finishRun(db, runId, interruption.signal ? 'interrupted' : 'completed', Date.now(), interruption.signal ?? undefined);
  io.out(renderSummaryTable(summarise(resolveRun(db, runId), iterateProbes(db, runId)), { color: io.stdout.isTTY === true }));
  if (interruption.signal === 'SIGINT') return EXIT.interrupted;
  if (interruption.signal === 'SIGTERM') return EXIT.terminated;
  return EXIT.ok;
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
