import { Injectable } from '@nestjs/common';
import { Page, pageRequest, RequestContext, tenantOf, TIME_ID_CURSOR, toPage } from '#common';
import { requireAdminOrOps, requireOps } from '../identity/operators.js';
import { tenantFilter } from '../identity/tenant.js';
import { AuditEntry } from './audit-entry.js';
import { AuditRepository } from './audit.repository.js';

export type AuditQuery = Record<string, unknown>;

/** A tenant's admin reads the tenant's audit trail, newest first. */
@Injectable()
export class ListTenantAudit {
  constructor(private readonly audit: AuditRepository) {}

  async execute(ctx: RequestContext, query: AuditQuery): Promise<Page<AuditEntry>> {
    const tenant = tenantOf(ctx);
    requireAdminOrOps(ctx);
    const { limit, after } = pageRequest(query, TIME_ID_CURSOR);
    const rows = await this.audit.listForTenant(tenant, limit + 1, after);
    return toPage(rows, limit, TIME_ID_CURSOR, (e) => ({ at: e.at, id: e.id }), (e) => e);
  }
}

/** Operators read every tenant's audit trail, or one tenant's (`tenant=`), newest first. */
@Injectable()
export class ListAuditAcrossTenants {
  constructor(private readonly audit: AuditRepository) {}

  async execute(ctx: RequestContext, query: AuditQuery): Promise<Page<AuditEntry>> {
    requireOps(ctx);
    const tenant = tenantFilter(query) ?? null;
    const { limit, after } = pageRequest(query, TIME_ID_CURSOR);
    const rows = await this.audit.listAcrossTenants(tenant, limit + 1, after);
    return toPage(rows, limit, TIME_ID_CURSOR, (e) => ({ at: e.at, id: e.id }), (e) => e);
  }
}
