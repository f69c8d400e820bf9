import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The consuming side's tables in one service's schema: the inbox (events already handled, per
 * consumer, so a redelivery is skipped even after a restart) and the dead letters (events a
 * consumer kept failing on; kept until an operator retries or discards them).
 */
export function consumerMigration(schema: string): new () => MigrationInterface {
  return class MessagingConsumer1763900000001 implements MigrationInterface {
    name = 'MessagingConsumer1763900000001';

    async up(q: QueryRunner): Promise<void> {
      await q.query(`
        CREATE TABLE "${schema}".inbox (
          consumer text NOT NULL,
          event_id uuid NOT NULL,
          processed_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (consumer, event_id)
        )`);
      await q.query(`CREATE INDEX inbox_processed_at ON "${schema}".inbox (processed_at)`);
      await q.query(`
        CREATE TABLE "${schema}".dead_letters (
          id uuid PRIMARY KEY,
          consumer text NOT NULL,
          source text NOT NULL,
          message_type text NOT NULL,
          message_id uuid NOT NULL,
          payload jsonb NOT NULL,
          error jsonb NOT NULL,
          attempts integer NOT NULL,
          first_failed_at timestamptz NOT NULL,
          last_failed_at timestamptz NOT NULL,
          UNIQUE (consumer, message_id)
        )`);
      await q.query(`CREATE INDEX dead_letters_newest ON "${schema}".dead_letters (last_failed_at DESC, id DESC)`);
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE "${schema}".dead_letters`);
      await q.query(`DROP TABLE "${schema}".inbox`);
    }
  };
}
