import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { systemContext } from '#common';
import { JobsEvents, UnitOfWork, type DomainEvent, type JobStatus } from '#messaging';
import type { Job } from '../domain/job.js';
import type { StatusReport } from '../domain/status-report.js';
import { JobChangeAnnouncer } from './job-change-announcer.port.js';
import { JobStore } from './job-store.port.js';
import { tenantJobData } from './views.js';

export interface WriteOutcome {
  applied: boolean;
  /** The job's status after the write (whether this report applied or not); null if the job is gone. */
  status: JobStatus | null;
}

const MAX_BATCH = 500;

/**
 * How the scheduler and the workers record a job's status: the store's row and the status event
 * (`job.queued`, `job.started`, `job.progress`, `job.succeeded`, `job.failed`) commit in one
 * transaction of the jobs service's outbox, so the store is the record and the events follow it.
 * Reports from many concurrent jobs are written together (one transaction per batch: while one
 * batch commits the next one gathers), which is what lets a few database round trips carry
 * thousands of status changes per second. Each caller awaits its own report's outcome.
 */
@Injectable()
export class StatusWriter implements OnApplicationShutdown {
  private readonly logger = new Logger(StatusWriter.name);
  private pending: Array<{ report: StatusReport; resolve: (o: WriteOutcome) => void; reject: (e: unknown) => void }> = [];
  private running: Promise<void> | null = null;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly jobs: JobStore,
    private readonly changes: JobChangeAnnouncer,
  ) {}

  write(report: StatusReport): Promise<WriteOutcome> {
    return new Promise((resolve, reject) => {
      this.pending.push({ report, resolve, reject });
      if (!this.running) this.running = this.drain().finally(() => (this.running = null));
    });
  }

  async onApplicationShutdown(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    // Let the reports of this turn of the event loop join the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.pending.length > 0) {
      const batch: typeof this.pending = [];
      const rest: typeof this.pending = [];
      const ids = new Set<string>();
      for (const item of this.pending) {
        // One report per job per statement; a second one for the same job waits for the next batch.
        if (batch.length < MAX_BATCH && !ids.has(item.report.id)) {
          ids.add(item.report.id);
          batch.push(item);
        } else rest.push(item);
      }
      this.pending = rest;
      try {
        const outcomes = await this.writeBatch(batch.map((b) => b.report));
        batch.forEach((b, i) => b.resolve(outcomes[i]!));
      } catch (error) {
        this.logger.warn({ err: error }, 'writing job statuses failed');
        for (const b of batch) b.reject(error);
      }
    }
  }

  private async writeBatch(reports: StatusReport[]): Promise<WriteOutcome[]> {
    const changed = await this.uow.run(systemContext(`jobs-status-${Date.now()}`), async (tx) => {
      const jobs = await this.jobs.applyReports(tx, reports);
      const byId = new Map(jobs.map((job) => [job.id, job]));
      await tx.publishAll(reports.flatMap((report) => {
        const job = byId.get(report.id);
        return job ? [statusEvent(job, report.status)] : [];
      }));
      return byId;
    });
    this.changes.announce([...changed.keys()]);
    const missing = reports.filter((r) => !changed.has(r.id)).map((r) => r.id);
    const current = missing.length > 0 ? await this.jobs.statusesOf(missing) : new Map<string, JobStatus>();
    return reports.map((r) => {
      const job = changed.get(r.id);
      return job ? { applied: true, status: job.status } : { applied: false, status: current.get(r.id) ?? null };
    });
  }
}

const EVENT_OF: Record<JobStatus, string> = {
  registered: JobsEvents.registered,
  queued: JobsEvents.queued,
  running: JobsEvents.started,
  succeeded: JobsEvents.succeeded,
  failed: JobsEvents.failed,
  cancelled: JobsEvents.cancelled,
};

/**
 * The status event of a changed job, on behalf of the job's tenant. `aggregateVersion` is the
 * job's position folded into one increasing number (attempt × 100 + step), so a consumer can
 * keep the latest with a plain comparison.
 */
export function statusEvent(job: Job, status: JobStatus | null): DomainEvent {
  return {
    type: status === null ? JobsEvents.progress : EVENT_OF[status],
    aggregateId: job.id,
    aggregateVersion: job.attempt * 100 + job.step,
    payload: tenantJobData(job),
    onBehalfOf: systemContext(`job:${job.id}`, job.tenant),
  };
}
