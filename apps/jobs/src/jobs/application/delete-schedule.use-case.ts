import { Injectable } from '@nestjs/common';
import { NotFoundError, tenantOf, type RequestContext } from '#common';
import { ScheduleStore } from './schedule-store.port.js';

/** DELETE /v1/job-schedules/{id}: no further runs; jobs it already registered stay. */
@Injectable()
export class DeleteSchedule {
  constructor(private readonly schedules: ScheduleStore) {}

  async execute(ctx: RequestContext, input: { id: string }): Promise<{ deleted: true }> {
    if (!(await this.schedules.delete(tenantOf(ctx), input.id))) throw new NotFoundError('Job schedule', input.id);
    return { deleted: true };
  }
}
