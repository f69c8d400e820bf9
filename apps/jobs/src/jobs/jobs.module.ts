import { DynamicModule, Module, Provider, Type } from '@nestjs/common';
import { JobsConfig } from '../jobs.config.js';
import { CancelBroadcast } from './application/cancel-broadcast.port.js';
import { CancelJob } from './application/cancel-job.use-case.js';
import { CreateSchedule } from './application/create-schedule.use-case.js';
import { DeleteSchedule } from './application/delete-schedule.use-case.js';
import { EnqueueJob } from './application/enqueue-job.use-case.js';
import { GetJob } from './application/get-job.use-case.js';
import { GetSchedule } from './application/get-schedule.use-case.js';
import { JobQueue } from './application/job-queue.port.js';
import { JobRegistrar } from './application/job-registrar.js';
import { JobStore } from './application/job-store.port.js';
import { ListAllJobs } from './application/list-all-jobs.use-case.js';
import { ListDefinitions } from './application/list-definitions.use-case.js';
import { ListJobs } from './application/list-jobs.use-case.js';
import { ListSchedules } from './application/list-schedules.use-case.js';
import { ReconcileJobs } from './application/reconcile-jobs.use-case.js';
import { RegisterJob } from './application/register-job.use-case.js';
import { RetryJob } from './application/retry-job.use-case.js';
import { RunDueSchedules } from './application/run-due-schedules.use-case.js';
import { ScheduleStore } from './application/schedule-store.port.js';
import { JobChangeAnnouncer } from './application/job-change-announcer.port.js';
import { BroadcastJobChanges } from './infrastructure/broadcast-job-changes.js';
import { StatusWriter } from './application/status-writer.js';
import { JobRepository } from './infrastructure/job.repository.js';
import { JobsBackground } from './infrastructure/jobs.background.js';
import { JobsStore1764100000000 } from './infrastructure/jobs.migration.js';
import { CancelSignals } from './infrastructure/queue/cancel-signals.js';
import { JobQueues } from './infrastructure/queue/job-queues.js';
import { JobWorkers } from './infrastructure/queue/job-workers.js';
import { QueueDashboard } from './infrastructure/queue/queue-dashboard.js';
import { QueueMetrics } from './infrastructure/queue/queue.metrics.js';
import { JobsScheduleRuns1764200000000 } from './infrastructure/schedule-runs.migration.js';
import { ScheduleRepository } from './infrastructure/schedule.repository.js';
import { JobSchedulerConsumer } from './messaging/job-scheduler.consumer.js';
import { JobsHandler } from './messaging/jobs.handler.js';

export const jobsMigrations = [JobsStore1764100000000, JobsScheduleRuns1764200000000];

/**
 * Jobs: domain (status ordering, cron, the job and schedule), definitions (the predefined
 * computations), application (one use case per verb; the ports JobStore, ScheduleStore,
 * JobQueue and CancelBroadcast), infrastructure (the raw-SQL repositories and migrations, the
 * background loops, and under queue/ BullMQ's queues and workers, cancel signals and the
 * dashboard) and messaging (the handlers, the scheduler consumer).
 * The API role serves requests and schedules; the worker role runs jobs; `all` does both.
 */
@Module({})
export class JobsModule {
  static forConfig(outbox: DynamicModule, config: JobsConfig): DynamicModule {
    const controllers: Type[] = config.runsApi ? [JobsHandler, JobSchedulerConsumer] : [];
    const providers: Provider[] = [
      { provide: JobsConfig, useValue: config },
      { provide: JobStore, useClass: JobRepository },
      StatusWriter,
      JobQueues,
      { provide: JobQueue, useExisting: JobQueues },
      CancelSignals,
      { provide: CancelBroadcast, useExisting: CancelSignals },
      { provide: JobChangeAnnouncer, useClass: BroadcastJobChanges },
    ];
    if (config.runsApi) providers.push(...apiProviders);
    if (config.runsWorkers) providers.push(JobWorkers);
    return { module: JobsModule, imports: [outbox], controllers, providers };
  }
}

const apiProviders: Provider[] = [
  { provide: ScheduleStore, useClass: ScheduleRepository },
  JobRegistrar,
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
  EnqueueJob,
  RunDueSchedules,
  ReconcileJobs,
  JobsBackground,
  QueueDashboard,
  QueueMetrics,
];
