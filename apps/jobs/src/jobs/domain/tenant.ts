import { ForbiddenError, RequestContext } from '#common';

declare const tenantBrand: unique symbol;

/**
 * The tenant every query of jobs data is scoped to. Repositories take it as their first,
 * mandatory argument; the only ways to get one are `tenantOf(ctx)` (a caller's own tenant; ops
 * have none and are refused) and `systemTenant(slug)` (background work acting for the tenant
 * it read from its own records: workers, schedules).
 */
export type Tenant = string & { readonly [tenantBrand]: true };

export function tenantOf(ctx: RequestContext): Tenant {
  if (!ctx.tenant) throw new ForbiddenError('Jobs belong to a tenant; this principal has none.');
  return ctx.tenant as Tenant;
}

export function systemTenant(slug: string): Tenant {
  return slug as Tenant;
}
