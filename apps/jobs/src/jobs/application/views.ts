import type { JobData, JobScheduleData, TenantJobData } from '#messaging';
import type { Job } from '../domain/job.js';
import type { Schedule } from '../domain/schedule.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Jobs and schedules as they cross the transport and enter the status events. */
export function jobData(job: Job): JobData {
  return {
    id: job.id,
    name: job.name,
    params: job.params,
    status: job.status,
    progress: job.progress,
    result: job.result ?? null,
    error: job.error ?? null,
    attempts: job.attempts,
    runAt: iso(job.runAt),
    scheduleId: job.scheduleId,
    createdAt: job.createdAt.toISOString(),
    startedAt: iso(job.startedAt),
    finishedAt: iso(job.finishedAt),
  };
}

export function tenantJobData(job: Job): TenantJobData {
  return { tenant: job.tenant, ...jobData(job) };
}

export function scheduleData(schedule: Schedule): JobScheduleData {
  return {
    id: schedule.id,
    name: schedule.name,
    params: schedule.params,
    cron: schedule.cron,
    timezone: schedule.timezone,
    nextRunAt: schedule.nextRunAt.toISOString(),
    createdAt: schedule.createdAt.toISOString(),
  };
}
