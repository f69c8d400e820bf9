import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The audit trail (schema `identity`), read newest first per tenant and across tenants. */
export class IdentityAuditTrail1764100001000 implements MigrationInterface {
  name = 'IdentityAuditTrail1764100001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity.audit_entries (
        id uuid PRIMARY KEY,
        at timestamptz NOT NULL,
        tenant text,
        actor text NOT NULL,
        action text NOT NULL,
        resource_type text,
        resource_id text,
        request_id text NOT NULL,
        status integer NOT NULL
      )`);
    await q.query('CREATE INDEX audit_by_tenant ON identity.audit_entries (tenant, at DESC, id DESC)');
    await q.query('CREATE INDEX audit_by_time ON identity.audit_entries (at DESC, id DESC)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE identity.audit_entries');
  }
}

/**
 * `count`: how many requests an entry stands for. 1 for every write the API served; refusals
 * (401, 403, 429, and whatever is refused before a principal is known) are counted per actor,
 * action and status over a short window and written as one entry, so a flood of refused
 * requests cannot turn into a flood of database writes.
 */
export class IdentityAuditCount1764100002000 implements MigrationInterface {
  name = 'IdentityAuditCount1764100002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE identity.audit_entries ADD COLUMN count integer NOT NULL DEFAULT 1');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE identity.audit_entries DROP COLUMN count');
  }
}
