import { exitGracefullyOnSignals, loadConfig, PlatformConfig, PlatformModule, RunningApp, startHttpApp } from '#common';
import { MessagingModule, serveMessageHandlers } from '#messaging';
import { CampaignsAppModule } from '../../campaigns/src/campaigns-app.module.js';
import { GatewayAppModule } from '../../gateway/src/gateway-app.module.js';
import { JobsAppModule } from '../../jobs/src/jobs-app.module.js';

export interface BootstrapOptions {
  env?: NodeJS.ProcessEnv;
  signals?: boolean;
}

/**
 * The composition root of the monolith: the one place that imports several apps' root modules.
 * Gateway, campaigns and jobs run in one process and talk through the in-process transport.
 */
export async function bootstrap({ env = process.env, signals = false }: BootstrapOptions = {}): Promise<RunningApp> {
  const config = loadConfig(PlatformConfig, env, { SERVICE_NAME: 'monolith' });
  const running = await startHttpApp(
    [
      PlatformModule.forRoot({ config, requiredDependencies: [] }),
      MessagingModule.forRoot('in-process'),
      // One process: the console's link to the queue dashboard is this process's own.
      GatewayAppModule.forRoot(env, { queueDashboardPath: JobsAppModule.queueDashboardPath(env) }),
      CampaignsAppModule.forRoot(env),
      JobsAppModule.forRoot(env),
    ],
    config,
    { docs: GatewayAppModule.docs, beforeListen: serveMessageHandlers },
  );
  if (signals) exitGracefullyOnSignals(running, config);
  return running;
}
