import { Injectable } from '@nestjs/common';
import { Page, pageRequest, RequestContext, TIME_ID_CURSOR, toPage } from '#common';
import { requireOps } from '../../identity/domain/operators.js';
import { tenantFilter } from '../../identity/domain/tenant.js';
import type { AuditEntry } from '../domain/audit-entry.js';
import { AuditStore } from './audit-store.port.js';

/** Operators read every tenant's audit trail, or one tenant's (`tenant=`), newest first. */
@Injectable()
export class ListAuditAcrossTenants {
  constructor(private readonly audit: AuditStore) {}

  async execute(ctx: RequestContext, query: Record<string, unknown>): Promise<Page<AuditEntry>> {
    requireOps(ctx);
    const tenant = tenantFilter(query) ?? null;
    const { limit, after } = pageRequest(query, TIME_ID_CURSOR);
    const rows = await this.audit.listAcrossTenants(tenant, limit + 1, after);
    return toPage(rows, limit, TIME_ID_CURSOR, (e) => ({ at: e.at, id: e.id }), (e) => e);
  }
}
