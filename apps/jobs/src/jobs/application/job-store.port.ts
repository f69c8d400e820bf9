import type { Page, Tenant } from '#common';
import type { JobStatus, Transaction } from '#messaging';
import type { Job } from '../domain/job.js';
import type { StatusReport } from '../domain/status-report.js';

export interface NewJob {
  id: string;
  tenant: Tenant;
  name: string;
  params: unknown;
  runAt: Date | null;
  scheduleId: string | null;
  /** A schedule's run: the instant it was due (unique per schedule). */
  scheduleRunAt: Date | null;
  idempotencyKey: string | null;
  requestHash: string | null;
  createdAt: Date;
}

export interface JobFilter {
  status?: JobStatus;
  name?: string;
  limit: number;
  cursor?: string;
}

/**
 * The job store. Tenant data: every read a caller can reach takes the tenant first; the only
 * unscoped ones are the operators' list (`listAll`, behind the ops rule) and the system's own
 * scans (reconciler, retention, status reports), which act on ids read from the store.
 */
export abstract class JobStore {
  /**
   * Inserts a job, unless its Idempotency-Key is taken or its schedule's run is registered
   * already: then null (the caller reads the first).
   */
  abstract insert(tx: Transaction, job: NewJob): Promise<Job | null>;
  abstract findByIdempotencyKey(tx: Transaction, tenant: Tenant, key: string): Promise<Job | null>;
  /** Given a transaction, read in it (and locked until it ends with `lock`). */
  abstract findById(tenant: Tenant, id: string, within?: { tx: Transaction; lock?: boolean }): Promise<Job | null>;
  /** The tenant's jobs, newest first. */
  abstract list(tenant: Tenant, filter: JobFilter): Promise<Page<Job>>;
  /** Every tenant's jobs (or one tenant's), newest first; operators only. */
  abstract listAll(filter: JobFilter & { tenant?: string }): Promise<Page<Job>>;
  /** Jobs not finished and not touched for `idleMs`: the reconciler's candidates. */
  abstract unfinished(idleMs: number, limit: number): Promise<Job[]>;
  /** Retention: deletes finished jobs older than `days`; the number deleted. */
  abstract deleteFinishedBefore(days: number): Promise<number>;
  /**
   * Applies the reports (at most one per job) and returns the jobs they changed: a report
   * applies only after the stored position and to a job not final, so a late, repeated or
   * reordered report changes nothing.
   */
  abstract applyReports(tx: Transaction, reports: StatusReport[]): Promise<Job[]>;
  /** The status of each of these jobs that still exists. */
  abstract statusesOf(ids: string[]): Promise<Map<string, JobStatus>>;
}
