import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { connectedRepository, isUniqueViolation } from '#common';
import { DuplicateTenantError, TenantStore } from '../application/tenant-store.port.js';
import type { TenantProfile } from '../domain/tenant.js';
import { TenantRow } from './identity.entities.js';

/** The TenantStore on TypeORM (schema `identity`). */
@Injectable()
export class TenantRepository implements TenantStore {

  constructor(@InjectDataSource('identity') private readonly dataSource: DataSource) {}

  private get rows(): Repository<TenantRow> {
    return connectedRepository(this.dataSource, TenantRow);
  }

  async insert(row: TenantRow): Promise<TenantProfile> {
    try {
      await this.rows.insert(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateTenantError();
      throw error;
    }
    return toTenant(row);
  }

  async findBySlug(slug: string): Promise<TenantProfile | null> {
    const row = await this.rows.findOneBy({ slug });
    return row ? toTenant(row) : null;
  }

  async list(limit: number, after: string | null): Promise<TenantProfile[]> {
    const query = this.rows.createQueryBuilder('t').orderBy('t.slug', 'ASC').limit(limit);
    if (after !== null) query.where('t.slug > :after', { after });
    return (await query.getMany()).map(toTenant);
  }
}

function toTenant(row: TenantRow): TenantProfile {
  return { slug: row.slug, name: row.name, timezone: row.timezone, createdAt: row.createdAt.toISOString() };
}
