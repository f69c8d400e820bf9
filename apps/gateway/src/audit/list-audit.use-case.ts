import { Injectable } from '@nestjs/common';
import { isTimeIdKey, Page, pageRequest, RequestContext, TenantScope, toPage, ValidationError } from '#common';
import { requireAdminOrOps, requireOps } from '../identity/operators.js';
import { isSlug } from '../identity/tenant.js';
import { AuditEntry } from './audit-entry.js';
import { AuditRepository } from './audit.repository.js';

export interface AuditQuery {
  limit?: unknown;
  cursor?: unknown;
}

/** A tenant's admin reads the tenant's audit trail, newest first. */
@Injectable()
export class ListTenantAudit {
  constructor(private readonly audit: AuditRepository) {}

  async execute(ctx: RequestContext, query: AuditQuery): Promise<Page<AuditEntry>> {
    const scope = TenantScope.of(ctx);
    requireAdminOrOps(ctx);
    const { limit, after } = pageRequest(query, isTimeIdKey);
    const rows = await this.audit.listForTenant(scope, limit + 1, after);
    return toPage(rows, limit, (e) => ({ at: e.at, id: e.id }), (e) => e);
  }
}

/** Operators read every tenant's audit trail, or one tenant's (`tenant=`), newest first. */
@Injectable()
export class ListAuditAcrossTenants {
  constructor(private readonly audit: AuditRepository) {}

  async execute(ctx: RequestContext, query: AuditQuery & { tenant?: unknown }): Promise<Page<AuditEntry>> {
    requireOps(ctx);
    const tenant = query.tenant === undefined || query.tenant === '' ? null : query.tenant;
    if (tenant !== null && !isSlug(tenant)) throw ValidationError.field('tenant', 'must be a tenant slug');
    const { limit, after } = pageRequest(query, isTimeIdKey);
    const rows = await this.audit.listAcrossTenants(tenant, limit + 1, after);
    return toPage(rows, limit, (e) => ({ at: e.at, id: e.id }), (e) => e);
  }
}
