import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HealthService, systemContext } from '#common';
import { UnitOfWork } from '#messaging';
import { JobsConfig } from '../../jobs.config.js';
import { JobRegistrar } from '../application/job-registrar.js';
import { nextRun } from '../domain/cron.js';
import { JobErrorCodes } from '../domain/job-error.js';
import { Step } from '../domain/job-position.js';
import { systemTenant } from '../domain/tenant.js';
import { JobRepository } from '../infrastructure/job.repository.js';
import { ScheduleRepository } from '../infrastructure/schedule.repository.js';
import { JobQueues } from './job-queues.js';
import { StatusWriter } from './status-writer.js';

const RETENTION_EVERY_MS = 3_600_000;

/**
 * The jobs service's periodic work (API role), each loop one at a time per process:
 * - schedules: every JOBS_SCHEDULE_TICK_MS, due schedules (rows locked, SKIP LOCKED across
 *   replicas) register one job each, through the same registrar as POST /v1/jobs, with the
 *   idempotency key `schedule:<id>:<instant>`, so a run is registered once however many replicas
 *   tick; a run missed while nothing ran is made once, then the schedule moves past now;
 * - reconciler: at start and every JOBS_RECONCILE_INTERVAL_MS, unfinished jobs (registered,
 *   queued, running) idle for JOBS_RECONCILE_IDLE_MS that BullMQ does not have (a Redis that
 *   lost its data) are enqueued again under the same id; one BullMQ failed without telling the
 *   store (it stalled too often) is recorded `failed`;
 * - retention: hourly, finished jobs older than JOBS_RETENTION_DAYS are deleted.
 */
@Injectable()
export class JobsBackground implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobsBackground.name);
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly busy = new Map<string, Promise<unknown>>();
  private stopped = false;

  constructor(
    private readonly config: JobsConfig,
    private readonly uow: UnitOfWork,
    private readonly registrar: JobRegistrar,
    private readonly jobs: JobRepository,
    private readonly schedules: ScheduleRepository,
    private readonly queues: JobQueues,
    private readonly status: StatusWriter,
    private readonly health: HealthService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.timers.length > 0) return; // hooks may run twice (message server start)
    this.every('schedules', this.config.JOBS_SCHEDULE_TICK_MS, () => this.runDueSchedules());
    this.every('reconciler', this.config.JOBS_RECONCILE_INTERVAL_MS, () => this.reconcile(), 1000);
    this.every('retention', RETENTION_EVERY_MS, () => this.jobs.deleteFinishedBefore(this.config.JOBS_RETENTION_DAYS), 5000);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.timers.forEach(clearTimeout);
    await Promise.allSettled(this.busy.values());
  }

  private every(name: string, intervalMs: number, work: () => Promise<unknown>, firstMs = intervalMs): void {
    const tick = () => {
      // Nothing runs before the schema is migrated (start-up tasks done).
      if (this.stopped || this.busy.has(name) || this.health.pendingStartupTasks().some((t) => t.startsWith('postgres'))) return;
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

  async runDueSchedules(): Promise<number> {
    return this.uow.run(systemContext('jobs-schedules'), async (tx) => {
      const due = await this.schedules.due(tx.manager, 50);
      const now = new Date();
      for (const schedule of due) {
        await this.registrar.register(tx, systemTenant(schedule.tenant), {
          name: schedule.name,
          params: schedule.params,
          runAt: null,
          scheduleId: schedule.id,
          idempotencyKey: `schedule:${schedule.id}:${schedule.next_run_at.toISOString()}`,
        });
        const after = schedule.next_run_at > now ? schedule.next_run_at : now;
        await this.schedules.setNextRun(tx.manager, schedule.id, nextRun(schedule.cron, schedule.timezone, after));
      }
      return due.length;
    });
  }

  /** Returns how many jobs it enqueued again. */
  async reconcile(): Promise<number> {
    const candidates = await this.jobs.unfinished(this.config.JOBS_RECONCILE_IDLE_MS, 1000);
    let enqueued = 0;
    for (const row of candidates) {
      const found = await this.queues.find(row.name, row.id);
      if (!found) {
        await this.queues.enqueue({ id: row.id, tenant: row.tenant, name: row.name, params: row.params, runAt: row.run_at, attempts: row.attempts, attempt: row.attempt });
        if (row.status === 'registered') await this.status.write({ id: row.id, tenant: row.tenant, status: 'queued', attempt: 0, step: Step.queued });
        enqueued++;
        continue;
      }
      if ((await found.getState()) === 'failed') {
        const attempt = Math.max(row.attempt, row.attempts, 1);
        await this.status.write({
          id: row.id,
          tenant: row.tenant,
          status: 'failed',
          attempt,
          attempts: Math.max(row.attempts, 1),
          step: Step.finished,
          error: { code: JobErrorCodes.stalled, message: found.failedReason || 'The job failed in the queue.' },
          finishedAt: new Date(),
        });
      }
    }
    if (enqueued > 0) this.logger.warn(`reconciler: enqueued ${enqueued} job(s) missing from the queue`);
    return enqueued;
  }
}
