import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Counter } from 'prom-client';
import { MetricsService, newId } from '#common';
import { Authenticator } from '../../auth/authenticator.js';
import { actorId, type Principal } from '../../auth/principal.js';
import { GatewayEdge } from '../../gateway-edge.js';
import { GatewayConfig } from '../../gateway.config.js';
import { isSlug } from '../../identity/domain/tenant.js';
import { AuditStore } from '../application/audit-store.port.js';
import { type AuditRecord, resourceOf } from '../domain/audit-entry.js';
import { RefusalTally } from '../domain/refusal-tally.js';
import { type AuditedRequest, noteCreatedResources, READS } from './audit-resource.hook.js';

const RETENTION_EVERY_MS = 60 * 60_000;
const MAX_REFUSAL_GROUPS = 10_000;
const REFUSALS = new Set([401, 403, 429]);
/** The most entries one INSERT carries. */
const MAX_BATCH = 500;

/**
 * The audit trail: every write through the API (any method but GET/HEAD/OPTIONS on a /v1
 * route), whatever its outcome, including refusals before application code (401, 403, 415,
 * 400 for malformed JSON). It is recorded from a Fastify onResponse hook, after the answer is
 * sent, so it costs the caller nothing; an entry that cannot be written (database away) is
 * logged and counted, never turned into an error of the request it describes.
 *
 * Refusals (401, 403, 429, and any error answered before the caller was known) cost no
 * database write each: they are counted per actor, action and status for AUDIT_REFUSAL_WINDOW_MS and
 * written as one entry with its `count`. The actor of a refused request is what its
 * credentials say as far as this replica already knows, read without any database query.
 */
@Injectable()
export class AuditTrail implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('AuditTrail');
  private retention: NodeJS.Timeout | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly failures: Counter;
  private readonly refusals = new RefusalTally(MAX_REFUSAL_GROUPS);
  /** Entries of answered writes not yet stored; written in batches, after the answers. */
  private pending: AuditRecord[] = [];
  private writing: Promise<void> | null = null;

  constructor(
    edge: GatewayEdge,
    private readonly store: AuditStore,
    private readonly authenticator: Authenticator,
    private readonly config: GatewayConfig,
    metrics: MetricsService,
  ) {
    this.failures = new Counter({ name: 'audit_write_failures_total', help: 'Audit entries that could not be written', registers: [metrics.registry] });
    edge.addHook((app) => {
      const fastify = app.getHttpAdapter().getInstance();
      noteCreatedResources(fastify);
      // A callback hook: a read passes without making a promise.
      fastify.addHook('onResponse', (request, reply, done) => {
        if (READS.has(request.method) || !request.url.startsWith('/v1/')) return done();
        void this.record(request as AuditedRequest, reply)
          .catch((error: Error) => this.failed(error, 1, String(request.id)))
          .then(() => done());
      });
    });
  }

  onApplicationBootstrap(): void {
    this.retention = setInterval(() => void this.applyRetention(), RETENTION_EVERY_MS);
    this.retention.unref();
    this.flushTimer = setInterval(() => void this.flushRefusals(), this.config.AUDIT_REFUSAL_WINDOW_MS);
    this.flushTimer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.flushTimer);
    await this.flushRefusals();
    while (this.writing) await this.writing;
  }

  onApplicationShutdown(): void {
    clearInterval(this.retention);
  }

  /** Writes the refusals counted so far (public so tests need not wait for the window). */
  async flushRefusals(): Promise<void> {
    const rows = this.refusals.drain();
    await this.store.insert(rows).catch((error: Error) => this.failed(error, rows.length));
  }

  async applyRetention(): Promise<number> {
    try {
      const removed = await this.store.deleteOlderThan(this.config.AUDIT_RETENTION_DAYS);
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
    const principal = request.principal ?? (await this.knownCaller(request));
    const resource = resourceOf(route, params);
    const resourceId = resource.id ?? request.auditResourceId ?? null;
    const entry: AuditRecord = {
      id: newId(),
      at: new Date(),
      tenant: auditedTenant(principal, params, resource.type, resourceId),
      actor: principal ? `${principal.kind}:${actorId(principal)}` : 'anonymous',
      action: `${request.method} ${route}`,
      resourceType: resource.type,
      resourceId,
      requestId: String(request.id),
      status: reply.statusCode,
      count: 1,
    };
    const refused = REFUSALS.has(reply.statusCode) || (reply.statusCode >= 400 && !request.principal);
    if (!refused) return this.enqueue(entry);
    if (this.refusals.add(entry)) await this.flushRefusals();
  }

  /**
   * Entries written while the previous batch was being stored go together in the next one: one
   * INSERT for many writes under load, and never a database round trip on an answer's path.
   */
  private enqueue(entry: AuditRecord): void {
    this.pending.push(entry);
    this.writing ??= this.drain().finally(() => (this.writing = null));
  }

  private async drain(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    while (this.pending.length > 0) {
      const rows = this.pending.splice(0, MAX_BATCH);
      await this.store.insert(rows).catch((error: Error) => this.failed(error, rows.length));
    }
  }

  /** Who a refused request says it is, from what this replica knows already (no database read). */
  private async knownCaller(request: AuditedRequest): Promise<Principal | null> {
    const credentials = request.credentials ?? (await this.authenticator.credentials(request.headers).catch(() => null));
    return credentials ? this.authenticator.known(credentials) : null;
  }

  private failed(error: Error, entries: number, requestId?: string): void {
    this.failures.inc(entries);
    this.logger.warn({ requestId, entries, err: error.message }, 'could not write audit entries');
  }
}

/** A tenant's own staff and keys write in their tenant; operators in the tenant they named. */
function auditedTenant(principal: Principal | null, params: Record<string, unknown>, type: string | null, id: string | null): string | null {
  if (principal && principal.kind !== 'ops') return principal.tenant;
  if (!principal) return null;
  if (isSlug(params.slug)) return params.slug;
  if (type === 'tenant' && isSlug(id)) return id;
  return null;
}
