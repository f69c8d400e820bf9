import { Injectable } from '@nestjs/common';
import { ForbiddenError, NotFoundError, type RequestContext } from '#common';
import type { AllJobsListRequest, JobData, JobListRequest, JobPage, TenantJobData } from '#messaging';
import { tenantOf } from '../domain/tenant.js';
import { jobData, JobRepository } from '../infrastructure/job.repository.js';

/** GET /v1/jobs/{id}: the job's last known status (404 for another tenant's). */
@Injectable()
export class GetJob {
  constructor(private readonly jobs: JobRepository) {}

  async execute(ctx: RequestContext, input: { id: string }): Promise<JobData> {
    const row = await this.jobs.findById(tenantOf(ctx), input.id);
    if (!row) throw new NotFoundError('Job', input.id);
    return jobData(row);
  }
}

/** GET /v1/jobs: the tenant's jobs, newest first, optionally of one status. */
@Injectable()
export class ListJobs {
  constructor(private readonly jobs: JobRepository) {}

  execute(ctx: RequestContext, input: JobListRequest): Promise<JobPage> {
    return this.jobs.list(tenantOf(ctx), input);
  }
}

/** GET /v1/admin/jobs: every tenant's jobs, newest first (operators). */
@Injectable()
export class ListAllJobs {
  constructor(private readonly jobs: JobRepository) {}

  execute(ctx: RequestContext, input: AllJobsListRequest): Promise<JobPage<TenantJobData>> {
    if (!ctx.actor.roles.includes('ops') || ctx.tenant) throw new ForbiddenError('Only operators see every tenant\'s jobs.');
    return this.jobs.listAll(input);
  }
}
