// Batched writer: queues objects, probes (with their attempts) and endpoint log entries, and writes them in one transaction per flush.
import type { EndpointLogRecord, ObjectRecord, ProbeRecord } from '../probes/probe-record.js';
import { HarnessError } from '../errors.js';
import type { Db } from './database.js';
import { prepareInserts, type Inserts } from './inserts.js';

export interface RecordWriterOptions {
  /** Longest time a queued record waits before a timer flush. Default 50. */
  flushIntervalMs?: number;
  /** Queue length that triggers an immediate flush. Default 1000. */
  maxBatch?: number;
}

type Pending =
  | { kind: 'object'; record: ObjectRecord }
  | { kind: 'deleted'; runId: string; keys: string[] }
  | { kind: 'probe'; record: ProbeRecord }
  | { kind: 'endpoint-log'; record: EndpointLogRecord };

/** Rows written so far, per table. */
export interface WrittenCounts {
  probes: number;
  attempts: number;
  objects: number;
  endpointLog: number;
}

/**
 * Records are written in the order they were queued. A failed flush rolls back its whole batch and
 * makes this and every later call throw one HarnessError (E_RESULTS): a run must not go on probing
 * when its results cannot be stored. A timer flush that fails reports on the next call.
 */
export class RecordWriter {
  readonly written: WrittenCounts = { probes: 0, attempts: 0, objects: 0, endpointLog: 0 };

  private readonly inserts: Inserts;
  private readonly flushIntervalMs: number;
  private readonly maxBatch: number;
  private readonly writeBatch: (batch: Pending[]) => WrittenCounts;
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private failure: HarnessError | null = null;

  constructor(
    private readonly db: Db,
    options: RecordWriterOptions = {},
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? 50;
    this.maxBatch = options.maxBatch ?? 1000;
    this.inserts = prepareInserts(db);
    // IMMEDIATE: take the write lock at BEGIN (waiting through busy_timeout), so a batch that reads before it writes
    // cannot fail at once with SQLITE_BUSY when another run sharing the file committed in between.
    const transaction = db.transaction((batch: Pending[]) => this.writeAll(batch));
    this.writeBatch = (batch: Pending[]) => transaction.immediate(batch);
  }

  writeObject(record: ObjectRecord): void {
    this.enqueue({ kind: 'object', record });
  }

  markObjectsDeleted(runId: string, keys: string[]): void {
    if (keys.length > 0) this.enqueue({ kind: 'deleted', runId, keys: [...keys] });
  }

  /** Queues the probe row and one `attempts` row per entry of `record.attemptRecords`. */
  writeProbe(record: ProbeRecord): void {
    this.enqueue({ kind: 'probe', record });
  }

  /** Queues one ground-truth entry of the embedded endpoint (`endpoint_log`). */
  writeEndpointLog(record: EndpointLogRecord): void {
    this.enqueue({ kind: 'endpoint-log', record });
  }

  /** Writes everything pending now, in one transaction. */
  flush(): void {
    this.throwIfFailed();
    this.cancelTimer();
    if (this.queue.length === 0) return;
    const batch = this.queue;
    try {
      const counts = this.writeBatch(batch);
      this.queue = [];
      this.written.probes += counts.probes;
      this.written.attempts += counts.attempts;
      this.written.objects += counts.objects;
      this.written.endpointLog += counts.endpointLog;
    } catch (error) {
      this.failure = new HarnessError(
        'E_RESULTS',
        `Writing ${batch.length} records to results database ${this.db.name} failed: ${error instanceof Error ? error.message : String(error)}. ` +
          'Check free disk space and that no other process holds the file locked; the run cannot continue without its results.',
        { cause: error },
      );
      throw this.failure;
    }
  }

  /** Flushes and stops the timer. Does not close the database. */
  close(): void {
    this.flush();
    this.cancelTimer();
  }

  private enqueue(item: Pending): void {
    this.throwIfFailed();
    this.queue.push(item);
    if (this.queue.length >= this.maxBatch) {
      this.flush();
    } else if (this.timer === null) {
      this.timer = setTimeout(() => this.flushFromTimer(), this.flushIntervalMs);
      this.timer.unref();
    }
  }

  private flushFromTimer(): void {
    this.timer = null;
    try {
      this.flush();
    } catch {
      // Kept in this.failure; the next writeProbe/writeObject/flush/close throws it.
    }
  }

  private cancelTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private throwIfFailed(): void {
    if (this.failure !== null) throw this.failure;
  }

  private writeAll(batch: Pending[]): WrittenCounts {
    const counts: WrittenCounts = { probes: 0, attempts: 0, objects: 0, endpointLog: 0 };
    for (const item of batch) {
      if (item.kind === 'probe') {
        counts.attempts += this.inserts.insertProbe(item.record);
        counts.probes += 1;
      } else if (item.kind === 'endpoint-log') {
        this.inserts.insertEndpointLog(item.record);
        counts.endpointLog += 1;
      } else if (item.kind === 'object') {
        this.inserts.insertObject(item.record);
        counts.objects += 1;
      } else {
        for (const key of item.keys) this.inserts.markDeleted(item.runId, key);
      }
    }
    return counts;
  }
}
