import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tenants and their API keys (schema `identity`). */
export class IdentityTenantsAndKeys1764100000000 implements MigrationInterface {
  name = 'IdentityTenantsAndKeys1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity.tenants (
        id uuid PRIMARY KEY,
        slug text NOT NULL UNIQUE,
        name text NOT NULL,
        timezone text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE identity.api_keys (
        id uuid PRIMARY KEY,
        tenant text NOT NULL REFERENCES identity.tenants (slug),
        name text NOT NULL,
        key_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    await q.query('CREATE INDEX api_keys_by_tenant ON identity.api_keys (tenant, created_at DESC, id DESC)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE identity.api_keys');
    await q.query('DROP TABLE identity.tenants');
  }
}
