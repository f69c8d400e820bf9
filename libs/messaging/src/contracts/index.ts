import type { CampaignsContract } from './campaigns.contract.js';
import type { JobsContract } from './jobs.contract.js';

export * from './campaigns.contract.js';
export * from './jobs.contract.js';

export type Contracts = CampaignsContract & JobsContract;
export type Pattern = keyof Contracts;
export type RequestOf<P extends Pattern> = Contracts[P]['request'];
export type ResponseOf<P extends Pattern> = Contracts[P]['response'];
