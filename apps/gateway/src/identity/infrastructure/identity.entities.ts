import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A shopping center: the unit of tenancy. */
@Entity({ name: 'tenants' })
export class TenantRow {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text', { unique: true })
  slug: string;

  @Column('text')
  name: string;

  @Column('text')
  timezone: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}

/** An API key of one tenant's mobile app. Only the SHA-256 of the key is stored. */
@Entity({ name: 'api_keys' })
export class ApiKeyRow {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  tenant: string;

  @Column('text')
  name: string;

  @Column('text', { name: 'key_hash', unique: true })
  keyHash: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt: Date | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;
}
