import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import { Scheduler } from './scheduler.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('Scheduler', () => {
  it('fires tasks at their planned times, in time order', async () => {
    const clock = new ManualClock(1000);
    const scheduler = new Scheduler(clock, 4);
    const fired: Array<[string, number]> = [];
    scheduler.at(1300, () => void fired.push(['c', clock.now()]));
    scheduler.at(1100, () => void fired.push(['a', clock.now()]));
    scheduler.at(1200, () => void fired.push(['b', clock.now()]));
    const idle = scheduler.idle();
    await clock.advanceTo(1150);
    expect(fired).toEqual([['a', 1100]]);
    await clock.advanceTo(2000);
    await idle;
    expect(fired).toEqual([['a', 1100], ['b', 1200], ['c', 1300]]);
  });

  it('bounds limited tasks in flight and queues the rest until a slot frees', async () => {
    const clock = new ManualClock(0);
    const scheduler = new Scheduler(clock, 2);
    const gates = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    gates.forEach((gate, i) => scheduler.at(10, async () => {
      started.push(i);
      await gate.promise;
    }));
    await clock.advanceTo(10);
    expect(started).toEqual([0, 1]);
    expect(scheduler.activeCount).toBe(2);
    expect(scheduler.pendingCount).toBe(1);
    gates[0].resolve();
    await clock.advanceBy(0);
    expect(started).toEqual([0, 1, 2]);
    gates[1].resolve();
    gates[2].resolve();
    await scheduler.idle();
  });

  it('does not count unlimited tasks against the bound', async () => {
    const clock = new ManualClock(0);
    const scheduler = new Scheduler(clock, 1);
    const gate = deferred();
    const fired: string[] = [];
    scheduler.at(5, async () => {
      fired.push('limited');
      await gate.promise;
    });
    scheduler.at(6, () => void fired.push('bookkeeping'), { limited: false });
    await clock.advanceTo(6);
    expect(fired).toEqual(['limited', 'bookkeeping']);
    gate.resolve();
    await scheduler.idle();
  });

  it('lets a running task schedule more work and waits for it before going idle', async () => {
    const clock = new ManualClock(0);
    const scheduler = new Scheduler(clock, 2);
    const fired: number[] = [];
    scheduler.at(10, () => {
      fired.push(clock.now());
      scheduler.at(clock.now() + 50, () => void fired.push(clock.now()));
    });
    let idle = false;
    void scheduler.idle().then(() => (idle = true));
    await clock.advanceTo(20);
    expect(idle).toBe(false);
    await clock.advanceTo(100);
    expect(fired).toEqual([10, 60]);
    expect(idle).toBe(true);
  });

  it('stop() drops what has not started, lets running tasks finish, then goes idle', async () => {
    const clock = new ManualClock(0);
    const scheduler = new Scheduler(clock, 1);
    const gate = deferred();
    const fired: string[] = [];
    scheduler.at(1, async () => {
      fired.push('running');
      await gate.promise;
      fired.push('finished');
    });
    scheduler.at(1, () => void fired.push('queued'));
    scheduler.at(50, () => void fired.push('later'));
    await clock.advanceTo(2);
    scheduler.stop();
    scheduler.at(60, () => void fired.push('after-stop'));
    let idle = false;
    const done = scheduler.idle().then(() => (idle = true));
    await clock.advanceBy(0);
    expect(idle).toBe(false);
    gate.resolve();
    await done;
    await clock.advanceTo(100);
    expect(fired).toEqual(['running', 'finished']);
  });

  it('rejects idle() with the error a task threw (a harness bug, not a probe outcome)', async () => {
    const clock = new ManualClock(0);
    const scheduler = new Scheduler(clock, 1);
    scheduler.at(1, () => {
      throw new Error('boom');
    });
    const idle = scheduler.idle();
    await clock.advanceTo(1);
    await expect(idle).rejects.toThrow('boom');
  });
});
