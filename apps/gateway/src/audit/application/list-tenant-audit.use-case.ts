import { Injectable } from '@nestjs/common';
import { Page, pageRequest, RequestContext, tenantOf, TIME_ID_CURSOR, toPage } from '#common';
import { requireAdminOrOps } from '../../identity/domain/operators.js';
import type { AuditEntry } from '../domain/audit-entry.js';
import { AuditStore } from './audit-store.port.js';

/** A tenant's admin reads the tenant's audit trail, newest first. */
@Injectable()
export class ListTenantAudit {
  constructor(private readonly audit: AuditStore) {}

  async execute(ctx: RequestContext, query: Record<string, unknown>): Promise<Page<AuditEntry>> {
    const tenant = tenantOf(ctx);
    requireAdminOrOps(ctx);
    const { limit, after } = pageRequest(query, TIME_ID_CURSOR);
    const rows = await this.audit.listForTenant(tenant, limit + 1, after);
    return toPage(rows, limit, TIME_ID_CURSOR, (e) => ({ at: e.at, id: e.id }), (e) => e);
  }
}
