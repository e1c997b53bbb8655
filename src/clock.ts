// Time behind a seam: the real clock (epoch ms with sub-ms precision) and a manual clock for tests that never sleep.

export interface Clock {
  /** Epoch milliseconds, sub-millisecond precision. */
  now(): number;
  /** Calls `callback` at (or as soon as possible after) `atMs`; returns a cancel function. */
  setAlarm(atMs: number, callback: () => void): () => void;
}

export const realClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  setAlarm(atMs, callback) {
    const timer = setTimeout(callback, Math.max(0, atMs - realClock.now()));
    return () => clearTimeout(timer);
  },
};

/** A clock that only moves when told to; alarms fire in time order as it advances. */
export class ManualClock implements Clock {
  private nowMs: number;
  private alarms: Array<{ atMs: number; seq: number; callback: () => void }> = [];
  private seq = 0;

  constructor(startMs = 0) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  setAlarm(atMs: number, callback: () => void): () => void {
    const alarm = { atMs, seq: this.seq++, callback };
    this.alarms.push(alarm);
    return () => {
      this.alarms = this.alarms.filter((a) => a !== alarm);
    };
  }

  /** Moves time forward to `toMs`, firing due alarms in order and letting promise callbacks run between them. */
  async advanceTo(toMs: number): Promise<void> {
    for (;;) {
      await flushMicrotasks();
      const due = this.alarms
        .filter((a) => a.atMs <= toMs)
        .sort((a, b) => a.atMs - b.atMs || a.seq - b.seq)[0];
      if (!due) break;
      this.alarms = this.alarms.filter((a) => a !== due);
      this.nowMs = Math.max(this.nowMs, due.atMs);
      due.callback();
    }
    this.nowMs = Math.max(this.nowMs, toMs);
    await flushMicrotasks();
  }

  async advanceBy(deltaMs: number): Promise<void> {
    await this.advanceTo(this.nowMs + deltaMs);
  }

  get pendingAlarms(): number {
    return this.alarms.length;
  }
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
