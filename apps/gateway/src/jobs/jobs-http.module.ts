import { Module } from '@nestjs/common';
import { JobsController } from './http/jobs.controller.js';
import { JobChanges } from './infrastructure/job-changes.js';

/** The HTTP doors of jobs: `/v1/jobs*`, `/v1/job-schedules*`, `/v1/admin/jobs`; `?wait` is woken by job changes. */
@Module({ controllers: [JobsController], providers: [JobChanges] })
export class JobsHttpModule {}
