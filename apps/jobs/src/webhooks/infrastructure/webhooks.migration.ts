import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook subscriptions and their delivery log (schema `jobs`).
 * - `webhooks_newest (tenant, created_at DESC, id DESC)`: the tenant's list (keyset).
 * - `webhook_deliveries_once (webhook_id, event_id)` unique: an event redelivered to the
 *   consumer makes no second delivery.
 * - `webhook_deliveries_newest (webhook_id, created_at DESC, id DESC)`: a subscription's log.
 * - `webhook_deliveries_created_at`: retention (WEBHOOKS_DELIVERY_RETENTION_DAYS).
 * - `webhook_deliveries_unfinished`: the reconciler's scan of pending and failed deliveries.
 * Secrets are stored as they are: signing needs them (HMAC), unlike API keys, which are hashed.
 */
export class JobsWebhooks1764300000000 implements MigrationInterface {
  name = 'JobsWebhooks1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE jobs.webhooks (
        id uuid PRIMARY KEY,
        tenant text NOT NULL,
        url text NOT NULL,
        event_types text[] NOT NULL,
        format text NOT NULL CONSTRAINT webhooks_format CHECK (format IN ('standard', 'slack')),
        enabled boolean NOT NULL,
        description text,
        secret text NOT NULL,
        previous_secret text,
        previous_secret_expires_at timestamptz,
        disabled_reason text,
        disabled_at timestamptz,
        failing_since timestamptz,
        version integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX webhooks_newest ON jobs.webhooks (tenant, created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE jobs.webhook_deliveries (
        id uuid PRIMARY KEY,
        tenant text NOT NULL,
        webhook_id uuid NOT NULL REFERENCES jobs.webhooks (id) ON DELETE CASCADE,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        event jsonb NOT NULL,
        status text NOT NULL CONSTRAINT webhook_deliveries_status CHECK (status IN ('pending', 'delivered', 'failed', 'dead')),
        attempts integer NOT NULL DEFAULT 0,
        replays integer NOT NULL DEFAULT 0,
        last_attempt_at timestamptz,
        latency_ms integer,
        response_status integer,
        response_snippet text,
        error_code text,
        error_message text,
        created_at timestamptz NOT NULL,
        delivered_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX webhook_deliveries_once ON jobs.webhook_deliveries (webhook_id, event_id)`);
    await q.query(`CREATE INDEX webhook_deliveries_newest ON jobs.webhook_deliveries (webhook_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX webhook_deliveries_event ON jobs.webhook_deliveries (event_id)`);
    await q.query(`CREATE INDEX webhook_deliveries_created_at ON jobs.webhook_deliveries (created_at)`);
    await q.query(`CREATE INDEX webhook_deliveries_unfinished ON jobs.webhook_deliveries ((COALESCE(last_attempt_at, created_at))) WHERE status IN ('pending', 'failed')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE jobs.webhook_deliveries`);
    await q.query(`DROP TABLE jobs.webhooks`);
  }
}
