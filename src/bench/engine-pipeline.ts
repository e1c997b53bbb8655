// The s3probe recording path for one engine, as the engines benchmark drives it: Scheduler → engine → RecordWriter into SQLite.
import { realClock } from '../clock.js';
import type { ProbeEngine } from '../engines/engine.js';
import type { Method } from '../probes/probe-record.js';
import type { ProbeOrder } from '../probes/run-probe.js';
import { openDatabase } from '../recorder/database.js';
import { finishRun, insertRun } from '../recorder/runs.js';
import { RecordWriter } from '../recorder/writer.js';
import { Scheduler } from '../scheduler.js';
import { feedLazily } from './lazy-feed.js';

export const BENCH_BUCKET = 'bench';
/** The methods of the original report, fired in turn by default (the others need per-object set-up: an ETag, a listing). */
export const BENCH_METHODS: readonly Method[] = ['head', 'ranged-get', 'get'];
/** Probes cycle over this many object keys, so the summary groups rows as a run would. */
const BENCH_OBJECTS = 1000;

export interface PipelineOptions {
  concurrency: number;
  /** Methods fired in turn (default head, ranged-get, get). */
  methods?: readonly Method[];
  /** Called after each recorded probe with the number recorded so far. */
  onRecorded?: (recorded: number) => void;
}

export interface PipelineResult {
  runId: string;
  probesPerS: number;
  elapsedMs: number;
}

/**
 * Makes an engine for a new run id, fires `count` probes through it as fast as the concurrency bound allows, records
 * each, then destroys the engine and closes the database.
 */
export async function runEnginePipeline(
  makeEngine: (runId: string) => ProbeEngine,
  dbPath: string,
  count: number,
  options: PipelineOptions,
): Promise<PipelineResult> {
  const db = openDatabase(dbPath);
  const runId = `bench-${Math.random().toString(16).slice(2, 10)}`;
  const engine = makeEngine(runId);
  insertRun(db, {
    id: runId, scenarioName: 'engines-bench', scenarioText: '', scenarioPath: '', target: 's3', endpoint: null, region: 'us-east-1',
    bucket: BENCH_BUCKET, prefix: 'bench/', seed: 0, concurrency: options.concurrency, maxAttempts: 1, plannedProbes: count,
    harnessVersion: 'bench', sdkVersion: 'bench', nodeVersion: process.version, platform: process.platform, hostName: 'bench',
    commandLine: 'node dist/bench/engines-bench.js', startedAtMs: Date.now(),
  });
  const writer = new RecordWriter(db);
  const scheduler = new Scheduler(realClock, options.concurrency);
  const methods = options.methods ?? BENCH_METHODS;
  let recorded = 0;
  const started = performance.now();
  await feedLazily(scheduler, realClock, count, options.concurrency * 8, async (index) => {
    const record = await engine.probe(benchOrder(index, methods));
    writer.writeProbe(record);
    recorded++;
    options.onRecorded?.(recorded);
  });
  writer.close();
  engine.destroy();
  const elapsedMs = performance.now() - started;
  finishRun(db, runId, 'completed', Date.now());
  db.close();
  return { runId, probesPerS: count / (elapsedMs / 1000), elapsedMs };
}

function benchOrder(index: number, methods: readonly Method[]): ProbeOrder {
  return {
    objectKey: `bench/obj-${String(index % BENCH_OBJECTS).padStart(6, '0')}`,
    method: methods[index % methods.length],
    phase: 'after-upload',
    offsetMs: 0,
    plannedAtMs: realClock.now(),
    seq: index + 1,
  };
}
