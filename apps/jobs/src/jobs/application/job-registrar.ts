import { Injectable } from '@nestjs/common';
import { ConflictError, newId, stableHash, type Tenant } from '#common';
import { JobsEvents, Transaction } from '#messaging';
import type { Job } from '../domain/job.js';
import { Step } from '../domain/job-position.js';
import { JobStore, type NewJob } from './job-store.port.js';
import { tenantJobData } from './views.js';

export interface Registration {
  name: string;
  params: unknown;
  runAt: Date | null;
  idempotencyKey?: string | null;
}

/** One run of a schedule: the instant it was due names it. */
export interface ScheduleRun {
  name: string;
  params: unknown;
  scheduleId: string;
  dueAt: Date;
}

/**
 * Stores a job and publishes `job.registered` and `job.queued` in the caller's transaction: the
 * job is `queued` as it commits, because the queue takes it right after (RegisterJob) or, if
 * that did not happen, the scheduler does from `job.registered`; one transaction and one
 * statement for both events instead of a second status write per job. With an idempotency key: the same key and body
 * find the first job (a replay); the same key with another body is a 409. A schedule's run is
 * deduplicated by schedule and instant instead, apart from the clients' keys.
 */
@Injectable()
export class JobRegistrar {
  constructor(private readonly jobs: JobStore) {}

  async register(tx: Transaction, tenant: Tenant, input: Registration): Promise<{ job: Job; replayed: boolean }> {
    const key = input.idempotencyKey ?? null;
    const hash = key === null ? null : requestHash(input);
    const job = await this.insert(tx, tenant, { name: input.name, params: input.params, runAt: input.runAt, idempotencyKey: key, requestHash: hash });
    if (job) return { job, replayed: false };
    const first = await this.jobs.findByIdempotencyKey(tx, tenant, key!);
    if (!first) throw new ConflictError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key is being used by a concurrent request.');
    if (first.requestHash !== hash) {
      throw new ConflictError('IDEMPOTENCY_KEY_REUSED', `Idempotency-Key ${key} was used for another request body (job ${first.id}).`, { jobId: first.id });
    }
    return { job: first, replayed: true };
  }

  /** The run's job, or null when it is registered already (another replica's tick). */
  registerRun(tx: Transaction, tenant: Tenant, run: ScheduleRun): Promise<Job | null> {
    return this.insert(tx, tenant, { name: run.name, params: run.params, runAt: null, scheduleId: run.scheduleId, scheduleRunAt: run.dueAt });
  }

  private async insert(tx: Transaction, tenant: Tenant, job: Partial<NewJob> & Pick<NewJob, 'name' | 'params' | 'runAt'>): Promise<Job | null> {
    const inserted = await this.jobs.insert(tx, {
      id: newId(),
      tenant,
      scheduleId: null,
      scheduleRunAt: null,
      idempotencyKey: null,
      requestHash: null,
      createdAt: new Date(),
      ...job,
    });
    if (inserted) {
      const registered = { ...inserted, status: 'registered' as const, step: Step.registered };
      await tx.publishAll([
        { type: JobsEvents.registered, aggregateId: inserted.id, aggregateVersion: Step.registered, payload: tenantJobData(registered) },
        { type: JobsEvents.queued, aggregateId: inserted.id, aggregateVersion: Step.queued, payload: tenantJobData(inserted) },
      ]);
    }
    return inserted;
  }
}

/** The body a key stands for: name, params (keys sorted) and runAt. */
function requestHash(input: Registration): string {
  return stableHash({ name: input.name, params: input.params, runAt: input.runAt?.toISOString() ?? null });
}
