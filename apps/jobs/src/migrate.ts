import { loadConfig, migrationCommand } from '#common';
import { JOBS_DATABASE } from './jobs.database.js';
import { JobsConfig } from './jobs.config.js';

/**
 * The jobs migration job: `node dist/apps/jobs/src/migrate.js` applies schema `jobs`'s
 * migrations under the same advisory lock the app uses (for deployments running MIGRATIONS=off),
 * logs how many it applied and exits 0, or says why in one line and exits 1.
 */
await migrationCommand(JOBS_DATABASE, () => loadConfig(JobsConfig, process.env));
