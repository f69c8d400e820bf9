import { Injectable } from '@nestjs/common';
import type { RequestContext } from '#common';
import type { JobListRequest, JobPage } from '#messaging';
import { tenantOf } from '../domain/tenant.js';
import { JobStore } from './job-store.port.js';
import { jobData, pageData } from './views.js';

/** GET /v1/jobs: the tenant's jobs, newest first, optionally of one status. */
@Injectable()
export class ListJobs {
  constructor(private readonly jobs: JobStore) {}

  async execute(ctx: RequestContext, input: JobListRequest): Promise<JobPage> {
    return pageData(await this.jobs.list(tenantOf(ctx), input), jobData);
  }
}
