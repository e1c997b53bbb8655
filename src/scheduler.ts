// Fires tasks at planned times on a Clock, with requests bounded by p-limit; knows nothing of S3 or SQLite.
import pLimit, { type LimitFunction } from 'p-limit';
import type { Clock } from './clock.js';

export type Task = () => Promise<void> | void;

interface Entry {
  atMs: number;
  seq: number;
  task: Task;
  /** Limited tasks count against `concurrency`; unlimited ones (bookkeeping) run as soon as due. */
  limited: boolean;
}

export class Scheduler {
  private readonly heap: Entry[] = [];
  private readonly limit: LimitFunction;
  private seq = 0;
  private inFlight = 0;
  private cancelAlarm: (() => void) | null = null;
  private alarmAtMs = Infinity;
  private stopped = false;
  private failure: unknown = null;
  private idleWaiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];

  constructor(
    private readonly clock: Clock,
    concurrency: number,
  ) {
    this.limit = pLimit(concurrency);
  }

  /** Runs `task` at `atMs` (epoch ms). Ignored after stop(). */
  at(atMs: number, task: Task, options: { limited?: boolean } = {}): void {
    if (this.stopped) return;
    pushEntry(this.heap, { atMs, seq: this.seq++, task, limited: options.limited ?? true });
    this.arm();
  }

  /** Tasks queued behind the concurrency bound (due but not started). */
  get pendingCount(): number {
    return this.limit.pendingCount;
  }

  get activeCount(): number {
    return this.limit.activeCount;
  }

  /** Stops firing: scheduled and queued tasks are dropped; tasks already running finish. */
  stop(): void {
    this.stopped = true;
    this.heap.length = 0;
    this.limit.clearQueue();
    this.cancelAlarm?.();
    this.cancelAlarm = null;
    this.alarmAtMs = Infinity;
    this.settleIfIdle();
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Resolves when nothing is scheduled or running; rejects with the first error a task threw. */
  idle(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.idleWaiters.push({ resolve, reject });
      this.settleIfIdle();
    });
  }

  private arm(): void {
    const next = this.heap[0];
    if (!next || next.atMs >= this.alarmAtMs) return;
    this.cancelAlarm?.();
    this.alarmAtMs = next.atMs;
    this.cancelAlarm = this.clock.setAlarm(next.atMs, () => this.fireDue());
  }

  private fireDue(): void {
    this.cancelAlarm = null;
    this.alarmAtMs = Infinity;
    const nowMs = this.clock.now();
    while (this.heap.length > 0 && this.heap[0].atMs <= nowMs + 0.5) {
      this.launch(popEntry(this.heap)!);
    }
    this.arm();
    this.settleIfIdle();
  }

  private launch(entry: Entry): void {
    this.inFlight++;
    const run = entry.limited ? this.limit(entry.task) : Promise.resolve().then(entry.task);
    run.then(
      () => this.finishOne(),
      (error: unknown) => {
        this.failure ??= error;
        this.finishOne();
      },
    );
  }

  private finishOne(): void {
    this.inFlight--;
    this.settleIfIdle();
  }

  private settleIfIdle(): void {
    // Tasks cleared from the p-limit queue by stop() never settle; count only what is still running.
    const running = this.stopped ? this.limit.activeCount : this.inFlight;
    if (this.heap.length > 0 || running > 0 || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const waiter of waiters) {
      if (this.failure) waiter.reject(this.failure);
      else waiter.resolve();
    }
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
}

function pushEntry(heap: Entry[], entry: Entry): void {
  heap.push(entry);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i], heap[parent])) break;
    [heap[i], heap[parent]] = [heap[parent], heap[i]];
    i = parent;
  }
}

function popEntry(heap: Entry[]): Entry | undefined {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length > 0 && last) {
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && before(heap[left], heap[smallest])) smallest = left;
      if (right < heap.length && before(heap[right], heap[smallest])) smallest = right;
      if (smallest === i) break;
      [heap[i], heap[smallest]] = [heap[smallest], heap[i]];
      i = smallest;
    }
  }
  return top;
}
