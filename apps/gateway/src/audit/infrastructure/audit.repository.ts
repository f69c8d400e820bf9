import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { connectedRepository, Tenant, TimeIdKey } from '#common';
import { AuditStore } from '../application/audit-store.port.js';
import type { AuditEntry, AuditRecord } from '../domain/audit-entry.js';
import { AuditEntryRow } from './audit.entity.js';

/** The AuditStore on TypeORM (schema `identity`). */
@Injectable()
export class AuditRepository implements AuditStore {

  constructor(@InjectDataSource('identity') private readonly dataSource: DataSource) {}

  private get rows(): Repository<AuditEntryRow> {
    return connectedRepository(this.dataSource, AuditEntryRow);
  }

  async insert(rows: AuditRecord[]): Promise<void> {
    if (rows.length > 0) await this.rows.insert(rows);
  }

  listForTenant(tenant: Tenant, limit: number, after: TimeIdKey | null): Promise<AuditEntry[]> {
    return this.list(limit, after, tenant);
  }

  listAcrossTenants(tenant: string | null, limit: number, after: TimeIdKey | null): Promise<AuditEntry[]> {
    return this.list(limit, after, tenant);
  }

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
  return { ...row, at: row.at.toISOString() };
}
