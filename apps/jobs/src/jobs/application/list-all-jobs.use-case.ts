import { Injectable } from '@nestjs/common';
import { ForbiddenError, mapPage, type Page, type RequestContext } from '#common';
import type { AllJobsListRequest, TenantJobData } from '#messaging';
import { JobStore } from './job-store.port.js';
import { tenantJobData } from './views.js';

/** GET /v1/admin/jobs: every tenant's jobs, newest first (operators). */
@Injectable()
export class ListAllJobs {
  constructor(private readonly jobs: JobStore) {}

  async execute(ctx: RequestContext, input: AllJobsListRequest): Promise<Page<TenantJobData>> {
    if (!ctx.actor.roles.includes('ops') || ctx.tenant) throw new ForbiddenError('Only operators see every tenant\'s jobs.');
    return mapPage(await this.jobs.listAll(input), tenantJobData);
  }
}
