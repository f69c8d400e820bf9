import { DynamicModule, Module, Provider, Type } from '@nestjs/common';
import { JobsConfig } from '../jobs.config.js';
import { CancelJob } from './application/cancel-job.use-case.js';
import { JobRegistrar } from './application/job-registrar.js';
import { ListDefinitions } from './application/list-definitions.use-case.js';
import { GetJob, ListAllJobs, ListJobs } from './application/read-jobs.use-case.js';
import { RegisterJob } from './application/register-job.use-case.js';
import { RetryJob } from './application/retry-job.use-case.js';
import { CreateSchedule, DeleteSchedule, GetSchedule, ListSchedules } from './application/schedules.use-case.js';
import { JobRepository } from './infrastructure/job.repository.js';
import { JobsStore1764100000000 } from './infrastructure/jobs.migration.js';
import { JobsScheduleRuns1764200000000 } from './infrastructure/schedule-runs.migration.js';
import { ScheduleRepository } from './infrastructure/schedule.repository.js';
import { JobSchedulerConsumer } from './messaging/job-scheduler.consumer.js';
import { JobsHandler } from './messaging/jobs.handler.js';
import { JobsBackground } from './queue/background.js';
import { CancelSignals } from './queue/cancel-signals.js';
import { JobQueues } from './queue/job-queues.js';
import { QueueMetrics } from './queue/queue.metrics.js';
import { JobWorkers } from './queue/job-workers.js';
import { QueueDashboard } from './queue/queue-dashboard.js';
import { StatusWriter } from './queue/status-writer.js';

export const jobsMigrations = [JobsStore1764100000000, JobsScheduleRuns1764200000000];

export interface JobsRoles {
  api: boolean;
  workers: boolean;
}

/**
 * Jobs: domain (status ordering), definitions, application (one use case per verb),
 * infrastructure (store, schedules), messaging (handlers, the scheduler consumer) and queue
 * (BullMQ queues, workers, status writes, cancellation, background loops, dashboard).
 * The API role serves requests and schedules; the worker role runs jobs; `all` does both.
 */
@Module({})
export class JobsModule {
  static forConfig(outbox: DynamicModule, config: JobsConfig): DynamicModule {
    const roles: JobsRoles = { api: config.runsApi, workers: config.runsWorkers };
    const controllers: Type[] = roles.api ? [JobsHandler, JobSchedulerConsumer] : [];
    const providers: Provider[] = [{ provide: JobsConfig, useValue: config }, JobRepository, StatusWriter, JobQueues, CancelSignals];
    if (roles.api) {
      providers.push(
        JobRegistrar,
        ScheduleRepository,
        ListDefinitions,
        RegisterJob,
        GetJob,
        ListJobs,
        ListAllJobs,
        CancelJob,
        RetryJob,
        CreateSchedule,
        ListSchedules,
        GetSchedule,
        DeleteSchedule,
        JobsBackground,
        QueueDashboard,
        QueueMetrics,
      );
    }
    if (roles.workers) providers.push(JobWorkers);
    return { module: JobsModule, imports: [outbox], controllers, providers };
  }
}
