import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { connectedRepository, Tenant, TimeIdKey } from '#common';
import { AuditEntry } from './audit-entry.js';
import { AuditEntryRow } from './audit.entity.js';

/**
 * The audit trail. A tenant's reads take a Tenant (only that tenant's rows can come back);
 * the cross-tenant read is a separate method that only operators' use case calls.
 */
@Injectable()
export class AuditRepository {

  constructor(@InjectDataSource('identity') private readonly dataSource: DataSource) {}

  private get rows(): Repository<AuditEntryRow> {
    return connectedRepository(this.dataSource, AuditEntryRow);
  }

  async insert(rows: AuditEntryRow[]): Promise<void> {
    if (rows.length > 0) await this.rows.insert(rows);
  }

  listForTenant(tenant: Tenant, limit: number, after: TimeIdKey | null): Promise<AuditEntry[]> {
    return this.list(limit, after, tenant);
  }

  /** Operators only: every tenant's entries, or one tenant's when `tenant` is given. */
  listAcrossTenants(tenant: string | null, limit: number, after: TimeIdKey | null): Promise<AuditEntry[]> {
    return this.list(limit, after, tenant);
  }

  /** Retention: removes entries older than `days` days; returns how many. */
  async deleteOlderThan(days: number): Promise<number> {
    const result = await this.rows.createQueryBuilder().delete().where("at < now() - make_interval(days => :days)", { days }).execute();
    return result.affected ?? 0;
  }

  private async list(limit: number, after: TimeIdKey | null, tenant: string | null): Promise<AuditEntry[]> {
    const query = this.rows.createQueryBuilder('a').orderBy('a.at', 'DESC').addOrderBy('a.id', 'DESC').limit(limit);
    if (tenant !== null) query.andWhere('a.tenant = :tenant', { tenant });
    if (after) query.andWhere('(a.at, a.id) < (:at, :id)', { at: after.at, id: after.id });
    return (await query.getMany()).map(toEntry);
  }
}

function toEntry(row: AuditEntryRow): AuditEntry {
  return {
    id: row.id,
    at: row.at.toISOString(),
    tenant: row.tenant,
    actor: row.actor,
    action: row.action,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    requestId: row.requestId,
    status: row.status,
    count: row.count,
  };
}
