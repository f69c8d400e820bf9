import { Injectable } from '@nestjs/common';
import { ConflictError, newId, tenantOf, type RequestContext } from '#common';
import type { CreateScheduleRequest, JobScheduleData } from '#messaging';
import { JobsConfig } from '../../jobs.config.js';
import { definitionFor } from '../definitions/index.js';
import { checkSchedule, nextRun } from '../domain/cron.js';
import type { Schedule } from '../domain/schedule.js';
import { ScheduleStore } from './schedule-store.port.js';
import { scheduleData } from './views.js';

/**
 * POST /v1/job-schedules: a definition, its params, a cron and a time zone (default: the
 * tenant's, else UTC); at most JOBS_MAX_SCHEDULES_PER_TENANT per tenant (409 past it).
 */
@Injectable()
export class CreateSchedule {
  constructor(
    private readonly schedules: ScheduleStore,
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
    const schedule: Schedule = { ...timing, tenant, name: definition.name, params, nextRunAt: nextRun(timing, now), createdAt: now };
    const max = this.config.JOBS_MAX_SCHEDULES_PER_TENANT;
    if (!(await this.schedules.insertWithin(schedule, max))) {
      throw new ConflictError('SCHEDULE_LIMIT_REACHED', `A tenant may have at most ${max} job schedules; delete one first.`, { limit: max });
    }
    return scheduleData(schedule);
  }
}
