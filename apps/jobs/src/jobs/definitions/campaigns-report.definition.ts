import { CampaignsMessages, JOB_SCHEMAS, type StatusCounts } from '#messaging';
import type { JobDefinition } from './job-definition.js';

export interface CampaignsReport extends StatusCounts {
  generatedAt: string;
}

/**
 * The tenant's campaigns and events counted by status now, asked of the campaigns service
 * (which owns them) for the job's tenant.
 */
export const campaignsReport: JobDefinition<Record<string, never>, CampaignsReport> = {
  name: 'campaigns.report',
  description: "Counts the tenant's campaigns and events by status (upcoming, live, ended, total) at the moment it runs.",
  paramsSchema: JOB_SCHEMAS['campaigns.report'].params,
  timeoutMs: 30_000,
  attempts: 3,
  backoffMs: 1000,
  concurrency: 10,
  async run(_params, ctx) {
    const counts = await ctx.messaging.send(CampaignsMessages.countByStatus, {}, ctx.requestContext);
    return { campaigns: counts.campaigns, events: counts.events, generatedAt: new Date().toISOString() };
  },
};
