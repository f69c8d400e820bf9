import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HealthService } from '#common';
import { JobsConfig } from '../../jobs.config.js';
import { PeriodicWork } from '../../periodic-work.js';
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
  private readonly loops: PeriodicWork;

  constructor(
    private readonly config: JobsConfig,
    private readonly runDueSchedules: RunDueSchedules,
    private readonly reconcileJobs: ReconcileJobs,
    private readonly jobs: JobStore,
    health: HealthService,
  ) {
    this.loops = new PeriodicWork(new Logger(JobsBackground.name), health);
  }

  onApplicationBootstrap(): void {
    this.loops.every('schedules', this.config.JOBS_SCHEDULE_TICK_MS, () => this.runDueSchedules.execute(this.loops.signal));
    this.loops.every('reconciler', this.config.JOBS_RECONCILE_INTERVAL_MS, () => this.reconcileJobs.execute(), 1000);
    this.loops.every('retention', RETENTION_EVERY_MS, () => this.jobs.deleteFinishedBefore(this.config.JOBS_RETENTION_DAYS), 5000);
  }

  onApplicationShutdown(): Promise<void> {
    return this.loops.stop();
  }
}
