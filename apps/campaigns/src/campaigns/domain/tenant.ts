import { ForbiddenError, RequestContext } from '#common';

declare const tenantBrand: unique symbol;

/**
 * The tenant every query of this context is scoped to. Repositories take it as their first,
 * mandatory argument, and the only way to get one is `tenantOf(ctx)`, so a query without a
 * tenant does not type-check, and a context without a tenant (ops) is refused before any query.
 */
export type Tenant = string & { readonly [tenantBrand]: true };

export function tenantOf(ctx: RequestContext): Tenant {
  if (!ctx.tenant) throw new ForbiddenError('Campaigns and events belong to a tenant; this principal has none.');
  return ctx.tenant as Tenant;
}
