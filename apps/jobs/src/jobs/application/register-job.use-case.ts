import { Injectable } from '@nestjs/common';
import { ValidationError, tenantOf, type RequestContext } from '#common';
import { UnitOfWork, type RegisterJobRequest, type RegisterJobResponse } from '#messaging';
import { definitionFor } from '../definitions/index.js';
import { EnqueueJob } from './enqueue-job.use-case.js';
import { JobRegistrar } from './job-registrar.js';
import { jobData, tenantJobData } from './views.js';

/**
 * POST /v1/jobs: validates the definition's params, stores the job and `job.registered`
 * together, then enqueues it at once. The event stays the safety net: if this process dies
 * (or Redis fails) between the commit and the enqueue, the scheduler enqueues the job from the
 * event; the queue keeps one job per id, so the second enqueue adds nothing.
 */
@Injectable()
export class RegisterJob {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly registrar: JobRegistrar,
    private readonly enqueue: EnqueueJob,
  ) {}

  async execute(ctx: RequestContext, input: RegisterJobRequest): Promise<RegisterJobResponse> {
    const tenant = tenantOf(ctx);
    const params = input.params ?? {};
    const definition = definitionFor(input.name, params);
    const runAt = input.runAt === undefined || input.runAt === null ? null : new Date(input.runAt);
    if (runAt && Number.isNaN(runAt.getTime())) throw ValidationError.field('runAt', 'must be an ISO 8601 date-time with an offset');
    const key = input.idempotencyKey;
    if (key !== undefined && (typeof key !== 'string' || key.length < 1 || key.length > 200)) {
      throw ValidationError.field('Idempotency-Key', 'must be 1 to 200 characters');
    }
    const { job, replayed } = await this.uow.run(ctx, (tx) =>
      this.registrar.register(tx, tenant, { name: definition.name, params, runAt, idempotencyKey: key ?? null }),
    );
    if (!replayed) await this.enqueue.execute(tenantJobData(job)).catch(() => undefined);
    return { job: jobData(job), replayed };
  }
}
