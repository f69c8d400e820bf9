import { Injectable } from '@nestjs/common';
import { namedTenant, NotFoundError, Page, pageRequest, RequestContext, TIME_ID_CURSOR, toPage } from '#common';
import type { ApiKeyView } from '../domain/api-key.js';
import { requireAdminOrOps } from '../domain/operators.js';
import { ApiKeyStore } from './api-key-store.port.js';
import { TenantStore } from './tenant-store.port.js';

/** A tenant's keys, newest first, without their secrets. */
@Injectable()
export class ListApiKeys {
  constructor(
    private readonly tenants: TenantStore,
    private readonly keys: ApiKeyStore,
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
