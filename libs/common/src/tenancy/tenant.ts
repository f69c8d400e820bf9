import type { RequestContext } from '../context/index.js';
import { ForbiddenError, NotFoundError } from '../errors/index.js';

declare const tenantBrand: unique symbol;

/**
 * The tenant a query of tenant data is confined to. Repositories take one as their first,
 * mandatory argument and put it in every WHERE clause, so a query without a tenant does not
 * type-check and a door that forgets a check cannot reach another tenant's rows. The only ways to
 * get one are from a request context or, for system work, explicitly; never from a bare string a
 * client sent:
 * - `tenantOf(ctx)`: the caller's own tenant (403 for operators and other tenant-less callers);
 * - `namedTenant(ctx, slug)`: a tenant named in the route; operators may name any, anyone else
 *   only their own (another tenant's answers 404, as if it did not exist);
 * - `systemTenant(slug)`: background work acting for a tenant it read from its own records.
 */
export type Tenant = string & { readonly [tenantBrand]: true };

export function tenantOf(ctx: RequestContext): Tenant {
  if (!ctx.tenant) throw new ForbiddenError('This data belongs to a tenant; this principal has none.');
  return ctx.tenant as Tenant;
}

export function namedTenant(ctx: RequestContext, slug: string): Tenant {
  if (ctx.tenant === slug || (!ctx.tenant && ctx.actor.roles.includes('ops'))) return slug as Tenant;
  throw new NotFoundError('Tenant', slug);
}

export function systemTenant(slug: string): Tenant {
  return slug as Tenant;
}
