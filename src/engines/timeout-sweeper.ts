// Inactivity timeouts for many requests from one periodic sweep, instead of a socket timer armed and disarmed per request.
import type { ClientRequest } from 'node:http';

/** One watched request: it times out when nothing happened on it for the sweeper's timeout. */
export interface Watched {
  request: ClientRequest;
  /** performance.now() of the last activity (sent, headers arrived, a body chunk). */
  lastActivityMs: number;
  timedOut: boolean;
}

/**
 * Destroys a watched request with a TimeoutError once it has been silent for `timeoutMs`. The sweep runs every
 * timeoutMs/8 (at least 5 ms, at most 1 s), so a timeout fires between timeoutMs and about timeoutMs × 1.125.
 */
export class TimeoutSweeper {
  private readonly watched = new Set<Watched>();
  private timer: NodeJS.Timeout | null = null;
  private readonly sweepEveryMs: number;

  constructor(private readonly timeoutMs: number) {
    this.sweepEveryMs = Math.min(1000, Math.max(5, Math.floor(timeoutMs / 8)));
  }

  watch(request: ClientRequest): Watched {
    const entry: Watched = { request, lastActivityMs: performance.now(), timedOut: false };
    this.watched.add(entry);
    if (this.timer === null) {
      this.timer = setInterval(() => this.sweep(), this.sweepEveryMs);
      this.timer.unref();
    }
    return entry;
  }

  unwatch(entry: Watched): void {
    this.watched.delete(entry);
    if (this.watched.size === 0 && this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  /** Ends every watched request now with ECONNABORTED (the engine is being destroyed). */
  abortAll(): void {
    for (const entry of this.watched) {
      this.unwatch(entry);
      entry.request.destroy(Object.assign(new Error('probe engine destroyed'), { code: 'ECONNABORTED' }));
    }
  }

  private sweep(): void {
    const silentSinceMs = performance.now() - this.timeoutMs;
    for (const entry of this.watched) {
      if (entry.lastActivityMs > silentSinceMs) continue;
      entry.timedOut = true;
      this.unwatch(entry);
      entry.request.destroy(Object.assign(new Error(`no activity for ${this.timeoutMs} ms`), { name: 'TimeoutError' }));
    }
  }
}
