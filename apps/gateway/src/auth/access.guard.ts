import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, RequestContext, UnauthenticatedError } from '#common';
import { ACCESS_RULE, AccessRule } from '../access/access.decorators.js';
import { LimitKind, RateLimiter } from '../rate-limit/rate-limiter.js';
import type { TakeResult } from '../rate-limit/token-bucket.js';
import { checkAccess } from './access-policy.js';
import { Authenticator, type Credentials } from './authenticator.js';
import { actorId, Principal } from './principal.js';

/** What the guard leaves on the request for later stages (the audit trail reads it). */
export interface AuthenticatedRequest extends FastifyRequest {
  context?: RequestContext;
  /** What the request presented, once checked (also when it was then refused). */
  credentials?: Credentials;
  principal?: Principal;
}

/**
 * The gateway's one guard (APP_GUARD): for a route with @Access it checks the credentials,
 * applies their rate limit (or the client address's, without valid credentials) before any
 * database read, resolves the principal, checks the rule and puts the RequestContext on the
 * request for @Ctx(). Routes without @Access (probes, metrics, docs) are public. It throws the
 * error model only (401/403/404/429), never HTTP exceptions.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    private readonly limiter: RateLimiter,
  ) {}

  async canActivate(host: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [host.getHandler(), host.getClass()]);
    if (!rule) return true;
    const http = host.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const reply = http.getResponse<FastifyReply>();

    const credentials = await this.authenticator.credentials(request.headers).catch((error: unknown) => {
      if (!(error instanceof UnauthenticatedError)) throw error;
      this.limit('anonymous', request.ip, reply);
      throw error;
    });
    if (!credentials) {
      this.limit('anonymous', request.ip, reply);
      throw new UnauthenticatedError();
    }
    request.credentials = credentials;
    this.limit(...bucketOf(credentials), reply);
    // A key this replica has never seen costs a database read, and a made-up key is charged to
    // the client address (as any failed credentials are): an address that has used up its budget
    // that way is refused before the read, so a flood of made-up keys never reaches PostgreSQL.
    if (this.authenticator.costsLookup(credentials)) this.limit('anonymous', request.ip, reply, 'peek');
    const principal = await this.authenticator.principal(credentials).catch((error: unknown) => {
      if (error instanceof UnauthenticatedError) this.limit('anonymous', request.ip, reply);
      throw error;
    });
    request.principal = principal;
    checkAccess(rule, principal, (request.params as { slug?: string } | undefined)?.slug);
    request.context = requestContextFor(principal, request);
    return true;
  }

  /** Takes a request from the bucket (or, with `peek`, only checks it has one): 429 when empty. */
  private limit(kind: LimitKind, key: string, reply: FastifyReply, mode: 'take' | 'peek' = 'take'): void {
    const result = mode === 'take' ? this.limiter.take(kind, key) : this.limiter.peek(kind, key);
    if (!result || (mode === 'peek' && result.allowed)) return;
    setRateLimitHeaders(reply, result);
    if (!result.allowed) {
      throw new AppError('rate_limited', 'RATE_LIMITED', `Too many requests; retry after ${result.retryAfterSeconds} s.`, {
        retryAfterSeconds: result.retryAfterSeconds,
      });
    }
  }
}

/** The bucket of checked credentials: per API key, per operator, per staff user of a tenant. */
function bucketOf(credentials: Credentials): [LimitKind, string] {
  if (credentials.kind === 'api-key') return ['api-key', `key:${credentials.hash.slice(0, 32)}`];
  const { claims } = credentials;
  return ['staff', credentials.ops ? `ops:${claims.sub}` : `staff:${claims.tenant ?? '-'}:${claims.sub}`];
}

/** RateLimit-* as in the IETF httpapi draft: the bucket size, what is left, seconds until it is full. */
export function setRateLimitHeaders(reply: FastifyReply, result: TakeResult): void {
  void reply.header('ratelimit-limit', String(result.limit));
  void reply.header('ratelimit-remaining', String(result.remaining));
  void reply.header('ratelimit-reset', String(result.resetSeconds));
}

function requestContextFor(principal: Principal, request: FastifyRequest): RequestContext {
  const base = { requestId: String(request.id) };
  if (principal.kind === 'ops') {
    return { ...base, tenant: null, tenantTimezone: null, actor: { kind: 'staff', id: actorId(principal), roles: principal.roles } };
  }
  if (principal.kind === 'api-key') {
    return { ...base, tenant: principal.tenant, tenantTimezone: principal.tenantTimezone, actor: { kind: 'api-key', id: principal.id, roles: [] } };
  }
  return { ...base, tenant: principal.tenant, tenantTimezone: principal.tenantTimezone, actor: { kind: 'staff', id: principal.sub, roles: principal.roles } };
}
