import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { connectedRepository, isUniqueViolation } from '#common';
import { TenantRow } from './identity.entities.js';
import { TenantProfile } from './tenant.js';

export class DuplicateTenantError extends Error {}

/** Tenants are not tenant data: only operators list them, and authentication reads one by slug. */
@Injectable()
export class TenantRepository {

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

  /** Ordered by slug; `after` is the last slug of the previous page. */
  async list(limit: number, after: string | null): Promise<TenantProfile[]> {
    const query = this.rows.createQueryBuilder('t').orderBy('t.slug', 'ASC').limit(limit);
    if (after !== null) query.where('t.slug > :after', { after });
    return (await query.getMany()).map(toTenant);
  }
}

function toTenant(row: TenantRow): TenantProfile {
  return { slug: row.slug, name: row.name, timezone: row.timezone, createdAt: row.createdAt.toISOString() };
}
