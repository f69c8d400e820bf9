import { loadConfig, migrationCommand } from '#common';
import { GATEWAY_DATABASE } from './gateway.database.js';
import { GatewayConfig } from './gateway.config.js';

/**
 * The gateway migration job: `node dist/apps/gateway/src/migrate.js` applies schema `identity`'s
 * migrations under the same advisory lock the app uses (for deployments running MIGRATIONS=off),
 * logs how many it applied and exits 0, or says why in one line and exits 1.
 */
await migrationCommand(GATEWAY_DATABASE, () => loadConfig(GatewayConfig, process.env));
