import { Module } from '@nestjs/common';
import { JobsController } from './http/jobs.controller.js';

/** The HTTP doors of jobs: `/v1/jobs*`, `/v1/job-schedules*`, `/v1/admin/jobs`. */
@Module({ controllers: [JobsController] })
export class JobsHttpModule {}
