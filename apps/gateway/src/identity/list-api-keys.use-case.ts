import { Injectable } from '@nestjs/common';
import { namedTenant, NotFoundError, Page, pageRequest, RequestContext, TIME_ID_CURSOR, toPage } from '#common';
import { ApiKeyView } from './api-key.js';
import { ApiKeyRepository } from './api-key.repository.js';
import { requireAdminOrOps } from './operators.js';
import { TenantRepository } from './tenant.repository.js';

/** A tenant's keys, newest first, without their secrets. */
@Injectable()
export class ListApiKeys {
  constructor(
    private readonly tenants: TenantRepository,
    private readonly keys: ApiKeyRepository,
  ) {}

  async execute(ctx: RequestContext, slug: string, query: Record<string, unknown>): Promise<Page<ApiKeyView>> {
    const tenant = namedTenant(ctx, slug);
    requireAdminOrOps(ctx);
    const { limit, after } = pageRequest(query, TIME_ID_CURSOR);
    if (!(await this.tenants.findBySlug(tenant))) throw new NotFoundError('Tenant', slug);
    const rows = await this.keys.list(tenant, limit + 1, after);
    return toPage(rows, limit, TIME_ID_CURSOR, (k) => ({ at: k.createdAt, id: k.id }), (k) => k);
  }
}
