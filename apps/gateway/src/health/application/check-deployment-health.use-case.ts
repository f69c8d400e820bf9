import { Injectable } from '@nestjs/common';
import { DependencyHealth, HealthService, OverallStatus, systemContext } from '#common';
import { CampaignsMessages, JobsMessages, MessagingClient } from '#messaging';

export interface ServiceHealth {
  status: OverallStatus;
  latencyMs: number;
  error?: string;
}

export interface DeploymentHealth {
  status: OverallStatus;
  dependencies: Record<string, DependencyHealth>;
  services: Record<string, ServiceHealth>;
}

const SERVICE_DEADLINE_MS = 1500;

/**
 * The whole deployment's health as the gateway sees it: its own readiness and each service's,
 * asked over the transport (so a service that cannot be reached shows as down).
 */
@Injectable()
export class CheckDeploymentHealth {
  constructor(
    private readonly health: HealthService,
    private readonly client: MessagingClient,
  ) {}

  async execute(requestId: string): Promise<DeploymentHealth> {
    const [own, campaigns, jobs] = await Promise.all([
      this.health.readiness(),
      this.service(CampaignsMessages.health, requestId),
      this.service(JobsMessages.health, requestId),
    ]);
    const services = { gateway: { status: own.status, latencyMs: 0 }, campaigns, jobs };
    return { status: overall(own.status, [campaigns, jobs]), dependencies: own.dependencies, services };
  }

  private async service(pattern: typeof CampaignsMessages.health | typeof JobsMessages.health, requestId: string): Promise<ServiceHealth> {
    const started = performance.now();
    try {
      const readiness = await this.client.send(pattern, {}, systemContext(requestId), SERVICE_DEADLINE_MS);
      return { status: readiness.status, latencyMs: since(started) };
    } catch (error) {
      return { status: 'down', latencyMs: since(started), error: (error as { code?: string }).code ?? 'UNREACHABLE' };
    }
  }
}

/** Down when the gateway itself is down or no service answers; degraded when anything is less than ok. */
function overall(gateway: OverallStatus, services: ServiceHealth[]): OverallStatus {
  if (gateway === 'down' || services.every((s) => s.status === 'down')) return 'down';
  return gateway === 'ok' && services.every((s) => s.status === 'ok') ? 'ok' : 'degraded';
}

function since(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}
