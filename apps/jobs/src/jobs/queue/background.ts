import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppError, HealthService, isDatabaseUnavailable, systemContext } from '#common';
import { UnitOfWork } from '#messaging';
import { JobsConfig } from '../../jobs.config.js';
import { JobRegistrar } from '../application/job-registrar.js';
import { definitionFor } from '../definitions/index.js';
import { runAfter } from '../domain/cron.js';
import { JobErrorCodes } from '../domain/job-error.js';
import { Step } from '../domain/job-position.js';
import { systemTenant } from '../domain/tenant.js';
import { JobRepository } from '../infrastructure/job.repository.js';
import { ScheduleRepository, type ScheduleRow } from '../infrastructure/schedule.repository.js';
import { JobQueues } from './job-queues.js';
import { StatusWriter } from './status-writer.js';

const RETENTION_EVERY_MS = 3_600_000;
/** Due schedules one tick takes; more wait for the next tick. */
const SCHEDULES_PER_TICK = 50;
/** How long a schedule whose cron no longer parses waits before it is tried again. */
const BROKEN_SCHEDULE_RETRY_MS = 3_600_000;

/**
 * The jobs service's periodic work (API role), each loop one at a time per process:
 * - schedules: every JOBS_SCHEDULE_TICK_MS, each due schedule registers one job, through the
 *   same registrar as POST /v1/jobs, in its own transaction (row locked, SKIP LOCKED across
 *   replicas); the run is named by (schedule, instant due), apart from clients' Idempotency-Keys,
 *   so it is registered once however many replicas tick; a run missed while nothing ran is made
 *   once, then the schedule moves past now; a run that fails is logged and skipped;
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

  /** Returns how many runs it registered. */
  async runDueSchedules(): Promise<number> {
    let registered = 0;
    for (const schedule of await this.schedules.due(SCHEDULES_PER_TICK)) {
      if (this.stopped) break;
      try {
        if (await this.runSchedule(schedule)) registered++;
      } catch (error) {
        // The database away is no fault of the schedule: its run is made on a later tick.
        if (isDatabaseUnavailable(error)) throw error;
        await this.skipRun(schedule, error);
      }
    }
    return registered;
  }

  /**
   * One due schedule in a transaction of its own: its run's job (with `job.registered`) and its
   * next run commit together. False when another replica holds or already moved it.
   */
  private runSchedule(due: ScheduleRow): Promise<boolean> {
    return this.uow.run(systemContext(`schedule:${due.id}:${due.next_run_at.toISOString()}`, due.tenant), async (tx) => {
      const schedule = await this.schedules.lockDue(tx.manager, due.id);
      if (!schedule) return false;
      // The definition may have changed since the schedule was made: params that no longer fit fail here.
      const definition = definitionFor(schedule.name, schedule.params);
      const next = runAfter(schedule, schedule.next_run_at, new Date());
      await this.registrar.registerRun(tx, systemTenant(schedule.tenant), { name: definition.name, params: schedule.params, scheduleId: schedule.id, dueAt: schedule.next_run_at });
      await this.schedules.moveOn(schedule.id, next, tx.manager);
      return true;
    });
  }

  /**
   * A run that cannot be registered is skipped, so the schedule neither blocks the others nor
   * fails again on every tick; its next run is tried as usual (a cron that no longer parses
   * is tried again in an hour).
   */
  private async skipRun(schedule: ScheduleRow, error: unknown): Promise<void> {
    // A refusal of the run (params that no longer fit) needs no stack; anything else does.
    const why = error instanceof AppError ? { reason: `${error.code}: ${error.message}` } : { err: error };
    this.logger.warn({ ...why, scheduleId: schedule.id, tenant: schedule.tenant }, `schedule ${schedule.id}: its run due at ${schedule.next_run_at.toISOString()} is skipped`);
    let next: Date;
    try {
      next = runAfter(schedule, schedule.next_run_at, new Date());
    } catch {
      next = new Date(Date.now() + BROKEN_SCHEDULE_RETRY_MS);
    }
    await this.schedules.moveOn(schedule.id, next).catch((e) => this.logger.warn({ err: e }, `schedule ${schedule.id}: could not move past its run`));
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
