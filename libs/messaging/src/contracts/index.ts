import type { CampaignsContract } from './campaigns.contract.js';
import type { DeadLettersContract } from './dead-letters.contract.js';
import type { JobsContract } from './jobs.contract.js';

export * from './campaigns.contract.js';
export * from './dead-letters.contract.js';
export * from './jobs.contract.js';

export type Contracts = CampaignsContract & JobsContract & DeadLettersContract;
export type Pattern = keyof Contracts;
export type RequestOf<P extends Pattern> = Contracts[P]['request'];
export type ResponseOf<P extends Pattern> = Contracts[P]['response'];

/**
 * Which service's outbox (schema) publishes each family of domain events, by the type's first
 * segment: the stream a consumer of that type reads.
 */
export const EVENT_SOURCES: Readonly<Record<string, string>> = {
  campaign: 'marketing',
  event: 'marketing',
  job: 'jobs',
};

export function eventSource(type: string): string {
  const source = EVENT_SOURCES[type.split('.')[0] ?? ''];
  if (!source) throw new Error(`No outbox publishes events of type ${type}`);
  return source;
}
