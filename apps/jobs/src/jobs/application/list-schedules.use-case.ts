import { Injectable } from '@nestjs/common';
import type { RequestContext } from '#common';
import type { JobPage, JobScheduleData } from '#messaging';
import { tenantOf } from '../domain/tenant.js';
import { ScheduleStore } from './schedule-store.port.js';
import { pageData, scheduleData } from './views.js';

/** GET /v1/job-schedules: the tenant's schedules, newest first. */
@Injectable()
export class ListSchedules {
  constructor(private readonly schedules: ScheduleStore) {}

  async execute(ctx: RequestContext, input: { limit: number; cursor?: string }): Promise<JobPage<JobScheduleData>> {
    return pageData(await this.schedules.list(tenantOf(ctx), input), scheduleData);
  }
}
