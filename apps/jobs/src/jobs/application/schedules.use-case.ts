import { Injectable } from '@nestjs/common';
import { newId, NotFoundError, type RequestContext } from '#common';
import type { CreateScheduleRequest, JobPage, JobScheduleData } from '#messaging';
import { definitionFor } from '../definitions/index.js';
import { checkSchedule, nextRun } from '../domain/cron.js';
import { tenantOf } from '../domain/tenant.js';
import { ScheduleRepository, scheduleData, ScheduleRow } from '../infrastructure/schedule.repository.js';

/** POST /v1/job-schedules: a definition, its params, a cron and a time zone (default: the tenant's, else UTC). */
@Injectable()
export class CreateSchedule {
  constructor(private readonly schedules: ScheduleRepository) {}

  async execute(ctx: RequestContext, input: CreateScheduleRequest): Promise<JobScheduleData> {
    const tenant = tenantOf(ctx);
    const definition = definitionFor(input.name, input.params);
    const timezone = input.timezone ?? ctx.tenantTimezone ?? 'UTC';
    checkSchedule(input.cron, timezone);
    const now = new Date();
    const row: ScheduleRow = {
      id: newId(),
      tenant,
      name: definition.name,
      params: input.params,
      cron: input.cron.trim(),
      timezone,
      next_run_at: nextRun(input.cron, timezone, now),
      created_at: now,
    };
    await this.schedules.insert(row);
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
