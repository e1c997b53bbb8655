// Engines benchmark (issue 7 §4): raw vs sdk probes/s with full recording, RSS growth over 1M probes, and `summary` time over them.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realClock } from '../clock.js';
import { summariseRun } from '../commands/summary.js';
import { createRawEngine, sdkEngine, type ProbeEngine } from '../engines/index.js';
import type { Method } from '../probes/probe-record.js';
import { openDatabase } from '../recorder/database.js';
import { iterateProbes, resolveRun } from '../recorder/queries.js';
import { SocketLedger } from '../s3/attempt-capture.js';
import { createS3Client } from '../s3/client.js';
import { summarise } from '../summary/summarise.js';
import { BENCH_BUCKET, BENCH_METHODS, runEnginePipeline } from './engine-pipeline.js';
import { forkServer, type ForkedServer } from './fork-server.js';
import { measureCpu } from './process-cpu.js';

const env = process.env;
const QUICK = env.ENGINES_BENCH_QUICK === '1';
const CONCURRENCY = Number(env.ENGINES_BENCH_CONCURRENCY ?? 64);
const RAW_PROBES = Number(env.ENGINES_BENCH_PROBES ?? (QUICK ? 5_000 : 30_000));
const SDK_PROBES = Number(env.ENGINES_BENCH_SDK_PROBES ?? (QUICK ? 2_000 : 10_000));
const ROUNDS = Number(env.ENGINES_BENCH_ROUNDS ?? (QUICK ? 1 : 3));
const MEMORY_PROBES = Number(env.ENGINES_BENCH_MEMORY_PROBES ?? (QUICK ? 50_000 : 1_000_000));
const MEMORY_BASELINE = Number(env.ENGINES_BENCH_MEMORY_BASELINE ?? Math.min(100_000, Math.floor(MEMORY_PROBES / 10)));
/** `canned` (node:net, canned bytes) or `fixed` (node:http, fixed-server.js). */
const SERVER = env.ENGINES_BENCH_SERVER ?? 'canned';
const METHODS_FIRED = (env.ENGINES_BENCH_METHODS?.split(',') ?? [...BENCH_METHODS]) as Method[];
const CREDENTIALS = { accessKeyId: 'BENCHKEY', secretAccessKey: 'bench-secret' };

const TARGET_RAW_PER_S = 5_500;
const TARGET_RATIO = 3;
const TARGET_RSS_GROWTH_MB = 50;
const TARGET_SUMMARY_S = 2;

type MakeEngine = (runId: string) => ProbeEngine;

interface Arm {
  name: 'raw' | 'sdk';
  make: MakeEngine;
  probes: number;
}

interface Measured {
  probesPerS: number;
  /** Client CPU per probe: 1e6 / this is the rate one whole core could sustain. */
  cpuMicrosPerProbe: number;
  clientCpuPercent: number;
  serverCpuPercent: number | null;
}

async function measure(arm: Arm, dir: string, label: string, server: ForkedServer): Promise<Measured> {
  const cpu = measureCpu(server.pid);
  const result = await runEnginePipeline(arm.make, join(dir, `${label}.sqlite`), arm.probes, { concurrency: CONCURRENCY, methods: METHODS_FIRED });
  const usage = cpu.finish();
  return {
    probesPerS: result.probesPerS,
    cpuMicrosPerProbe: (usage.clientCpuMs * 1000) / arm.probes,
    clientCpuPercent: usage.clientPercent,
    serverCpuPercent: usage.serverPercent,
  };
}

async function compareEngines(raw: Arm, sdk: Arm, dir: string, server: ForkedServer): Promise<void> {
  for (const arm of [raw, sdk, raw, sdk]) {
    await runEnginePipeline(arm.make, join(dir, `warmup-${arm.name}.sqlite`), 2_000, { concurrency: CONCURRENCY, methods: METHODS_FIRED });
  }
  const raws: number[] = [];
  const ratios: number[] = [];
  const sdks: number[] = [];
  const rawCpu: Measured[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    // Alternate which engine goes first, so neither always gets the warmer (or quieter) slot.
    const order = round % 2 === 1 ? [raw, sdk] : [sdk, raw];
    const results = new Map<string, Measured>();
    for (const arm of order) results.set(arm.name, await measure(arm, dir, `round-${round}-${arm.name}`, server));
    const r = results.get('raw') as Measured;
    const s = results.get('sdk') as Measured;
    raws.push(r.probesPerS);
    rawCpu.push(r);
    sdks.push(s.probesPerS);
    ratios.push(r.probesPerS / s.probesPerS);
    console.log(
      `round ${round}: raw ${fmt(r.probesPerS)} probes/s (${describeCpu(r)}, endpoint CPU ${r.serverCpuPercent ?? '?'}%)` +
        ` | sdk ${fmt(s.probesPerS)} probes/s (${describeCpu(s)}) | raw/sdk ${(r.probesPerS / s.probesPerS).toFixed(2)}`,
    );
  }
  const rawMedian = median(raws);
  const ratioMedian = median(ratios);
  console.log(
    `median of ${ROUNDS}: raw ${fmt(rawMedian)} probes/s (target ≥ ${fmt(TARGET_RAW_PER_S)}: ${verdict(rawMedian >= TARGET_RAW_PER_S)})` +
      ` | sdk ${fmt(median(sdks))} probes/s | raw/sdk ${ratioMedian.toFixed(2)} (target ≥ ${TARGET_RATIO}: ${verdict(ratioMedian >= TARGET_RATIO)})`,
  );
  const share = median(rawCpu.map((m) => m.clientCpuPercent));
  if (share < 90) {
    const perProbe = median(rawCpu.map((m) => m.cpuMicrosPerProbe));
    console.log(
      `note: the bench process got only ${share}% of a core (other processes were running); at its ${Math.round(perProbe)} µs CPU/probe` +
        ` one whole core would sustain about ${fmt(1e6 / perProbe)} raw probes/s (an estimate, not a measurement)`,
    );
  }
}

async function measureMemory(raw: Arm, dir: string): Promise<string> {
  const dbPath = join(dir, 'memory.sqlite');
  let baselineRssMb = 0;
  let peakRssMb = 0;
  const result = await runEnginePipeline(raw.make, dbPath, MEMORY_PROBES, {
    concurrency: CONCURRENCY,
    methods: METHODS_FIRED,
    onRecorded(recorded) {
      if (recorded % 10_000 === 0) peakRssMb = Math.max(peakRssMb, rssMb());
      if (recorded === MEMORY_BASELINE) baselineRssMb = rssMb();
    },
  });
  const finalRssMb = rssMb();
  const growthMb = finalRssMb - baselineRssMb;
  console.log(
    `memory (raw engine, ${fmt(MEMORY_PROBES)} probes at ${fmt(result.probesPerS)} probes/s): RSS ${baselineRssMb.toFixed(1)} MB at ${fmt(MEMORY_BASELINE)},` +
      ` ${finalRssMb.toFixed(1)} MB at ${fmt(MEMORY_PROBES)} (peak ${Math.max(peakRssMb, finalRssMb).toFixed(1)} MB): growth ${growthMb.toFixed(1)} MB` +
      ` (target ≤ ${TARGET_RSS_GROWTH_MB} MB: ${verdict(growthMb <= TARGET_RSS_GROWTH_MB)}); database ${(statSync(dbPath).size / 1e6).toFixed(0)} MB`,
  );
  return dbPath;
}

function timeSummary(dbPath: string): void {
  const db = openDatabase(dbPath);
  try {
    // What `s3probe summary` does: resolve the run, tally its arms and ground truth in SQL, stream its probes once.
    const started = performance.now();
    const summary = summariseRun(db, 'latest');
    const elapsedS = (performance.now() - started) / 1000;
    // Side by side: the same summary fed row objects by iterateProbes (the path before the stream).
    const rowsStarted = performance.now();
    const run = resolveRun(db, 'latest');
    summarise(run, iterateProbes(db, run.id));
    const rowsS = (performance.now() - rowsStarted) / 1000;
    console.log(
      `summary over ${fmt(summary.totals.probes)} probe rows (summariseRun: streamed): ${elapsedS.toFixed(2)} s` +
        ` (target ≤ ${TARGET_SUMMARY_S} s: ${verdict(elapsedS <= TARGET_SUMMARY_S)}); fed row objects by iterateProbes: ${rowsS.toFixed(2)} s` +
        ` (streamed/row objects ${(elapsedS / rowsS).toFixed(2)})`,
    );
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  const server = await forkServer(SERVER === 'fixed' ? './fixed-server.js' : './canned-server.js');
  const dir = mkdtempSync(join(tmpdir(), 's3probe-engines-bench-'));
  const client = createS3Client({
    region: 'us-east-1', endpoint: server.endpoint, pathStyle: true, credentials: CREDENTIALS,
    maxAttempts: 1, requestTimeoutMs: 10_000, requestChecksumCalculation: 'WHEN_SUPPORTED', concurrency: CONCURRENCY,
  });
  const raw: Arm = {
    name: 'raw',
    probes: RAW_PROBES,
    make: (runId) => createRawEngine({
      runId, bucket: BENCH_BUCKET, region: 'us-east-1', endpoint: server.endpoint, pathStyle: true, credentials: CREDENTIALS,
      concurrency: CONCURRENCY, requestTimeoutMs: 10_000,
    }),
  };
  const sdk: Arm = {
    name: 'sdk',
    probes: SDK_PROBES,
    make: (runId) => sdkEngine({ runId, s3: client.s3, bucket: BENCH_BUCKET, ledger: new SocketLedger(), now: realClock.now }),
  };
  try {
    console.log(
      `s3probe engines bench — ${SERVER === 'fixed' ? 'fixed-response node:http' : 'canned-response node:net'} endpoint in a separate process,` +
        ` concurrency ${CONCURRENCY}, methods ${METHODS_FIRED.join(',')} in turn, full recording (Scheduler → engine → RecordWriter → SQLite);` +
        ` ${fmt(RAW_PROBES)} raw and ${fmt(SDK_PROBES)} sdk probes per round`,
    );
    await compareEngines(raw, sdk, dir, server);
    const dbPath = await measureMemory(raw, dir);
    timeSummary(dbPath);
  } finally {
    client.destroy();
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The client's CPU share says whether other processes held it back: below ~95 % the machine was busy. */
function describeCpu(measured: Measured): string {
  return `client CPU ${measured.clientCpuPercent}%, ${Math.round(measured.cpuMicrosPerProbe)} µs CPU/probe`;
}

function rssMb(): number {
  return process.memoryUsage.rss() / (1024 * 1024);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function fmt(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function verdict(met: boolean): string {
  return met ? 'met' : 'NOT met';
}

await main();
