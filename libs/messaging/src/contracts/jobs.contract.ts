import type { Readiness } from '#common';

/**
 * Messages the jobs service answers, and the shapes they carry. Dates cross the transport as
 * ISO 8601 instants in UTC; `wait` is the gateway's business (it polls `getJob`), so no request
 * here outlives the transport's deadline.
 */
export const JobsMessages = {
  health: 'jobs.health',
  listDefinitions: 'jobs.definition.list',
  registerJob: 'jobs.job.register',
  getJob: 'jobs.job.get',
  listJobs: 'jobs.job.list',
  listAllJobs: 'jobs.job.list-all',
  cancelJob: 'jobs.job.cancel',
  retryJob: 'jobs.job.retry',
  createSchedule: 'jobs.schedule.create',
  listSchedules: 'jobs.schedule.list',
  getSchedule: 'jobs.schedule.get',
  deleteSchedule: 'jobs.schedule.delete',
} as const;

export type JobStatus = 'registered' | 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export const JOB_STATUSES: readonly JobStatus[] = ['registered', 'queued', 'running', 'succeeded', 'failed', 'cancelled'];
export const FINAL_JOB_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled'];

/** A job as the API answers it (the contract's job JSON). */
export interface JobData {
  id: string;
  name: string;
  params: unknown;
  status: JobStatus;
  progress: number | null;
  result: unknown;
  error: { code: string; message: string } | null;
  attempts: number;
  runAt: string | null;
  scheduleId: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** `JobData` with the tenant, for operators' cross-tenant view. */
export interface TenantJobData extends JobData {
  tenant: string;
}

export interface JobDefinitionData {
  name: string;
  description: string;
  paramsSchema: Record<string, unknown>;
  timeoutMs: number;
  attempts: number;
}

export interface RegisterJobRequest {
  name: string;
  params: unknown;
  runAt?: string;
  idempotencyKey?: string;
}

export interface RegisterJobResponse {
  job: JobData;
  /** True when an earlier registration with the same Idempotency-Key and body answered. */
  replayed: boolean;
}

export interface JobListRequest {
  status?: JobStatus;
  limit: number;
  cursor?: string;
}

export interface AllJobsListRequest extends JobListRequest {
  tenant?: string;
}

export interface JobPage<T = JobData> {
  items: T[];
  nextCursor: string | null;
}

export interface JobScheduleData {
  id: string;
  name: string;
  params: unknown;
  cron: string;
  timezone: string;
  nextRunAt: string;
  createdAt: string;
}

export interface CreateScheduleRequest {
  name: string;
  params: unknown;
  cron: string;
  timezone?: string;
}

export interface JobsContract {
  'jobs.health': { request: Record<string, never>; response: Readiness };
  'jobs.definition.list': { request: Record<string, never>; response: { items: JobDefinitionData[] } };
  'jobs.job.register': { request: RegisterJobRequest; response: RegisterJobResponse };
  'jobs.job.get': { request: { id: string }; response: JobData };
  'jobs.job.list': { request: JobListRequest; response: JobPage };
  'jobs.job.list-all': { request: AllJobsListRequest; response: JobPage<TenantJobData> };
  'jobs.job.cancel': { request: { id: string }; response: JobData };
  'jobs.job.retry': { request: { id: string }; response: JobData };
  'jobs.schedule.create': { request: CreateScheduleRequest; response: JobScheduleData };
  'jobs.schedule.list': { request: { limit: number; cursor?: string }; response: JobPage<JobScheduleData> };
  'jobs.schedule.get': { request: { id: string }; response: JobScheduleData };
  'jobs.schedule.delete': { request: { id: string }; response: { deleted: true } };
}

/** Domain event types of the jobs context (payload: the job as stored, `JobData` plus tenant). */
export const JobsEvents = {
  registered: 'job.registered',
  queued: 'job.queued',
  started: 'job.started',
  progress: 'job.progress',
  succeeded: 'job.succeeded',
  failed: 'job.failed',
  cancelled: 'job.cancelled',
} as const;
