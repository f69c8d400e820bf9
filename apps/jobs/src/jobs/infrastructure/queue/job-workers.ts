import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import { inSpan, isRedisUnavailable, isUuid, newId, RedisService, SpanKind, systemContext } from '#common';
import { MessagingClient } from '#messaging';
import { JobsConfig } from '../../../jobs.config.js';
import { StatusWriter } from '../../application/status-writer.js';
import { JOB_DEFINITIONS, type JobDefinition } from '../../definitions/index.js';
import { JobError, JobErrorCodes } from '../../domain/job-error.js';
import { Step } from '../../domain/job-position.js';
import type { StatusReport } from '../../domain/status-report.js';
import { CancelSignals } from './cancel-signals.js';
import { CancelledSignal } from './cancelled-signal.error.js';
import { JobCancelled } from './job-cancelled.error.js';
import { handedBack, runNumbers, type QueuedJobData } from './queued-job-data.js';
import { drainWithin } from './shutdown-grace.js';
import { WorkerShutdown } from './worker-shutdown.error.js';

const PROGRESS_EVERY_MS = 1000;

/**
 * The BullMQ workers of this process: one per definition, with that definition's concurrency.
 * Each attempt:
 * 1. reports `running` at (attempt, running); if the store says the job is final (cancelled
 *    while it waited), the attempt ends without running;
 * 2. runs the definition with a signal aborted on cancellation or timeout;
 * 3. reports `succeeded`, or on failure `queued` (attempts remain: BullMQ retries with backoff)
 *    or `failed` (none remain, or the failure is not retryable).
 * Every report is awaited before BullMQ hears the outcome, so a job BullMQ finished is finished
 * in the store. A worker that dies loses its locks after JOBS_LOCK_MS; BullMQ's stalled check in
 * another worker puts its jobs back, and they run again (at least once: definitions are safe to
 * repeat; the repeated `running` report is a no-op).
 *
 * Shutdown (SIGTERM): the workers stop taking jobs at once and the running ones get
 * JOBS_SHUTDOWN_GRACE_MS to end. Those still running then are aborted with a `WorkerShutdown`
 * reason and handed back to the queue the way BullMQ documents it (`moveToWait` with the job's
 * lock token, then `WaitingError`): no attempt is used, the store says `queued` again, and
 * another worker takes the job at once (not after the stalled-job check).
 *
 * BullMQ directly, not @nestjs/bullmq (hence not a dependency): its @Processor binds a class to
 * one queue name and its worker options at decoration time, and gives the worker the queue's
 * connection unless the decorator names one. Here there is one worker per entry of
 * JOB_DEFINITIONS, with options known only at runtime (the definition's concurrency ×
 * JOBS_CONCURRENCY_FACTOR, JOBS_LOCK_MS) and a connection of its own from RedisService (named in
 * CLIENT LIST and logs, closed with the others) that waits out an outage (no retry limit), where
 * the queues' connection gives up after one retry so that an enqueue during an outage errs and
 * the reconciler enqueues later. It
 * would take a class per definition, or classes made at runtime; the grace and hand-back above
 * would stay ours; and @InjectQueue has no taker, since jobs are enqueued by a name known only
 * at runtime (JobQueues looks the queue up).
 */
@Injectable()
export class JobWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(JobWorkers.name);
  private readonly workers: Worker[] = [];
  /** The abort controllers of the jobs running here now. */
  private readonly running = new Set<AbortController>();
  /** Set when the shutdown grace ended: jobs still running (or starting) are handed back. */
  private shutdown: WorkerShutdown | null = null;

  constructor(
    private readonly redis: RedisService,
    private readonly config: JobsConfig,
    private readonly status: StatusWriter,
    private readonly cancels: CancelSignals,
    private readonly messaging: MessagingClient,
  ) {}

  onApplicationBootstrap(): void {
    for (const definition of JOB_DEFINITIONS) {
      const connection = this.redis.connect(`bullmq-worker-${definition.name}`, { maxRetriesPerRequest: null, enableOfflineQueue: true });
      const worker = new Worker<QueuedJobData>(definition.name, (job, token) => this.run(definition, job, token), {
        connection,
        prefix: this.redis.queuePrefix(definition.name),
        concurrency: definition.concurrency * this.config.JOBS_CONCURRENCY_FACTOR,
        lockDuration: this.config.JOBS_LOCK_MS,
        stalledInterval: this.config.JOBS_LOCK_MS,
        maxStalledCount: 2,
      });
      worker.on('error', (error) => {
        if (!isRedisUnavailable(error)) this.logger.warn({ err: error }, `worker ${definition.name}: ${error.message}`);
      });
      worker.on('failed', (job, error) => {
        if (job && error instanceof JobCancelled) void this.removeCancelled(job);
      });
      this.workers.push(worker);
    }
  }

  /**
   * Before anything closes (the store and Redis are still there): stop taking jobs, give the
   * running ones the grace, then hand the rest back to the queue.
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.workers.length === 0) return;
    // close() stops fetching at once and resolves when the jobs running here have ended.
    const closed = Promise.allSettled(this.workers.map((w) => w.close()));
    const drained = await drainWithin(closed, this.config.JOBS_SHUTDOWN_GRACE_MS, () => {
      this.shutdown = new WorkerShutdown();
      this.logger.warn(`shutdown: ${this.running.size} job(s) still running after ${this.config.JOBS_SHUTDOWN_GRACE_MS} ms go back to the queue`);
      for (const controller of this.running) controller.abort(this.shutdown);
    });
    if (drained) this.logger.log('shutdown: running jobs finished');
  }

  async onApplicationShutdown(): Promise<void> {
    // Already closed before shutdown; close() again only returns the same promise.
    await Promise.allSettled(this.workers.map((w) => w.close()));
  }

  /** One run, in a span continuing the trace of the request that registered the job. */
  private run(definition: JobDefinition, job: Job<QueuedJobData>, token: string | undefined): Promise<unknown> {
    const options = { kind: SpanKind.CONSUMER, traceparent: job.data.traceparent, attributes: { 'job.name': definition.name, 'job.id': job.id! } };
    return inSpan(`run ${definition.name}`, options, async () => {
      this.logger.debug(`job ${definition.name} ${job.id} started`);
      try {
        const result = await this.process(definition, job, token);
        this.logger.debug(`job ${definition.name} ${job.id} succeeded`);
        return result;
      } catch (error) {
        this.logger.debug(`job ${definition.name} ${job.id} ended without success: ${(error as Error).message}`);
        throw error;
      }
    });
  }

  private async process(definition: JobDefinition, job: Job<QueuedJobData>, token: string | undefined): Promise<unknown> {
    const id = job.id!;
    // Added to the queue by hand (the dashboard), not registered: no store row to report to.
    if (!isUuid(id)) throw new UnrecoverableError(`job ${id} was not registered through the API (POST /v1/jobs); not run`);
    const { tenant, params } = job.data;
    const { position: attempt, counted: attempts } = runNumbers(job.data, job.attemptsMade);
    const started = await this.status.write({ id, tenant, status: 'running', attempt, attempts, step: Step.running, startedAt: new Date(), progress: 0, error: null });
    if (!started.applied && started.status !== 'running') {
      // Cancelled (or otherwise final) before it ran, or no longer stored: nothing to run.
      if (started.status === 'cancelled') throw new JobCancelled(id);
      throw new UnrecoverableError(`job ${id} is ${started.status ?? 'gone'}; not run`);
    }
    const controller = new AbortController();
    const release = this.cancels.track(id, controller);
    this.running.add(controller);
    if (this.shutdown) controller.abort(this.shutdown);
    const timer = setTimeout(() => controller.abort(new JobError(JobErrorCodes.timeout, `The job ran longer than ${definition.timeoutMs} ms.`, true)), definition.timeoutMs);
    let lastProgress = 0;
    try {
      const result = await Promise.race([
        definition.run(params, {
          jobId: id,
          tenant,
          signal: controller.signal,
          requestContext: systemContext(`job:${id}:${newId()}`, tenant),
          messaging: this.messaging,
          progress: (percent) => {
            if (Date.now() - lastProgress < PROGRESS_EVERY_MS) return;
            lastProgress = Date.now();
            void this.status.write({ id, tenant, status: null, attempt, step: Step.progress, progress: Math.max(0, Math.min(100, Math.round(percent))) }).catch(() => undefined);
          },
        }),
        aborted(controller.signal),
      ]);
      await this.record({ id, tenant, status: 'succeeded', attempt, step: Step.finished, result: result ?? null, progress: 100, error: null, finishedAt: new Date() });
      return null;
    } catch (error) {
      if (error instanceof JobCancelled || controller.signal.reason instanceof CancelledSignal) throw new JobCancelled(id);
      if (controller.signal.reason instanceof WorkerShutdown) {
        await this.handBack(job, token, { id, tenant, attempt, attempts });
        throw new WaitingError();
      }
      const failure = error instanceof JobError ? error : new JobError(JobErrorCodes.failed, messageOf(error), true);
      const attemptsAllowed = job.opts.attempts ?? 1;
      if (failure.retryable && job.attemptsMade + 1 < attemptsAllowed) {
        await this.record({ id, tenant, status: 'queued', attempt, step: Step.requeued, error: { code: failure.code, message: failure.message } });
        throw failure;
      }
      await this.record({ id, tenant, status: 'failed', attempt, step: Step.finished, error: { code: failure.code, message: failure.message }, finishedAt: new Date() });
      throw new UnrecoverableError(`${failure.code}: ${failure.message}`);
    } finally {
      clearTimeout(timer);
      release();
      this.running.delete(controller);
    }
  }

  /**
   * Records how a run ended; when the store says the job was cancelled meanwhile (a worker that
   * missed the cancel message ran it on), the run ends as cancelled instead.
   */
  private async record(report: StatusReport): Promise<void> {
    const outcome = await this.status.write(report);
    if (!outcome.applied && outcome.status === 'cancelled') throw new JobCancelled(report.id);
  }

  /** A cancelled job leaves the queue once BullMQ has it as failed: the store says it is cancelled. */
  private async removeCancelled(job: Job<QueuedJobData>): Promise<void> {
    await job.remove().catch((error) => this.logger.warn({ err: error }, `job ${job.id} is cancelled; removing it from the queue failed (it stays there as failed, reason "cancelled")`));
  }

  /**
   * Gives a job interrupted by shutdown back to the queue without using an attempt: its next run
   * reports at the next position, the store says `queued` again, and BullMQ puts it back in
   * `wait` (where it is first in line) with the lock token of this run. If any step fails (Redis
   * or PostgreSQL away), the job is still not lost: its lock expires and BullMQ's stalled check
   * runs it again.
   */
  private async handBack(job: Job<QueuedJobData>, token: string | undefined, run: { id: string; tenant: string; attempt: number; attempts: number }): Promise<void> {
    try {
      await job.updateData(handedBack(job.data));
      await this.status
        .write({ id: run.id, tenant: run.tenant, status: 'queued', attempt: run.attempt, attempts: run.attempts, step: Step.requeued, progress: null, error: null })
        .catch((error) => this.logger.warn({ err: error }, `job ${run.id}: recording its hand-back failed; its next run supersedes it`));
      await job.moveToWait(token);
      this.logger.log(`job ${run.id} went back to the queue (worker shutdown)`);
    } catch (error) {
      this.logger.warn({ err: error }, `job ${run.id}: hand-back failed; it runs again after its lock expires`);
    }
  }
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.slice(0, 1000) || 'The job failed.';
}
