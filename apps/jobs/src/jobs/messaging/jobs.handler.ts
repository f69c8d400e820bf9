import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { contextOf, JobsMessages, type RequestEnvelope, type RequestOf, type ResponseOf } from '#messaging';
import { CancelJob } from '../application/cancel-job.use-case.js';
import { CreateSchedule } from '../application/create-schedule.use-case.js';
import { DeleteSchedule } from '../application/delete-schedule.use-case.js';
import { GetJob } from '../application/get-job.use-case.js';
import { GetSchedule } from '../application/get-schedule.use-case.js';
import { ListAllJobs } from '../application/list-all-jobs.use-case.js';
import { ListDefinitions } from '../application/list-definitions.use-case.js';
import { ListJobs } from '../application/list-jobs.use-case.js';
import { ListSchedules } from '../application/list-schedules.use-case.js';
import { RegisterJob } from '../application/register-job.use-case.js';
import { RetryJob } from '../application/retry-job.use-case.js';

type M = typeof JobsMessages;
type In<P extends keyof M> = RequestEnvelope<RequestOf<M[P]>>;
type Out<P extends keyof M> = Promise<ResponseOf<M[P]>>;

/** The jobs service's door: one message pattern per use case, nothing else. */
@Controller()
export class JobsHandler {
  constructor(
    private readonly listDefinitions: ListDefinitions,
    private readonly registerJob: RegisterJob,
    private readonly getJob: GetJob,
    private readonly listJobs: ListJobs,
    private readonly listAllJobs: ListAllJobs,
    private readonly cancelJob: CancelJob,
    private readonly retryJob: RetryJob,
    private readonly createSchedule: CreateSchedule,
    private readonly listSchedules: ListSchedules,
    private readonly getSchedule: GetSchedule,
    private readonly deleteSchedule: DeleteSchedule,
  ) {}

  @MessagePattern(JobsMessages.listDefinitions)
  async onListDefinitions(): Out<'listDefinitions'> {
    return this.listDefinitions.execute();
  }

  @MessagePattern(JobsMessages.registerJob)
  onRegisterJob(e: In<'registerJob'>): Out<'registerJob'> {
    return this.registerJob.execute(contextOf(e), e.data);
  }

  @MessagePattern(JobsMessages.getJob)
  onGetJob(e: In<'getJob'>): Out<'getJob'> {
    return this.getJob.execute(contextOf(e), e.data);
  }

  @MessagePattern(JobsMessages.listJobs)
  onListJobs(e: In<'listJobs'>): Out<'listJobs'> {
    return this.listJobs.execute(contextOf(e), e.data);
  }

  @MessagePattern(JobsMessages.listAllJobs)
  onListAllJobs(e: In<'listAllJobs'>): Out<'listAllJobs'> {
    return this.listAllJobs.execute(contextOf(e), e.data);
  }

  @MessagePattern(JobsMessages.cancelJob)
  onCancelJob(e: In<'cancelJob'>): Out<'cancelJob'> {
    return this.cancelJob.execute(contextOf(e), e.data);
  }

  @MessagePattern(JobsMessages.retryJob)
  onRetryJob(e: In<'retryJob'>): Out<'retryJob'> {
    return this.retryJob.execute(contextOf(e), e.data);
  }

  @MessagePattern(JobsMessages.createSchedule)
  onCreateSchedule(e: In<'createSchedule'>): Out<'createSchedule'> {
    return this.createSchedule.execute(contextOf(e), e.data);
  }

  @MessagePattern(JobsMessages.listSchedules)
  onListSchedules(e: In<'listSchedules'>): Out<'listSchedules'> {
    return this.listSchedules.execute(contextOf(e), e.data);
  }

  @MessagePattern(JobsMessages.getSchedule)
  onGetSchedule(e: In<'getSchedule'>): Out<'getSchedule'> {
    return this.getSchedule.execute(contextOf(e), e.data);
  }

  @MessagePattern(JobsMessages.deleteSchedule)
  onDeleteSchedule(e: In<'deleteSchedule'>): Out<'deleteSchedule'> {
    return this.deleteSchedule.execute(contextOf(e), e.data);
  }
}
