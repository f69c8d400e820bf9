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

/** The channel PostgreSQL notifies when a transaction inserted rows into a schema's outbox. */
export function outboxChannel(schema: string): string {
  return `outbox_${schema}`;
}

/**
 * Wakes every relay of the deployment at each commit that inserted outbox rows (NOTIFY is
 * delivered at commit, once per transaction and payload): the relays of other replicas learn of
 * a commit without polling the table. One statement trigger, so no round trip is added.
 */
export function outboxNotifyMigration(schema: string): new () => MigrationInterface {
  return class MessagingOutboxNotify1796000000000 implements MigrationInterface {
    name = 'MessagingOutboxNotify1796000000000';

    async up(q: QueryRunner): Promise<void> {
      await q.query(`
        CREATE FUNCTION "${schema}".outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM pg_notify('${outboxChannel(schema)}', '');
          RETURN NULL;
        END $$`);
      await q.query(`CREATE TRIGGER outbox_notify AFTER INSERT ON "${schema}".outbox FOR EACH STATEMENT EXECUTE FUNCTION "${schema}".outbox_notify()`);
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TRIGGER outbox_notify ON "${schema}".outbox`);
      await q.query(`DROP FUNCTION "${schema}".outbox_notify()`);
    }
  };
}

/** Every messaging table of one service's schema: its outbox (and its commit notification), inbox and dead letters. */
export function messagingMigrations(schema: string): Array<new () => MigrationInterface> {
  return [outboxMigration(schema), consumerMigration(schema), outboxNotifyMigration(schema)];
}
