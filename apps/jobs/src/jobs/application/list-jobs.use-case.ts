import { Injectable } from '@nestjs/common';
import { mapPage, tenantOf, type Page, type RequestContext } from '#common';
import type { JobData, JobListRequest } from '#messaging';
import { JobStore } from './job-store.port.js';
import { jobData } from './views.js';

/** GET /v1/jobs: the tenant's jobs, newest first, optionally of one status. */
@Injectable()
export class ListJobs {
  constructor(private readonly jobs: JobStore) {}

  async execute(ctx: RequestContext, input: JobListRequest): Promise<Page<JobData>> {
    return mapPage(await this.jobs.list(tenantOf(ctx), input), jobData);
  }
}
