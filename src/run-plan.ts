// Walks a plan in time: per object, before-upload probes, the upload, then after-upload probes relative to its completion.
import type { S3Client } from '@aws-sdk/client-s3';
import type { Clock } from './clock.js';
import type { ObjectRecord, ProbeRecord } from './probes/probe-record.js';
import { runProbe, type ProbeContext } from './probes/run-probe.js';
import { SocketLedger } from './s3/attempt-capture.js';
import { uploadObject, uploadSucceeded } from './s3/upload.js';
import { Scheduler } from './scheduler.js';
import type { Plan, PlannedObject, PlannedProbe } from './scenario/plan.js';

/** Where finished records go (the SQLite writer in a real run, an array in tests). */
export interface RunSink {
  object(record: ObjectRecord): void;
  probe(record: ProbeRecord): void;
}

export interface RunPlanOptions {
  plan: Plan;
  runId: string;
  s3: S3Client;
  bucket: string;
  clock: Clock;
  concurrency: number;
  sink: RunSink;
  /** Delay before the plan's time zero, so set-up does not make the first probes late. */
  startDelayMs?: number;
}

export interface RunProgress {
  plannedProbes: number;
  probesDone: number;
  forbidden: number;
  uploadsDone: number;
  uploadsFailed: number;
  /** After-upload probes not fired because their object's upload failed. */
  probesSkipped: number;
}

export class PlanRun {
  readonly progress: RunProgress;
  private readonly scheduler: Scheduler;
  private readonly context: ProbeContext;
  private zeroMs = 0;

  constructor(private readonly options: RunPlanOptions) {
    this.scheduler = new Scheduler(options.clock, options.concurrency);
    this.context = { runId: options.runId, s3: options.s3, bucket: options.bucket, ledger: new SocketLedger(), now: () => options.clock.now() };
    this.progress = { plannedProbes: options.plan.counts.probes, probesDone: 0, forbidden: 0, uploadsDone: 0, uploadsFailed: 0, probesSkipped: 0 };
  }

  /** Runs the whole plan; resolves when every task has finished or, after stop(), when in-flight ones have. */
  async execute(): Promise<void> {
    const { plan, clock, startDelayMs = 20 } = this.options;
    this.zeroMs = clock.now() + startDelayMs;
    if (plan.objects.length > 0) this.scheduleKickoff(0);
    await this.scheduler.idle();
  }

  /** Stops firing new requests; in-flight ones complete and are recorded. */
  stop(): void {
    this.scheduler.stop();
  }

  get inFlight(): number {
    return this.scheduler.activeCount;
  }

  // Objects are fed to the scheduler one at a time, just before their first probe, so the queue stays small.
  private scheduleKickoff(index: number): void {
    const object = this.options.plan.objects[index];
    this.scheduler.at(this.kickoffAtMs(object), () => this.kickoff(index), { limited: false });
  }

  private kickoffAtMs(object: PlannedObject): number {
    return this.zeroMs + object.uploadAtMs - this.options.plan.leadMs;
  }

  private kickoff(index: number): void {
    const { plan } = this.options;
    const object = plan.objects[index];
    const uploadAtMs = this.zeroMs + object.uploadAtMs;
    const probes = plan.probesByObject[index];
    const beforeUpload: Array<Promise<void>> = [];
    for (const probe of probes) {
      if (probe.phase === 'before-upload') beforeUpload.push(this.scheduleProbe(object, probe, uploadAtMs + probe.offsetMs));
    }
    // The upload waits for its before-upload probes to finish, so a probe that fired late (an overloaded
    // harness) still saw the key before it existed: "before upload" stays true, at the cost of a later upload.
    this.scheduler.at(uploadAtMs, async () => {
      await Promise.all(beforeUpload);
      this.scheduler.at(this.options.clock.now(), () => this.upload(object, probes));
    }, { limited: false });
    if (index + 1 < plan.objects.length) this.scheduleKickoff(index + 1);
  }

  private async upload(object: PlannedObject, probes: PlannedProbe[]): Promise<void> {
    const record = await uploadObject(this.context, object.key, object.sizeBytes);
    this.options.sink.object(record);
    this.progress.uploadsDone++;
    const afterProbes = probes.filter((p) => p.phase === 'after-upload');
    if (!uploadSucceeded(record)) {
      this.progress.uploadsFailed++;
      this.progress.probesSkipped += afterProbes.length;
      return;
    }
    const completedAtMs = record.uploadEndedAtMs ?? this.options.clock.now();
    for (const probe of afterProbes) void this.scheduleProbe(object, probe, completedAtMs + probe.offsetMs);
  }

  /** Resolves when the probe has been recorded (or failed to be); never, if the run is stopped before it fires. */
  private scheduleProbe(object: PlannedObject, probe: PlannedProbe, plannedAtMs: number): Promise<void> {
    return new Promise((resolve) => this.scheduler.at(plannedAtMs, async () => {
      try {
        const record = await runProbe(this.context, {
          objectKey: object.key,
          method: probe.method,
          phase: probe.phase,
          offsetMs: probe.offsetMs,
          plannedAtMs,
        });
        this.options.sink.probe(record);
        this.progress.probesDone++;
        if (record.status === 403) this.progress.forbidden++;
      } finally {
        resolve();
      }
    }));
  }
}
