import { Controller, DynamicModule, Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { exitGracefullyOnSignals, HealthService, PlatformConfig, PlatformModule, Readiness, RunningApp, startHttpApp } from '#common';
import { MessagingModule } from './messaging.module.js';
import { serveMessageHandlers } from './transport/message-server.connect.js';

export interface ServiceProcessOptions {
  /** Exit gracefully on SIGTERM/SIGINT (the real process does; tests close the app themselves). */
  signals?: boolean;
}

/**
 * A split-mode service process (campaigns, jobs): one app module behind the transport, with
 * its probes and metrics on HTTP. Such a process serves nothing without PostgreSQL or Redis.
 */
export async function startServiceProcess(
  config: PlatformConfig,
  appModule: DynamicModule,
  { signals = false }: ServiceProcessOptions = {},
): Promise<RunningApp> {
  const running = await startHttpApp(
    [PlatformModule.forRoot({ config, requiredDependencies: ['postgres', 'redis'] }), MessagingModule.forRoot('redis'), appModule],
    config,
    { beforeListen: serveMessageHandlers },
  );
  if (signals) exitGracefullyOnSignals(running, config);
  return running;
}

/** The handler through which a service answers the gateway's deployment-wide health check. */
export function serviceHealthHandler(pattern: string): Type {
  @Controller()
  class ServiceHealthHandler {
    constructor(readonly health: HealthService) {}

    @MessagePattern(pattern)
    check(): Promise<Readiness> {
      return this.health.readiness();
    }
  }
  return ServiceHealthHandler;
}
