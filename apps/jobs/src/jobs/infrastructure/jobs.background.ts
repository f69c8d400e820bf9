import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HealthService } from '#common';
import { JobsConfig } from '../../jobs.config.js';
import { JobStore } from '../application/job-store.port.js';
import { ReconcileJobs } from '../application/reconcile-jobs.use-case.js';
import { RunDueSchedules } from '../application/run-due-schedules.use-case.js';

const RETENTION_EVERY_MS = 3_600_000;

/**
 * The jobs service's periodic work (API role), each loop one at a time per process:
 * - schedules: every JOBS_SCHEDULE_TICK_MS, due schedules register their runs (RunDueSchedules);
 * - reconciler: at start and every JOBS_RECONCILE_INTERVAL_MS (ReconcileJobs);
 * - retention: hourly, finished jobs older than JOBS_RETENTION_DAYS are deleted.
 */
@Injectable()
export class JobsBackground implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobsBackground.name);
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly busy = new Map<string, Promise<unknown>>();
  private readonly stop = new AbortController();

  constructor(
    private readonly config: JobsConfig,
    private readonly runDueSchedules: RunDueSchedules,
    private readonly reconcileJobs: ReconcileJobs,
    private readonly jobs: JobStore,
    private readonly health: HealthService,
  ) {}

  onApplicationBootstrap(): void {
    this.every('schedules', this.config.JOBS_SCHEDULE_TICK_MS, () => this.runDueSchedules.execute(this.stop.signal));
    this.every('reconciler', this.config.JOBS_RECONCILE_INTERVAL_MS, () => this.reconcileJobs.execute(), 1000);
    this.every('retention', RETENTION_EVERY_MS, () => this.jobs.deleteFinishedBefore(this.config.JOBS_RETENTION_DAYS), 5000);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stop.abort();
    this.timers.forEach(clearTimeout);
    await Promise.allSettled(this.busy.values());
  }

  private every(name: string, intervalMs: number, work: () => Promise<unknown>, firstMs = intervalMs): void {
    const tick = () => {
      // Nothing runs before the schema is migrated (start-up tasks done).
      if (this.stop.signal.aborted || this.busy.has(name) || this.health.pendingStartupTasks().some((t) => t.startsWith('postgres'))) return;
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
}
