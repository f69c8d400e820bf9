import { Injectable } from '@nestjs/common';
import { type RequestContext, UnauthenticatedError } from '#common';
import { IdentityDirectory } from './identity-directory.js';

/** Who a request comes from, as GET /v1/me answers it. */
export interface CallerView {
  /** `staff` for a token (a tenant's staff or an operator), `apiKey` for an app's key. */
  kind: 'staff' | 'apiKey';
  /** The token's `sub`; null for an API key. */
  subject: string | null;
  /** Expanded (an admin is also editor and viewer); empty for an API key. */
  roles: string[];
  tenant: { slug: string; name: string; timezone: string } | null;
}

/**
 * The caller as the guard resolved it, with its tenant's name and time zone: what the staff
 * console needs at sign-in (the zone its calendar shows, the roles that decide what it offers).
 * The tenant comes from the identity directory's cache, which the guard has just read.
 */
@Injectable()
export class DescribeCaller {
  constructor(private readonly directory: IdentityDirectory) {}

  async execute(ctx: RequestContext): Promise<CallerView> {
    const profile = ctx.tenant ? await this.directory.tenant(ctx.tenant) : null;
    // Tenants are never deleted; should one be missing, the credentials name nothing.
    if (ctx.tenant && !profile) throw new UnauthenticatedError(`The credentials name tenant ${ctx.tenant}, which does not exist.`);
    const tenant = profile ? { slug: profile.slug, name: profile.name, timezone: profile.timezone } : null;
    if (ctx.actor.kind === 'api-key') return { kind: 'apiKey', subject: null, roles: [], tenant };
    return { kind: 'staff', subject: ctx.actor.id, roles: [...ctx.actor.roles], tenant };
  }
}
