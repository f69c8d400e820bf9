import type { RequestContext } from '../context/index.js';
import { ForbiddenError, NotFoundError } from '../errors/index.js';

/**
 * The tenant a data-layer query is confined to. Repositories of tenant data take one as a
 * required argument and put it in every WHERE clause, so a controller that forgets a check
 * cannot reach another tenant's rows. It can only be made from a request context (or, for
 * system work, explicitly), never from a bare string a client sent:
 * - `TenantScope.of(ctx)`: the caller's own tenant (403 for ops and other tenant-less callers);
 * - `TenantScope.named(ctx, slug)`: a tenant named in the route; operators may name any, anyone
 *   else only their own (another tenant's answers 404, as if it did not exist).
 */
export class TenantScope {
  private constructor(readonly tenant: string) {}

  static of(ctx: RequestContext): TenantScope {
    if (!ctx.tenant) throw new ForbiddenError('This route serves a tenant; operators have none.');
    return new TenantScope(ctx.tenant);
  }

  static named(ctx: RequestContext, slug: string): TenantScope {
    if (ctx.actor.roles.includes('ops') && !ctx.tenant) return new TenantScope(slug);
    if (ctx.tenant === slug) return new TenantScope(slug);
    throw new NotFoundError('Tenant', slug);
  }

  /** Background work that acts for a tenant it read from its own records (jobs, consumers). */
  static system(tenant: string): TenantScope {
    return new TenantScope(tenant);
  }
}
