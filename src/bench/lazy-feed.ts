// Feeds a Scheduler a long run of tasks a window at a time, so a million probes never sit in memory as a million closures.
import type { Clock } from '../clock.js';
import type { Scheduler } from '../scheduler.js';

/**
 * Schedules `runTask(0 … total-1)` to fire now, keeping at most `window` of them scheduled, queued or running; each
 * finished task schedules the next. Resolves when all have run (rejects with the first task error, as Scheduler.idle).
 */
export async function feedLazily(
  scheduler: Scheduler,
  clock: Clock,
  total: number,
  window: number,
  runTask: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let finished = 0;
  const feed = (): void => {
    while (next < total && next - finished < window) {
      const index = next++;
      scheduler.at(clock.now(), async () => {
        try {
          await runTask(index);
        } finally {
          finished++;
          feed();
        }
      });
    }
  };
  feed();
  await scheduler.idle();
}
