import { Injectable } from '@nestjs/common';
import { NotFoundError, tenantOf, type RequestContext } from '#common';
import type { JobData } from '#messaging';
import { JobStore } from './job-store.port.js';
import { jobData } from './views.js';

/** GET /v1/jobs/{id}: the job's last known status (404 for another tenant's). */
@Injectable()
export class GetJob {
  constructor(private readonly jobs: JobStore) {}

  async execute(ctx: RequestContext, input: { id: string }): Promise<JobData> {
    const job = await this.jobs.findById(tenantOf(ctx), input.id);
    if (!job) throw new NotFoundError('Job', input.id);
    return jobData(job);
  }
}
