import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Counter } from 'prom-client';
import { Observable, tap } from 'rxjs';
import { MetricsService, newId } from '#common';
import type { AuthenticatedRequest } from '../auth/access.guard.js';
import { Authenticator } from '../auth/authenticator.js';
import { actorId, type Principal } from '../auth/principal.js';
import { GatewayEdge } from '../gateway-edge.js';
import { GatewayConfig } from '../gateway.config.js';
import { resourceOf } from './audit-entry.js';
import { AuditRepository } from './audit.repository.js';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
const SLUG = /^[a-z0-9][a-z0-9-]{1,39}$/;
const RETENTION_EVERY_MS = 60 * 60_000;

interface AuditedRequest extends AuthenticatedRequest {
  auditResourceId?: string;
}

/**
 * The audit trail: every write through the API (any method but GET/HEAD/OPTIONS on a /v1
 * route), whatever its outcome, including refusals before application code (401, 403, 415,
 * 400 for malformed JSON). It is recorded from a Fastify onResponse hook, after the answer is
 * sent, so it costs the caller nothing; an entry that cannot be written (database away) is
 * logged and counted, never turned into an error of the request it describes.
 */
@Injectable()
export class AuditTrail implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditTrail');
  private retention: NodeJS.Timeout | undefined;
  private readonly failures: Counter;

  constructor(
    edge: GatewayEdge,
    private readonly repository: AuditRepository,
    private readonly authenticator: Authenticator,
    private readonly config: GatewayConfig,
    metrics: MetricsService,
  ) {
    this.failures = new Counter({ name: 'audit_write_failures_total', help: 'Audit entries that could not be written', registers: [metrics.registry] });
    edge.addHook((app) => {
      app.getHttpAdapter().getInstance().addHook('onResponse', async (request, reply) => {
        if (READS.has(request.method) || !request.url.startsWith('/v1/')) return;
        await this.record(request as AuditedRequest, reply).catch((error: Error) => {
          this.failures.inc();
          this.logger.warn({ requestId: request.id, err: error.message }, 'could not write an audit entry');
        });
      });
    });
  }

  onApplicationBootstrap(): void {
    this.retention = setInterval(() => void this.applyRetention(), RETENTION_EVERY_MS);
    this.retention.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.retention);
  }

  async applyRetention(): Promise<number> {
    try {
      const removed = await this.repository.deleteOlderThan(this.config.AUDIT_RETENTION_DAYS);
      if (removed > 0) this.logger.log(`removed ${removed} audit entries older than ${this.config.AUDIT_RETENTION_DAYS} days`);
      return removed;
    } catch (error) {
      this.logger.warn(`audit retention did not run: ${(error as Error).message}`);
      return 0;
    }
  }

  private async record(request: AuditedRequest, reply: FastifyReply): Promise<void> {
    const route = request.routeOptions.url;
    if (!route) return; // no such route: nothing was written to
    const params = (request.params ?? {}) as Record<string, unknown>;
    const principal = request.principal ?? (await this.authenticator.resolve(request.headers).catch(() => null));
    const resource = resourceOf(route, params);
    const resourceId = resource.id ?? request.auditResourceId ?? null;
    await this.repository.insert({
      id: newId(),
      at: new Date(),
      tenant: tenantOf(principal, params, resource.type, resourceId),
      actor: principal ? `${principal.kind}:${actorId(principal)}` : 'anonymous',
      action: `${request.method} ${route}`,
      resourceType: resource.type,
      resourceId,
      requestId: String(request.id),
      status: reply.statusCode,
    });
  }
}

/** A tenant's own staff and keys write in their tenant; operators in the tenant they named. */
function tenantOf(principal: Principal | null, params: Record<string, unknown>, type: string | null, id: string | null): string | null {
  if (principal && principal.kind !== 'ops') return principal.tenant;
  if (!principal) return null;
  if (typeof params.slug === 'string' && SLUG.test(params.slug)) return params.slug;
  if (type === 'tenant' && id && SLUG.test(id)) return id;
  return null;
}

/** Notes the id of what a write created (from its answer), for the audit entry. */
@Injectable()
export class AuditResourceInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & AuditedRequest>();
    if (READS.has(request.method)) return next.handle();
    return next.handle().pipe(
      tap((body) => {
        const b = body as { id?: unknown; slug?: unknown } | null;
        const id = b && typeof b === 'object' ? (typeof b.id === 'string' ? b.id : typeof b.slug === 'string' ? b.slug : undefined) : undefined;
        if (id) request.auditResourceId = id.slice(0, 200);
      }),
    );
  }
}
