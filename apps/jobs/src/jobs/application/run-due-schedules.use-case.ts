import { Injectable, Logger } from '@nestjs/common';
import { AppError, isDatabaseUnavailable, systemContext, systemTenant } from '#common';
import { UnitOfWork } from '#messaging';
import { definitionFor } from '../definitions/index.js';
import { runAfter } from '../domain/cron.js';
import type { Schedule } from '../domain/schedule.js';
import { JobRegistrar } from './job-registrar.js';
import { ScheduleStore } from './schedule-store.port.js';

/** Due schedules one tick takes; more wait for the next tick. */
const SCHEDULES_PER_TICK = 50;
/** How long a schedule whose cron no longer parses waits before it is tried again. */
const BROKEN_SCHEDULE_RETRY_MS = 3_600_000;

/**
 * One tick of the scheduler: each due schedule registers one job, through the same registrar
 * as POST /v1/jobs, in its own transaction (row locked, SKIP LOCKED across replicas); the run is
 * named by (schedule, instant due), apart from clients' Idempotency-Keys, so it is registered
 * once however many replicas tick; a run missed while nothing ran is made once, then the
 * schedule moves past now; a run that fails is logged and skipped.
 */
@Injectable()
export class RunDueSchedules {
  private readonly logger = new Logger(RunDueSchedules.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly registrar: JobRegistrar,
    private readonly schedules: ScheduleStore,
  ) {}

  /** Returns how many runs it registered; stops between schedules once `stop` is aborted. */
  async execute(stop: AbortSignal): Promise<number> {
    let registered = 0;
    for (const schedule of await this.schedules.due(SCHEDULES_PER_TICK)) {
      if (stop.aborted) break;
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
  private runSchedule(due: Schedule): Promise<boolean> {
    return this.uow.run(systemContext(`schedule:${due.id}:${due.nextRunAt.toISOString()}`, due.tenant), async (tx) => {
      const schedule = await this.schedules.lockDue(tx, due.id);
      if (!schedule) return false;
      // The definition may have changed since the schedule was made: params that no longer fit fail here.
      const definition = definitionFor(schedule.name, schedule.params);
      const next = runAfter(schedule, schedule.nextRunAt, new Date());
      await this.registrar.registerRun(tx, systemTenant(schedule.tenant), { name: definition.name, params: schedule.params, scheduleId: schedule.id, dueAt: schedule.nextRunAt });
      await this.schedules.moveOn(schedule.id, next, tx);
      return true;
    });
  }

  /**
   * A run that cannot be registered is skipped, so the schedule neither blocks the others nor
   * fails again on every tick; its next run is tried as usual (a cron that no longer parses
   * is tried again in an hour).
   */
  private async skipRun(schedule: Schedule, error: unknown): Promise<void> {
    // A refusal of the run (params that no longer fit) needs no stack; anything else does.
    const why = error instanceof AppError ? { reason: `${error.code}: ${error.message}` } : { err: error };
    this.logger.warn({ ...why, scheduleId: schedule.id, tenant: schedule.tenant }, `schedule ${schedule.id}: its run due at ${schedule.nextRunAt.toISOString()} is skipped`);
    let next: Date;
    try {
      next = runAfter(schedule, schedule.nextRunAt, new Date());
    } catch {
      next = new Date(Date.now() + BROKEN_SCHEDULE_RETRY_MS);
    }
    await this.schedules.moveOn(schedule.id, next).catch((e) => this.logger.warn({ err: e }, `schedule ${schedule.id}: could not move past its run`));
  }
}
