import type { DataSource } from 'typeorm';
import { newId } from '#common';
import type { EventEnvelope, WireError } from '../envelope.js';

export interface DeadLetter {
  id: string;
  consumer: string;
  source: string;
  messageType: string;
  messageId: string;
  payload: EventEnvelope;
  error: WireError;
  attempts: number;
  firstFailedAt: string;
  lastFailedAt: string;
}

interface DeadLetterRow {
  id: string;
  consumer: string;
  source: string;
  message_type: string;
  message_id: string;
  payload: EventEnvelope;
  error: WireError;
  attempts: number;
  first_failed_at: Date;
  last_failed_at: Date;
}

/**
 * A consumer's memory in its service's schema: the inbox of handled events (so a redelivery,
 * even after a restart, is not applied twice) and the dead letters it gave up on.
 */
export class ConsumerStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
  ) {}

  /** Which of these events the consumer has handled already: one query for a whole batch. */
  async handledAmong(consumer: string, eventIds: string[]): Promise<Set<string>> {
    if (eventIds.length === 0) return new Set();
    const rows: Array<{ event_id: string }> = await this.dataSource.query(`SELECT event_id FROM "${this.schema}".inbox WHERE consumer = $1 AND event_id = ANY($2::uuid[])`, [consumer, eventIds]);
    return new Set(rows.map((row) => row.event_id));
  }

  async markHandled(consumer: string, eventIds: string[]): Promise<void> {
    if (eventIds.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO "${this.schema}".inbox (consumer, event_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
      [consumer, eventIds],
    );
  }

  async deadLetter(consumer: string, source: string, event: EventEnvelope, error: WireError, attempts: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO "${this.schema}".dead_letters
         (id, consumer, source, message_type, message_id, payload, error, attempts, first_failed_at, last_failed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), now())
       ON CONFLICT (consumer, message_id) DO UPDATE
         SET error = EXCLUDED.error, attempts = "${this.schema}".dead_letters.attempts + EXCLUDED.attempts, last_failed_at = now()`,
      [newId(), consumer, source, event.type, event.id, JSON.stringify(event), JSON.stringify(error), attempts],
    );
  }

  /** Newest first; `before` is the (lastFailedAt, id) of the previous page's last entry. */
  async listDeadLetters(limit: number, before?: { at: string; id: string }): Promise<DeadLetter[]> {
    const rows: DeadLetterRow[] = before
      ? await this.dataSource.query(
          `SELECT * FROM "${this.schema}".dead_letters WHERE (last_failed_at, id) < ($1::timestamptz, $2::uuid) ORDER BY last_failed_at DESC, id DESC LIMIT $3`,
          [before.at, before.id, limit],
        )
      : await this.dataSource.query(`SELECT * FROM "${this.schema}".dead_letters ORDER BY last_failed_at DESC, id DESC LIMIT $1`, [limit]);
    return rows.map(toDeadLetter);
  }

  async findDeadLetter(id: string): Promise<DeadLetter | null> {
    const rows: DeadLetterRow[] = await this.dataSource.query(`SELECT * FROM "${this.schema}".dead_letters WHERE id = $1`, [id]);
    return rows[0] ? toDeadLetter(rows[0]) : null;
  }

  async discardDeadLetter(id: string): Promise<boolean> {
    const [, deleted] = await this.dataSource.query(`DELETE FROM "${this.schema}".dead_letters WHERE id = $1`, [id]);
    return deleted > 0;
  }

  async countDeadLetters(): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT count(*)::int AS n FROM "${this.schema}".dead_letters`);
    return row.n;
  }

  async forgetHandledBefore(days: number): Promise<void> {
    await this.dataSource.query(`DELETE FROM "${this.schema}".inbox WHERE processed_at < now() - make_interval(days => $1)`, [days]);
  }
}

function toDeadLetter(row: DeadLetterRow): DeadLetter {
  return {
    id: row.id,
    consumer: row.consumer,
    source: row.source,
    messageType: row.message_type,
    messageId: row.message_id,
    payload: row.payload,
    error: row.error,
    attempts: row.attempts,
    firstFailedAt: row.first_failed_at.toISOString(),
    lastFailedAt: row.last_failed_at.toISOString(),
  };
}
