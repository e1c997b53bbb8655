// Walks a plan in time: per object, before-upload probes, the upload, then after-upload probes relative to its completion.
import type { S3Client } from '@aws-sdk/client-s3';
import type { Clock } from './clock.js';
import type { ProbeEngine } from './engines/engine.js';
import { expectedEtag } from './probes/head-if-match.js';
import type { ObjectRecord, ProbeRecord } from './probes/probe-record.js';
import { runProbe, type ProbeContext, type ProbeOrder } from './probes/run-probe.js';
import { SocketLedger } from './s3/attempt-capture.js';
import { uploadObject, uploadSucceeded } from './s3/upload.js';
import { Scheduler } from './scheduler.js';
import { DEFAULT_ARM } from './scenario/arms.js';
import type { Plan, PlannedObject, PlannedProbe } from './scenario/plan.js';
import type { Scenario } from './scenario/scenario.js';

/** Where finished records go (the SQLite writer in a real run, an array in tests). */
export interface RunSink {
  object(record: ObjectRecord): void;
  probe(record: ProbeRecord): void;
}

export interface RunPlanOptions {
  plan: Plan;
  runId: string;
  /** Fires the probes. */
  s3: S3Client;
  /** Uploads; defaults to `s3`. */
  uploaderS3?: S3Client;
  bucket: string;
  clock: Clock;
  concurrency: number;
  sink: RunSink;
  /** Delay before the plan's time zero, so set-up does not make the first probes late. */
  startDelayMs?: number;
  /** What to fire when a probe's answer needs explaining (scenario `follow-up`); omitted = nothing. */
  followUp?: Scenario['followUp'];
  /** The engine of each arm, by name (src/s3/arm-engines.ts); an arm not in here probes through `s3` (the SDK). */
  engines?: ReadonlyMap<string, ProbeEngine>;
}

export interface RunProgress {
  plannedProbes: number;
  probesDone: number;
  forbidden: number;
  uploadsDone: number;
  uploadsFailed: number;
  /** After-upload probes not fired because their object's upload failed. */
  probesSkipped: number;
  /** Follow-up probes recorded (not part of the plan, so not in probesDone). */
  followUpsDone: number;
}

export class PlanRun {
  readonly progress: RunProgress;
  private readonly scheduler: Scheduler;
  private readonly context: ProbeContext;
  private readonly uploadContext: ProbeContext;
  /** head-if-match's `If-Match` per object size, hashed before time zero (see computeEtagsBySize). */
  private readonly etagsBySize: ReadonlyMap<number, string>;
  private zeroMs = 0;
  /** Last `seq` handed out; probes are numbered in firing order. */
  private seq = 0;

  constructor(private readonly options: RunPlanOptions) {
    this.scheduler = new Scheduler(options.clock, options.concurrency);
    this.context = { runId: options.runId, s3: options.s3, bucket: options.bucket, ledger: new SocketLedger(), now: () => options.clock.now() };
    this.uploadContext = { ...this.context, s3: options.uploaderS3 ?? options.s3 };
    this.etagsBySize = computeEtagsBySize(options.plan);
    this.progress = { plannedProbes: options.plan.counts.probes, probesDone: 0, forbidden: 0, uploadsDone: 0, uploadsFailed: 0, probesSkipped: 0, followUpsDone: 0 };
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
    const record = await uploadObject(this.uploadContext, object.key, object.sizeBytes);
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

  /**
   * Resolves when the probe and its follow-up (if any) have been recorded (or failed to be); never, if the run is
   * stopped before they fire. Waiting for the follow-up keeps a before-upload one before the upload too.
   */
  private scheduleProbe(object: PlannedObject, probe: PlannedProbe, plannedAtMs: number): Promise<void> {
    const order: ProbeOrder = { objectKey: object.key, method: probe.method, phase: probe.phase, offsetMs: probe.offsetMs, plannedAtMs, trigger: 'plan' };
    // The ETag is known before the upload: the body is deterministic (an SSE-KMS bucket gives another ETag: 412, measured as such).
    if (probe.method === 'head-if-match') order.ifMatch = this.etagsBySize.get(object.sizeBytes);
    return new Promise((resolve) => this.scheduler.at(plannedAtMs, async () => {
      let followUp: Promise<void> | null = null;
      try {
        const record = await this.fire(order, probe.arm);
        this.progress.probesDone++;
        if (record.status === 403) this.progress.forbidden++;
        followUp = this.scheduleFollowUp(record);
      } finally {
        // Not awaited here: the follow-up needs a concurrency slot of its own, and this task still holds one.
        if (followUp === null) resolve();
        else void followUp.then(resolve);
      }
    }));
  }

  /**
   * A HEAD 403 carries no body, so it cannot say why; a ranged GET on the same key, fired at once (through the
   * same concurrency bound, not at a planned slot), answers with an error code that can. It keeps the HEAD's arm, phase
   * and offset and is linked to it by `followsSeq`. Only a plain `head` is followed up (the summary's `followUps.head403`
   * is documented as HEAD): a head-if-match 403 is bodyless too but stays unexplained (docs/scenario-format.md, Methods).
   */
  private scheduleFollowUp(head: ProbeRecord): Promise<void> | null {
    if (head.method !== 'head' || head.status !== 403 || this.options.followUp?.onHead403 !== 'ranged-get') return null;
    const plannedAtMs = this.options.clock.now();
    const order: ProbeOrder = {
      objectKey: head.objectKey, method: 'ranged-get', phase: head.phase, offsetMs: head.offsetMs, plannedAtMs,
      trigger: 'follow-up', followsSeq: head.seq,
    };
    return new Promise((resolve) => this.scheduler.at(plannedAtMs, async () => {
      try {
        await this.fire(order, head.arm ?? DEFAULT_ARM.name);
        this.progress.followUpsDone++;
      } finally {
        resolve();
      }
    }));
  }

  private async fire(order: ProbeOrder, arm: string): Promise<ProbeRecord> {
    const numbered = { ...order, seq: ++this.seq };
    const engine = this.options.engines?.get(arm);
    const record = engine === undefined ? await runProbe(this.context, numbered) : await engine.probe(numbered);
    record.arm = arm;
    this.options.sink.probe(record);
    return record;
  }
}

/**
 * The ETag of each distinct object size when the plan fires head-if-match (else none). Hashing a body blocks the event loop
 * (≈0.2 s per 100 MiB), so it is done here, before the run's time zero, not when a probe fires: it would stall the probes
 * in flight and skew their latencies.
 */
function computeEtagsBySize(plan: Plan): Map<number, string> {
  const etagsBySize = new Map<number, string>();
  if (plan.counts.probesByMethod['head-if-match'] === 0) return etagsBySize;
  for (const { sizeBytes } of plan.objects) if (!etagsBySize.has(sizeBytes)) etagsBySize.set(sizeBytes, expectedEtag(sizeBytes));
  return etagsBySize;
}
