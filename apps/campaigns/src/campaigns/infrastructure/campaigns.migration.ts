import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Campaigns and their events (schema `marketing`). Each index serves one of the real queries:
 * - `*_by_start (tenant, start_date, id)`: every list's order and keyset (`ORDER BY start_date, id`),
 *   and `upcoming` (`start_date > now`) read in order without a sort;
 * - `*_by_end (tenant, end_date, start_date)`: `live` and `ended`; live now is `end_date > now`
 *   (the few rows not yet ended, however many ended ones pile up) filtered by `start_date <= now`
 *   inside the index;
 * - `events_by_campaign (tenant, campaign_id, start_date, id)`: a campaign's events in order, and
 *   the window check of a reschedule;
 * - `*_name_trgm` (GIN, pg_trgm): `q`, a case-insensitive substring (`ILIKE '%q%'`).
 * `(tenant, id)` is unique on campaigns so that an event's foreign key names its tenant too:
 * an event can only belong to a campaign of its own tenant. ON DELETE CASCADE is a safety net;
 * the delete use case removes the events itself so that each raises its `event.deleted`.
 */
export class MarketingCampaignsAndEvents1764000000000 implements MigrationInterface {
  name = 'MarketingCampaignsAndEvents1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`);
    await q.query(`
      CREATE TABLE marketing.campaigns (
        id uuid PRIMARY KEY,
        tenant text NOT NULL,
        name text NOT NULL CONSTRAINT campaigns_name_length CHECK (char_length(name) BETWEEN 1 AND 200),
        description text,
        start_date timestamptz NOT NULL,
        end_date timestamptz NOT NULL,
        version integer NOT NULL CONSTRAINT campaigns_version_positive CHECK (version >= 1),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT campaigns_end_after_start CHECK (end_date > start_date),
        CONSTRAINT campaigns_tenant_id UNIQUE (tenant, id)
      )`);
    await q.query(`CREATE INDEX campaigns_by_start ON marketing.campaigns (tenant, start_date, id)`);
    await q.query(`CREATE INDEX campaigns_by_end ON marketing.campaigns (tenant, end_date, start_date)`);
    await q.query(`CREATE INDEX campaigns_name_trgm ON marketing.campaigns USING gin (name public.gin_trgm_ops)`);
    await q.query(`
      CREATE TABLE marketing.events (
        id uuid PRIMARY KEY,
        tenant text NOT NULL,
        campaign_id uuid NOT NULL,
        name text NOT NULL CONSTRAINT events_name_length CHECK (char_length(name) BETWEEN 1 AND 200),
        description text,
        start_date timestamptz NOT NULL,
        end_date timestamptz NOT NULL,
        version integer NOT NULL CONSTRAINT events_version_positive CHECK (version >= 1),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT events_end_after_start CHECK (end_date > start_date),
        CONSTRAINT events_campaign FOREIGN KEY (tenant, campaign_id)
          REFERENCES marketing.campaigns (tenant, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX events_by_campaign ON marketing.events (tenant, campaign_id, start_date, id)`);
    await q.query(`CREATE INDEX events_by_start ON marketing.events (tenant, start_date, id)`);
    await q.query(`CREATE INDEX events_by_end ON marketing.events (tenant, end_date, start_date)`);
    await q.query(`CREATE INDEX events_name_trgm ON marketing.events USING gin (name public.gin_trgm_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE marketing.events`);
    await q.query(`DROP TABLE marketing.campaigns`);
  }
}
