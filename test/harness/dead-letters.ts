import { newId } from '#common';
import { sql } from './campaigns.js';
import type { Product } from './product.js';

/**
 * Writes a dead letter as a consumer gives up on an event (how consumers get there is proven in
 * test/integration/outbox.spec.ts): a `campaign.updated` of `tenant` that failed 5 times.
 */
export async function insertDeadLetter(product: Product, options: { schema: 'identity' | 'jobs'; tenant: string; lastFailedAt: string }): Promise<string> {
  const id = newId();
  const event = { id: newId(), type: 'campaign.updated', tenant: options.tenant, occurredAt: options.lastFailedAt, aggregateId: newId(), aggregateVersion: 2, requestId: 'r', traceparent: null, payload: {} };
  await sql(
    product,
    `INSERT INTO ${options.schema}.dead_letters (id, consumer, source, message_type, message_id, payload, error, attempts, first_failed_at, last_failed_at)
     VALUES ($1, $2, 'marketing', $3, $4, $5, $6, 5, $7, $7)`,
    [id, options.schema, event.type, event.id, JSON.stringify(event), JSON.stringify({ kind: 'internal', code: 'INTERNAL', message: 'boom', details: {} }), options.lastFailedAt],
  );
  return id;
}
