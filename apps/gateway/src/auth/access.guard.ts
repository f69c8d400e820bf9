import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, RequestContext, UnauthenticatedError } from '#common';
import { LimitKind, RateLimiter } from '../rate-limit/rate-limiter.js';
import type { TakeResult } from '../rate-limit/token-bucket.js';
import { ACCESS_RULE, AccessRule } from './access.decorators.js';
import { checkAccess } from './access-policy.js';
import { Authenticator } from './authenticator.js';
import { actorId, Principal, rateLimitKey } from './principal.js';

/** What the guard leaves on the request for later stages (the audit trail reads it). */
export interface AuthenticatedRequest extends FastifyRequest {
  context?: RequestContext;
  principal?: Principal;
}

/**
 * The gateway's one guard (APP_GUARD): for a route with @Access it resolves the principal,
 * applies its rate limit (or the client address's, without valid credentials), checks the
 * rule and puts the RequestContext on the request for @Ctx(). Routes without @Access (probes,
 * metrics, docs) are public. It throws the error model only (401/403/404/429), never HTTP
 * exceptions.
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

    let principal: Principal | null = null;
    let refused: UnauthenticatedError | undefined;
    try {
      principal = await this.authenticator.resolve(request.headers);
    } catch (error) {
      if (!(error instanceof UnauthenticatedError)) throw error;
      refused = error;
    }
    this.limit(principal, request, reply);
    if (!principal) throw refused ?? new UnauthenticatedError();
    request.principal = principal;
    checkAccess(rule, principal, (request.params as { slug?: string } | undefined)?.slug);
    request.context = contextOf(principal, request);
    return true;
  }

  private limit(principal: Principal | null, request: FastifyRequest, reply: FastifyReply): void {
    const kind: LimitKind = !principal ? 'anonymous' : principal.kind === 'api-key' ? 'api-key' : 'staff';
    const result = this.limiter.take(kind, principal ? rateLimitKey(principal) : request.ip);
    if (!result) return;
    setRateLimitHeaders(reply, result);
    if (!result.allowed) {
      throw new AppError('rate_limited', 'RATE_LIMITED', `Too many requests; retry after ${result.retryAfterSeconds} s.`, {
        retryAfterSeconds: result.retryAfterSeconds,
      });
    }
  }
}

/** RateLimit-* as in the IETF httpapi draft: the bucket size, what is left, seconds until it is full. */
export function setRateLimitHeaders(reply: FastifyReply, result: TakeResult): void {
  void reply.header('ratelimit-limit', String(result.limit));
  void reply.header('ratelimit-remaining', String(result.remaining));
  void reply.header('ratelimit-reset', String(result.resetSeconds));
}

function contextOf(principal: Principal, request: FastifyRequest): RequestContext {
  const base = { requestId: String(request.id) };
  if (principal.kind === 'ops') {
    return { ...base, tenant: null, tenantTimezone: null, actor: { kind: 'staff', id: actorId(principal), roles: principal.roles } };
  }
  if (principal.kind === 'api-key') {
    return { ...base, tenant: principal.tenant, tenantTimezone: principal.tenantTimezone, actor: { kind: 'api-key', id: principal.id, roles: [] } };
  }
  return { ...base, tenant: principal.tenant, tenantTimezone: principal.tenantTimezone, actor: { kind: 'staff', id: principal.sub, roles: principal.roles } };
}
