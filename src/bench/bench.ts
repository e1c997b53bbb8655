// `npm run bench`: bare SDK HeadObject loop vs s3probe's pipeline, side by side, plus fire-time lateness at 500 probes/s.
import { fork } from 'node:child_process';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { realClock } from '../clock.js';
import { runProbe } from '../probes/run-probe.js';
import { openDatabase } from '../recorder/database.js';
import { insertRun } from '../recorder/runs.js';
import { RecordWriter } from '../recorder/writer.js';
import { SocketLedger } from '../s3/attempt-capture.js';
import { createS3Client, type ProbeClient } from '../s3/client.js';
import { Scheduler } from '../scheduler.js';
import { percentile } from './percentile.js';

const CONCURRENCY = 64;
const PROBES = Number(process.env.BENCH_PROBES ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const LATENESS_RATE_PER_S = 500;
const LATENESS_SECONDS = Number(process.env.BENCH_LATENESS_SECONDS ?? 5);
const BUCKET = 'bench';
const KEY = 'bench/object';

async function startFixedServer(): Promise<{ endpoint: string; stop(): void }> {
  const child = fork(fileURLToPath(new URL('./fixed-server.js', import.meta.url)), [], { stdio: 'inherit' });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('error', reject);
  });
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

function makeClient(endpoint: string): ProbeClient {
  return createS3Client({
    region: 'us-east-1', endpoint, pathStyle: true, credentials: { accessKeyId: 'BENCHKEY', secretAccessKey: 'bench-secret' },
    maxAttempts: 1, requestTimeoutMs: 10_000, requestChecksumCalculation: 'WHEN_SUPPORTED', concurrency: CONCURRENCY,
  });
}

async function bareLoop(client: ProbeClient, count: number): Promise<number> {
  const limit = pLimit(CONCURRENCY);
  const started = performance.now();
  await Promise.all(Array.from({ length: count }, () => limit(() => client.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: KEY })))));
  return count / ((performance.now() - started) / 1000);
}

interface PipelineResult { probesPerS: number; latenessMs: number[] }

/** The s3probe path: Scheduler (p-limit) → runProbe (capture middleware) → RecordWriter (SQLite, batched). */
async function pipeline(client: ProbeClient, dbPath: string, count: number, spacingMs: number): Promise<PipelineResult> {
  const db = openDatabase(dbPath);
  const runId = `bench-${Math.random().toString(16).slice(2, 8)}`;
  insertRun(db, {
    id: runId, scenarioName: 'bench', scenarioText: '', scenarioPath: '', target: 's3', endpoint: null, region: 'us-east-1',
    bucket: BUCKET, prefix: 'bench/', seed: 0, concurrency: CONCURRENCY, maxAttempts: 1, plannedProbes: count,
    harnessVersion: 'bench', sdkVersion: 'bench', nodeVersion: process.version, platform: process.platform, hostName: 'bench',
    commandLine: 'npm run bench', startedAtMs: Date.now(),
  });
  const writer = new RecordWriter(db);
  const scheduler = new Scheduler(realClock, CONCURRENCY);
  const context = { runId, s3: client.s3, bucket: BUCKET, ledger: new SocketLedger(), now: realClock.now };
  const latenessMs: number[] = [];
  const zeroMs = realClock.now() + 20;
  for (let i = 0; i < count; i++) {
    const plannedAtMs = zeroMs + i * spacingMs;
    scheduler.at(plannedAtMs, async () => {
      const record = await runProbe(context, { objectKey: KEY, method: 'head', phase: 'after-upload', offsetMs: 0, plannedAtMs });
      latenessMs.push(record.startedAtMs - plannedAtMs);
      writer.writeProbe(record);
    });
  }
  const started = performance.now();
  await scheduler.idle();
  writer.close();
  const elapsedS = (performance.now() - started) / 1000;
  db.close();
  return { probesPerS: count / elapsedS, latenessMs };
}

async function main(): Promise<void> {
  const server = await startFixedServer();
  const dir = mkdtempSync(join(tmpdir(), 's3probe-bench-'));
  try {
    console.log(`s3probe bench — fixed-response endpoint in a separate process, concurrency ${CONCURRENCY}, ${PROBES} HEAD probes per arm, ${ROUNDS} rounds`);
    const bareClient = makeClient(server.endpoint);
    const pipeClient = makeClient(server.endpoint);
    // Warm both paths until the JIT settles, then alternate which goes first so neither gets the warmer slot.
    for (let i = 0; i < 3; i++) {
      await bareLoop(bareClient, 2000);
      await pipeline(pipeClient, join(dir, `warmup-${i}.sqlite`), 2000, 0);
    }
    const ratios: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      let bare: number;
      let piped: PipelineResult;
      if (round % 2 === 1) {
        bare = await bareLoop(bareClient, PROBES);
        piped = await pipeline(pipeClient, join(dir, `round-${round}.sqlite`), PROBES, 0);
      } else {
        piped = await pipeline(pipeClient, join(dir, `round-${round}.sqlite`), PROBES, 0);
        bare = await bareLoop(bareClient, PROBES);
      }
      ratios.push(piped.probesPerS / bare);
      console.log(`round ${round}: bare SDK HeadObject ${bare.toFixed(0)}/s | s3probe pipeline ${piped.probesPerS.toFixed(0)}/s | ratio ${(piped.probesPerS / bare).toFixed(3)}`);
    }
    const median = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)];
    console.log(`throughput ratio (pipeline / bare), median of ${ROUNDS}: ${median.toFixed(3)}  (target ≥ 0.9)`);
    const count = LATENESS_RATE_PER_S * LATENESS_SECONDS;
    const paced = await pipeline(pipeClient, join(dir, 'lateness.sqlite'), count, 1000 / LATENESS_RATE_PER_S);
    const sorted = paced.latenessMs.sort((a, b) => a - b);
    console.log(`fire-time lateness at ${LATENESS_RATE_PER_S} probes/s over ${LATENESS_SECONDS}s (${count} probes): p50 ${percentile(sorted, 0.5).toFixed(2)} ms, p99 ${percentile(sorted, 0.99).toFixed(2)} ms, max ${sorted.at(-1)?.toFixed(2)} ms  (target p99 ≤ 10 ms)`);
    bareClient.destroy();
    pipeClient.destroy();
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
