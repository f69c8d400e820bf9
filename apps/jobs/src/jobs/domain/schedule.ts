import type { Timing } from './cron.js';

/** A tenant's schedule: a definition and its params, run at every instant of its cron. */
export interface Schedule extends Timing {
  tenant: string;
  name: string;
  params: unknown;
  nextRunAt: Date;
  createdAt: Date;
}
