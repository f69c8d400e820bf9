import { Injectable } from '@nestjs/common';
import { NotFoundError, tenantOf, type RequestContext } from '#common';
import type { JobScheduleData } from '#messaging';
import { ScheduleStore } from './schedule-store.port.js';
import { scheduleData } from './views.js';

/** GET /v1/job-schedules/{id}: one schedule of the tenant (404 for another tenant's). */
@Injectable()
export class GetSchedule {
  constructor(private readonly schedules: ScheduleStore) {}

  async execute(ctx: RequestContext, input: { id: string }): Promise<JobScheduleData> {
    const schedule = await this.schedules.find(tenantOf(ctx), input.id);
    if (!schedule) throw new NotFoundError('Job schedule', input.id);
    return scheduleData(schedule);
  }
}
