import { Injectable } from '@nestjs/common';
import { tenantOf, type RequestContext } from '#common';
import type { StatusCounts } from '#messaging';
import { ScheduleSummary } from './schedule-summary.port.js';

/**
 * The tenant's campaigns and events counted by status at one instant (the `campaigns.report`
 * job asks for it), with the half-open window of `scheduleStatus`.
 */
@Injectable()
export class CountByStatus {
  constructor(private readonly schedule: ScheduleSummary) {}

  async execute(ctx: RequestContext): Promise<StatusCounts> {
    return this.schedule.countByStatus(tenantOf(ctx), new Date());
  }
}
