import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { connectedRepository, Tenant, TimeIdKey } from '#common';
import { ApiKeyStore, type StoredApiKey } from '../application/api-key-store.port.js';
import type { ApiKeyView } from '../domain/api-key.js';
import { ApiKeyRow } from './identity.entities.js';

/** The ApiKeyStore on TypeORM (schema `identity`). */
@Injectable()
export class ApiKeyRepository implements ApiKeyStore {

  constructor(@InjectDataSource('identity') private readonly dataSource: DataSource) {}

  private get rows(): Repository<ApiKeyRow> {
    return connectedRepository(this.dataSource, ApiKeyRow);
  }

  async insert(tenant: Tenant, key: { id: string; name: string; keyHash: string; createdAt: Date }): Promise<void> {
    await this.rows.insert({ ...key, tenant, lastUsedAt: null, revokedAt: null });
  }

  async list(tenant: Tenant, limit: number, after: TimeIdKey | null): Promise<ApiKeyView[]> {
    const query = this.rows
      .createQueryBuilder('k')
      .where('k.tenant = :tenant', { tenant })
      .orderBy('k.created_at', 'DESC')
      .addOrderBy('k.id', 'DESC')
      .limit(limit);
    if (after) query.andWhere('(k.created_at, k.id) < (:at, :id)', { at: after.at, id: after.id });
    return (await query.getMany()).map(toView);
  }

  async revoke(tenant: Tenant, id: string): Promise<StoredApiKey | null> {
    const row = await this.rows.findOneBy({ id, tenant });
    if (!row) return null;
    if (!row.revokedAt) {
      await this.rows
        .createQueryBuilder()
        .update()
        .set({ revokedAt: () => 'now()' })
        .where('id = :id AND tenant = :tenant AND revoked_at IS NULL', { id, tenant })
        .execute();
    }
    return { id: row.id, tenant: row.tenant, revoked: true };
  }

  async findByHash(keyHash: string): Promise<StoredApiKey | null> {
    const row = await this.rows.findOne({ where: { keyHash }, select: { id: true, tenant: true, revokedAt: true } });
    return row ? { id: row.id, tenant: row.tenant, revoked: row.revokedAt !== null } : null;
  }

  /** At most once a minute per key across every replica: the WHERE clause says so. */
  async touch(id: string): Promise<void> {
    await this.rows
      .createQueryBuilder()
      .update()
      .set({ lastUsedAt: () => 'now()' })
      .where("id = :id AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')", { id })
      .execute();
  }
}

function toView(row: ApiKeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
