import { loadConfig, migrationCommand } from '#common';
import { CAMPAIGNS_DATABASE } from './campaigns.database.js';
import { CampaignsConfig } from './campaigns.config.js';

/**
 * The campaigns migration job: `node dist/apps/campaigns/src/migrate.js` applies schema `marketing`'s
 * migrations under the same advisory lock the app uses (for deployments running MIGRATIONS=off),
 * logs how many it applied and exits 0, or says why in one line and exits 1.
 */
await migrationCommand(CAMPAIGNS_DATABASE, () => loadConfig(CampaignsConfig, process.env));
