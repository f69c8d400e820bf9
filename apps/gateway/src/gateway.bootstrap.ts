import { exitGracefullyOnSignals, loadConfig, PlatformModule, RunningApp, startHttpApp } from '#common';
import { MessagingModule, serveMessageHandlers } from '#messaging';
import { GatewayAppModule } from './gateway-app.module.js';
import { GatewayConfig } from './gateway.config.js';

export interface BootstrapOptions {
  env?: NodeJS.ProcessEnv;
  signals?: boolean;
}

/**
 * The gateway alone (split mode); it serves its own event consumers (cache invalidation). It is never down for lack of one dependency: with Redis or
 * PostgreSQL away it still answers what it can (cached reads), so both only degrade it.
 */
export async function bootstrap({ env = process.env, signals = false }: BootstrapOptions = {}): Promise<RunningApp> {
  const config = loadConfig(GatewayConfig, env);
  const running = await startHttpApp(
    [PlatformModule.forRoot({ config, requiredDependencies: [] }), MessagingModule.forRoot('redis'), GatewayAppModule.forRoot(env)],
    config,
    { docs: GatewayAppModule.docs, beforeListen: serveMessageHandlers },
  );
  if (signals) exitGracefullyOnSignals(running, config);
  return running;
}
