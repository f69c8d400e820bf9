import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { RequestContext } from '#common';

/*
 * What an HTTP door declares about who may call it, and the request context the guard
 * (auth/access.guard.ts) leaves for it. A leaf that imports no feature folder: every
 * controller uses it, identity's too, while auth reads identity.
 */

/**
 * Who may call a route. A route without @Access is public (probes, metrics, docs).
 * - `reader`: a tenant's API key or any of its staff (viewer and up);
 * - `staff`: any of the tenant's staff (viewer and up);
 * - `editor`, `admin`: the tenant's staff with that role (roles nest: admin ⊇ editor ⊇ viewer);
 * - `ops`: operators, who have no tenant;
 * - `ops-or-admin`: operators, or the admin of the tenant named in the route's `:slug`;
 * - `authenticated`: any valid principal (an API key, staff, an operator): routes about the
 *   caller itself (GET /v1/me).
 */
export type AccessRule = 'reader' | 'staff' | 'editor' | 'admin' | 'ops' | 'ops-or-admin' | 'authenticated';

export const ACCESS_RULE = 'access-rule';

export const Access = (rule: AccessRule) => SetMetadata(ACCESS_RULE, rule);

/** The authenticated request's context, set by the gateway's auth guard. */
export const Ctx = createParamDecorator((_: unknown, host: ExecutionContext): RequestContext => {
  const request = host.switchToHttp().getRequest<{ context?: RequestContext }>();
  if (!request.context) throw new Error('Ctx used on a route without @Access');
  return request.context;
});
