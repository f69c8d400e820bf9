import { Injectable } from '@nestjs/common';
import { ConflictError, newId, NotFoundError, type RequestContext } from '#common';
import type { CreateScheduleRequest, JobPage, JobScheduleData } from '#messaging';
import { JobsConfig } from '../../jobs.config.js';
import { definitionFor } from '../definitions/index.js';
import { checkSchedule, nextRun } from '../domain/cron.js';
import { tenantOf } from '../domain/tenant.js';
import { ScheduleRepository, scheduleData, ScheduleRow } from '../infrastructure/schedule.repository.js';

/**
 * POST /v1/job-schedules: a definition, its params, a cron and a time zone (default: the
 * tenant's, else UTC); at most JOBS_MAX_SCHEDULES_PER_TENANT per tenant (409 past it).
 */
@Injectable()
export class CreateSchedule {
  constructor(
    private readonly schedules: ScheduleRepository,
    private readonly config: JobsConfig,
  ) {}

  async execute(ctx: RequestContext, input: CreateScheduleRequest): Promise<JobScheduleData> {
    const tenant = tenantOf(ctx);
    const params = input.params ?? {};
    const definition = definitionFor(input.name, params);
    const timezone = input.timezone ?? ctx.tenantTimezone ?? 'UTC';
    checkSchedule(input.cron, timezone);
    const now = new Date();
    const timing = { id: newId(), cron: input.cron.trim(), timezone };
    const row: ScheduleRow = { ...timing, tenant, name: definition.name, params, next_run_at: nextRun(timing, now), created_at: now };
    const max = this.config.JOBS_MAX_SCHEDULES_PER_TENANT;
    if (!(await this.schedules.insertWithin(row, max))) {
      throw new ConflictError('SCHEDULE_LIMIT_REACHED', `A tenant may have at most ${max} job schedules; delete one first.`, { limit: max });
    }
    return scheduleData(row);
  }
}

/** GET /v1/job-schedules/{id}: one schedule of the tenant (404 for another tenant's). */
@Injectable()
export class GetSchedule {
  constructor(private readonly schedules: ScheduleRepository) {}

  async execute(ctx: RequestContext, input: { id: string }): Promise<JobScheduleData> {
    const row = await this.schedules.find(tenantOf(ctx), input.id);
    if (!row) throw new NotFoundError('Job schedule', input.id);
    return scheduleData(row);
  }
}

@Injectable()
export class ListSchedules {
  constructor(private readonly schedules: ScheduleRepository) {}

  execute(ctx: RequestContext, input: { limit: number; cursor?: string }): Promise<JobPage<JobScheduleData>> {
    return this.schedules.list(tenantOf(ctx), input);
  }
}

/** DELETE /v1/job-schedules/{id}: no further runs; jobs it already registered stay. */
@Injectable()
export class DeleteSchedule {
  constructor(private readonly schedules: ScheduleRepository) {}

  async execute(ctx: RequestContext, input: { id: string }): Promise<{ deleted: true }> {
    if (!(await this.schedules.delete(tenantOf(ctx), input.id))) throw new NotFoundError('Job schedule', input.id);
    return { deleted: true };
  }
}
