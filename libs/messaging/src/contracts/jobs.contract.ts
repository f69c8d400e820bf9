import type { Readiness } from '#common';

/** Messages the jobs service answers. */
export const JobsMessages = {
  health: 'jobs.health',
} as const;

export interface JobsContract {
  'jobs.health': { request: Record<string, never>; response: Readiness };
}
