import { Injectable } from '@nestjs/common';
import { CursorCodec, Page, pageRequest, RequestContext, toPage } from '#common';
import { requireOps } from '../domain/operators.js';
import type { TenantProfile } from '../domain/tenant.js';
import { TenantStore } from './tenant-store.port.js';

const SLUG_CURSOR = new CursorCodec<{ slug: string }>({ slug: 'slug' });

/** Operators list every tenant, by slug. */
@Injectable()
export class ListTenants {
  constructor(private readonly tenants: TenantStore) {}

  async execute(ctx: RequestContext, query: Record<string, unknown>): Promise<Page<TenantProfile>> {
    requireOps(ctx);
    const { limit, after } = pageRequest(query, SLUG_CURSOR);
    const rows = await this.tenants.list(limit + 1, after?.slug ?? null);
    return toPage(rows, limit, SLUG_CURSOR, (t) => ({ slug: t.slug }), (t) => t);
  }
}
