import { Injectable } from '@nestjs/common';
import { Page, pageRequest, RequestContext, toPage } from '#common';
import { requireOps } from './operators.js';
import { isSlug, Tenant } from './tenant.js';
import { TenantRepository } from './tenant.repository.js';

/** Operators list every tenant, by slug. */
@Injectable()
export class ListTenants {
  constructor(private readonly tenants: TenantRepository) {}

  async execute(ctx: RequestContext, query: { limit?: unknown; cursor?: unknown }): Promise<Page<Tenant>> {
    requireOps(ctx);
    const { limit, after } = pageRequest(query, isSlug);
    const rows = await this.tenants.list(limit + 1, after);
    return toPage(rows, limit, (t) => t.slug, (t) => t);
  }
}
