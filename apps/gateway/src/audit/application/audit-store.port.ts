import type { Tenant, TimeIdKey } from '#common';
import type { AuditEntry, AuditRecord } from '../domain/audit-entry.js';

/**
 * The audit trail, newest first. A tenant's reads take a Tenant (only that tenant's entries can
 * come back); the cross-tenant read is a separate method that only operators' use case calls.
 */
export abstract class AuditStore {
  abstract insert(records: AuditRecord[]): Promise<void>;
  abstract listForTenant(tenant: Tenant, limit: number, after: TimeIdKey | null): Promise<AuditEntry[]>;
  /** Operators only: every tenant's entries, or one tenant's when `tenant` is given. */
  abstract listAcrossTenants(tenant: string | null, limit: number, after: TimeIdKey | null): Promise<AuditEntry[]>;
  /** Retention: removes entries older than `days` days; returns how many. */
  abstract deleteOlderThan(days: number): Promise<number>;
}
