import type { MigrationInterface, QueryRunner } from 'typeorm';
import { consumerMigration } from './consumer.migration.js';

/**
 * The outbox table of one service's schema: a domain write and its events commit in one
 * transaction; the relay publishes rows in `seq` order and marks them published.
 */
export function outboxMigration(schema: string): new () => MigrationInterface {
  return class MessagingOutbox1763900000000 implements MigrationInterface {
    name = 'MessagingOutbox1763900000000';

    async up(q: QueryRunner): Promise<void> {
      await q.query(`
        CREATE TABLE "${schema}".outbox (
          seq bigserial PRIMARY KEY,
          id uuid NOT NULL UNIQUE,
          type text NOT NULL,
          tenant text,
          aggregate_id uuid NOT NULL,
          aggregate_version integer NOT NULL,
          request_id text,
          traceparent text,
          payload jsonb NOT NULL,
          occurred_at timestamptz NOT NULL DEFAULT now(),
          published_at timestamptz
        )`);
      await q.query(`CREATE INDEX outbox_unpublished ON "${schema}".outbox (seq) WHERE published_at IS NULL`);
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE "${schema}".outbox`);
    }
  };
}

/** Every messaging table of one service's schema: its outbox, inbox and dead letters. */
export function messagingMigrations(schema: string): Array<new () => MigrationInterface> {
  return [outboxMigration(schema), consumerMigration(schema)];
}
