import { describe, expect, it } from '@jest/globals';
import type { Broadcaster, BroadcastSubscriber, JobsChanged } from '#messaging';
import { JobChanges } from './job-changes.js';

/** JobChanges over a hand-driven broadcast subscription. */
function setUp() {
  let subscriber: BroadcastSubscriber<JobsChanged> | undefined;
  const broadcaster = { subscribe: (_topic: string, s: BroadcastSubscriber<JobsChanged>) => (subscriber = s) } as unknown as Broadcaster;
  const changes = new JobChanges(broadcaster);
  changes.onModuleInit();
  return { changes, announce: (...ids: string[]) => subscriber!.onMessage({ ids }), reset: () => subscriber!.onReset() };
}

const timed = async (pending: Promise<void>): Promise<number> => {
  const started = performance.now();
  await pending;
  return performance.now() - started;
};

describe('JobChanges', () => {
  it("wakes a watcher at its job's change, not at another job's", async () => {
    const { changes, announce } = setUp();
    const watch = changes.watch('a');
    const next = watch.next(5000);
    announce('b');
    announce('a');
    expect(await timed(next)).toBeLessThan(1000);
    watch.close();
  });

  it('keeps a change that came between two waits, so it is not missed', async () => {
    const { changes, announce } = setUp();
    const watch = changes.watch('a');
    announce('a');
    expect(await timed(watch.next(5000))).toBeLessThan(100);
    watch.close();
  });

  it('times out without a change, and wakes every watcher when messages may have been lost', async () => {
    const { changes, reset } = setUp();
    const watch = changes.watch('a');
    expect(await timed(watch.next(50))).toBeGreaterThanOrEqual(40);
    const next = watch.next(5000);
    reset();
    expect(await timed(next)).toBeLessThan(1000);
    watch.close();
  });
});
