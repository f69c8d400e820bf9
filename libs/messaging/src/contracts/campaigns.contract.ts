import type { Readiness } from '#common';

/** Messages the campaigns service answers. */
export const CampaignsMessages = {
  health: 'campaigns.health',
} as const;

export interface CampaignsContract {
  'campaigns.health': { request: Record<string, never>; response: Readiness };
}
