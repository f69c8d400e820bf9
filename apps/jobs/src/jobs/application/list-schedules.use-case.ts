import { Injectable } from '@nestjs/common';
import { mapPage, tenantOf, type Page, type RequestContext } from '#common';
import type { JobScheduleData } from '#messaging';
import { ScheduleStore } from './schedule-store.port.js';
import { scheduleData } from './views.js';

/** GET /v1/job-schedules: the tenant's schedules, newest first. */
@Injectable()
export class ListSchedules {
  constructor(private readonly schedules: ScheduleStore) {}

  async execute(ctx: RequestContext, input: { limit: number; cursor?: string }): Promise<Page<JobScheduleData>> {
    return mapPage(await this.schedules.list(tenantOf(ctx), input), scheduleData);
  }
}
