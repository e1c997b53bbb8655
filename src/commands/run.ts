// `s3probe run`: scenario → target → plan → probes → SQLite → summary. The only place these rooms are wired together.
import { realClock } from '../clock.js';
import { EXIT, HarnessError } from '../errors.js';
import { describeProgress, startProgress } from '../progress.js';
import { openDatabase } from '../recorder/database.js';
import { iterateProbes, resolveRun } from '../recorder/queries.js';
import { finishRun, insertRun, newRunId, recordRunEvent } from '../recorder/runs.js';
import { RecordWriter } from '../recorder/writer.js';
import { renderSummaryTable } from '../report/summary-table.js';
import { PlanRun } from '../run-plan.js';
import { deleteKeys } from '../s3/cleanup.js';
import { estimateRequests } from '../scenario/estimate.js';
import { loadScenario } from '../scenario/load.js';
import { applyOverrides, type ScenarioOverrides } from '../scenario/parse.js';
import { planRun } from '../scenario/plan.js';
import { summarise } from '../summary/summarise.js';
import { connectTarget } from '../target.js';
import { readVersions } from '../versions.js';
import type { CommandIo } from './io.js';

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
  const { scenario, source } = loadScenario(args.scenarioPath);
  const effective = applyOverrides(scenario, args.overrides);
  const db = openDatabase(args.dbPath);
  try {
    const runId = newRunId(new Date(), Math.random);
    const keyPrefix = `${effective.prefix}${runId}/`;
    const plan = planRun(effective, keyPrefix);
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
      const versions = readVersions();
      insertRun(db, {
        id: runId, scenarioName: effective.name, scenarioText: source.text, scenarioPath: source.path,
        target: effective.target, endpoint: target.endpoint, region: effective.region, bucket: effective.bucket,
        prefix: keyPrefix, seed: effective.seed, concurrency: effective.concurrency, maxAttempts: effective.sdk.maxAttempts,
        plannedProbes: plan.counts.probes, harnessVersion: versions.harness, sdkVersion: versions.sdk,
        nodeVersion: versions.node, platform: versions.platform, hostName: versions.hostName,
        commandLine: args.commandLine, startedAtMs: Date.now(),
      });
      io.err(`run ${runId}: ${plan.counts.objects} objects, ${plan.counts.probes} probes → ${args.dbPath}\n`);
      const writer = new RecordWriter(db);
      const createdKeys: string[] = [];
      const run = new PlanRun({
        plan, runId, s3: target.client.s3, bucket: effective.bucket, clock: realClock, concurrency: effective.concurrency,
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
      let outcome: 'completed' | 'interrupted' | 'failed' = 'completed';
      let failure: unknown = null;
      try {
        await Promise.race([run.execute(), interruption.drained(DRAIN_BOUND_MS)]);
        if (interruption.signal) outcome = 'interrupted';
      } catch (error) {
        outcome = 'failed';
        failure = error;
      } finally {
        progress.stop();
        interruption.dispose();
        writer.flush();
      }
      if (interruption.signal) io.err(`\n${interruption.signal}: stopped firing; ${describeProgress(run.progress, 0).replace(/, ETA.*/, '')}\n`);
      if (effective.cleanup && createdKeys.length > 0) {
        const cleanup = await deleteKeys(target.client.s3, effective.bucket, createdKeys);
        writer.markObjectsDeleted(runId, cleanup.deleted);
        recordRunEvent(db, runId, Date.now(), 'cleanup', { deleted: cleanup.deleted.length, failed: cleanup.failed.length });
        if (cleanup.failed.length > 0) io.err(`cleanup: ${cleanup.failed.length} of ${createdKeys.length} objects could not be deleted (first: ${cleanup.failed[0].key}: ${cleanup.failed[0].code})\n`);
      }
      writer.close();
      finishRun(db, runId, outcome, Date.now(), failure ? String((failure as Error).message ?? failure) : interruption.signal ?? undefined);
      const summary = summarise(resolveRun(db, runId), iterateProbes(db, runId));
      io.out(renderSummaryTable(summary, { color: io.stdout.isTTY === true }));
      if (failure) throw new HarnessError('E_INTERNAL', `run ${runId} failed: ${(failure as Error).message}`, { cause: failure });
      if (interruption.signal === 'SIGINT') return EXIT.interrupted;
      if (interruption.signal === 'SIGTERM') return EXIT.terminated;
      return EXIT.ok;
    } finally {
      await target.close();
    }
  } finally {
    db.close();
  }
}

interface Interruption {
  signal: 'SIGINT' | 'SIGTERM' | null;
  /** Never resolves until a signal arrives; then resolves after `boundMs` so a stuck request cannot hold the run. */
  drained(boundMs: number): Promise<void>;
  dispose(): void;
}

function watchSignals(stop: () => void): Interruption {
  let wake: (() => void) | null = null;
  const state: Interruption = {
    signal: null,
    drained: (boundMs) =>
      new Promise<void>((resolve) => {
        wake = () => setTimeout(resolve, boundMs).unref();
      }),
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
  function onSignal(signal: NodeJS.Signals): void {
    if (state.signal) return;
    state.signal = signal === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
    stop();
    wake?.();
  }
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return state;
}
