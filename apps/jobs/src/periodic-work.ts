import { Logger } from '@nestjs/common';
import type { HealthService } from '#common';

/**
 * Loops of a process's periodic work, each one at a time (a tick while the last run is busy is
 * skipped), none before the schema is migrated (start-up tasks done), all stopped together:
 * `stop()` clears the timers and waits for the runs in flight. A failed run is logged and tried
 * again at the next tick.
 */
export class PeriodicWork {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly busy = new Map<string, Promise<unknown>>();
  private readonly stopping = new AbortController();

  constructor(
    private readonly logger: Logger,
    private readonly health: HealthService,
  ) {}

  /** Aborted on stop(): long work can end early. */
  get signal(): AbortSignal {
    return this.stopping.signal;
  }

  every(name: string, intervalMs: number, work: () => Promise<unknown>, firstMs = intervalMs): void {
    const tick = () => {
      if (this.stopping.signal.aborted || this.busy.has(name) || this.health.pendingStartupTasks().some((t) => t.startsWith('postgres'))) return;
      const run = work()
        .catch((error) => this.logger.warn({ err: error }, `${name} failed; will try again`))
        .finally(() => this.busy.delete(name));
      this.busy.set(name, run);
    };
    const first = setTimeout(tick, firstMs);
    const timer = setInterval(tick, intervalMs);
    first.unref();
    timer.unref();
    this.timers.push(first, timer);
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.timers.forEach(clearTimeout);
    await Promise.allSettled(this.busy.values());
  }
}
