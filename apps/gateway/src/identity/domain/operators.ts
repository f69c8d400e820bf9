import { ForbiddenError, RequestContext } from '#common';

/** Operators' work (tenants, audit across tenants): the use case checks it too, not only the guard. */
export function requireOps(ctx: RequestContext): void {
  if (ctx.tenant !== null || !ctx.actor.roles.includes('ops')) throw new ForbiddenError('Only operators may do this.');
}

/** A tenant's administration (its API keys, its audit): its admins, or operators. */
export function requireAdminOrOps(ctx: RequestContext): void {
  if (!ctx.actor.roles.includes('admin') && !ctx.actor.roles.includes('ops')) throw new ForbiddenError('This needs the admin role.');
}
