import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { deleteOlderThan, storableText, TIME_ID_CURSOR, toPage, type Page, type Tenant } from '#common';
import type { DeliveryStatus } from '#messaging';
import { WebhookStore, type AttemptRecord } from '../application/webhook-store.port.js';
import type { Delivery, Webhook } from '../domain/webhook.js';

/** The columns of `jobs.webhooks` a Webhook is made of, under the domain's names. */
const WEBHOOK = `id, tenant, url, event_types AS "eventTypes", format, enabled, description, secret,
  previous_secret AS "previousSecret", previous_secret_expires_at AS "previousSecretExpiresAt",
  disabled_reason AS "disabledReason", disabled_at AS "disabledAt", failing_since AS "failingSince",
  version, created_at AS "createdAt", updated_at AS "updatedAt"`;

const DELIVERY = `id, tenant, webhook_id AS "webhookId", event_id AS "eventId", event_type AS "eventType", event, status,
  attempts, replays, last_attempt_at AS "lastAttemptAt", latency_ms AS "latencyMs", response_status AS "responseStatus",
  response_snippet AS "responseSnippet", error_code AS "errorCode", error_message AS "errorMessage",
  created_at AS "createdAt", delivered_at AS "deliveredAt"`;

const first = <T>(rows: T[]): T | null => rows[0] ?? null;

/** Newest first, keyset on (created_at, id), one row more than the page to tell whether another follows. */
function newestFirst(cursor: string | undefined, params: unknown[]): string {
  const after = TIME_ID_CURSOR.decode(cursor);
  if (!after) return '';
  params.push(after.at, after.id);
  return ` AND (created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
}

const keyOf = (row: { createdAt: Date; id: string }) => ({ at: row.createdAt.toISOString(), id: row.id });

// TypeORM answers an UPDATE ... RETURNING on PostgreSQL as [rows, affectedCount].

/** Webhooks and their delivery log in `jobs.webhooks` and `jobs.webhook_deliveries`, in raw SQL. */
@Injectable()
export class WebhookRepository implements WebhookStore {
  constructor(@InjectDataSource('jobs') private readonly dataSource: DataSource) {}

  /** The count is taken under a lock per tenant (held until commit), so two concurrent creates cannot both pass. */
  async insertWithin(w: Webhook, max: number): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('jobs.webhooks'), hashtext($1))`, [w.tenant]);
      const [{ count }] = await manager.query(`SELECT count(*)::int AS count FROM jobs.webhooks WHERE tenant = $1`, [w.tenant]);
      if (count >= max) return false;
      await manager.query(
        `INSERT INTO jobs.webhooks (id, tenant, url, event_types, format, enabled, description, secret, version, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [w.id, w.tenant, w.url, w.eventTypes, w.format, w.enabled, w.description, w.secret, w.version, w.createdAt, w.updatedAt],
      );
      return true;
    });
  }

  async find(tenant: Tenant, id: string): Promise<Webhook | null> {
    return first(await this.dataSource.query(`SELECT ${WEBHOOK} FROM jobs.webhooks WHERE tenant = $1 AND id = $2`, [tenant, id]));
  }

  async findById(id: string): Promise<Webhook | null> {
    return first(await this.dataSource.query(`SELECT ${WEBHOOK} FROM jobs.webhooks WHERE id = $1`, [id]));
  }

  async list(tenant: Tenant, request: { limit: number; cursor?: string }): Promise<Page<Webhook>> {
    const params: unknown[] = [tenant, request.limit + 1];
    const where = `tenant = $1${newestFirst(request.cursor, params)}`;
    const rows: Webhook[] = await this.dataSource.query(`SELECT ${WEBHOOK} FROM jobs.webhooks WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $2`, params);
    return toPage(rows, request.limit, TIME_ID_CURSOR, keyOf, (w) => w);
  }

  async update(w: Webhook): Promise<Webhook | null> {
    const [rows] = await this.dataSource.query(
      `UPDATE jobs.webhooks SET url = $3, event_types = $4, format = $5, enabled = $6, description = $7, secret = $8,
              previous_secret = $9, previous_secret_expires_at = $10, disabled_reason = $11, disabled_at = $12, failing_since = $13,
              version = version + 1, updated_at = now()
        WHERE tenant = $1 AND id = $2 AND version = $14
        RETURNING ${WEBHOOK}`,
      [w.tenant, w.id, w.url, w.eventTypes, w.format, w.enabled, w.description, w.secret, w.previousSecret, w.previousSecretExpiresAt, w.disabledReason, w.disabledAt, w.failingSince, w.version],
    );
    return (rows as Webhook[])[0] ?? null;
  }

  async delete(tenant: Tenant, id: string, version?: number): Promise<boolean> {
    const [, deleted] = await this.dataSource.query(`DELETE FROM jobs.webhooks WHERE tenant = $1 AND id = $2 AND ($3::int IS NULL OR version = $3::int)`, [tenant, id, version ?? null]);
    return Number(deleted) === 1;
  }

  subscribedTo(tenant: string, type: string): Promise<Webhook[]> {
    return this.dataSource.query(`SELECT ${WEBHOOK} FROM jobs.webhooks WHERE tenant = $1 AND enabled AND $2 = ANY (event_types)`, [tenant, type]);
  }

  async insertDeliveries(deliveries: Delivery[]): Promise<void> {
    for (const d of deliveries) {
      await this.dataSource.query(
        `INSERT INTO jobs.webhook_deliveries (id, tenant, webhook_id, event_id, event_type, event, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (webhook_id, event_id) DO NOTHING`,
        [d.id, d.tenant, d.webhookId, d.eventId, d.eventType, JSON.stringify(d.event), d.status, d.createdAt],
      );
    }
  }

  unattemptedDeliveriesOf(eventId: string): Promise<Delivery[]> {
    return this.dataSource.query(`SELECT ${DELIVERY} FROM jobs.webhook_deliveries WHERE event_id = $1 AND status = 'pending' AND attempts = 0 AND replays = 0`, [eventId]);
  }

  /**
   * Pending deliveries not attempted for `idleMs`, and failed ones whose next attempt is overdue
   * by `idleMs` (the longest backoff is `maxBackoffMs`): their queue job may be lost.
   */
  unfinishedIdleDeliveries(idleMs: number, maxBackoffMs: number, limit: number): Promise<Delivery[]> {
    return this.dataSource.query(
      `SELECT ${DELIVERY} FROM jobs.webhook_deliveries
        WHERE status IN ('pending', 'failed')
          AND COALESCE(last_attempt_at, created_at) < now() - make_interval(secs => CASE WHEN status = 'failed' THEN $1::float8 + $2::float8 ELSE $1::float8 END)
        ORDER BY COALESCE(last_attempt_at, created_at) LIMIT $3::int`,
      [idleMs / 1000, maxBackoffMs / 1000, limit],
    );
  }

  async findDelivery(id: string): Promise<Delivery | null> {
    return first(await this.dataSource.query(`SELECT ${DELIVERY} FROM jobs.webhook_deliveries WHERE id = $1`, [id]));
  }

  async listDeliveries(tenant: Tenant, webhookId: string, request: { status?: DeliveryStatus; limit: number; cursor?: string }): Promise<Page<Delivery>> {
    const params: unknown[] = [tenant, request.limit + 1, webhookId];
    let where = `tenant = $1 AND webhook_id = $3`;
    if (request.status) {
      params.push(request.status);
      where += ` AND status = $${params.length}`;
    }
    where += newestFirst(request.cursor, params);
    const rows: Delivery[] = await this.dataSource.query(`SELECT ${DELIVERY} FROM jobs.webhook_deliveries WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $2`, params);
    return toPage(rows, request.limit, TIME_ID_CURSOR, keyOf, (d) => d);
  }

  async startAttempt(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE jobs.webhook_deliveries SET attempts = attempts + 1, last_attempt_at = now() WHERE id = $1`, [id]);
  }

  async recordAttempt(id: string, r: AttemptRecord): Promise<void> {
    await this.dataSource.query(
      `UPDATE jobs.webhook_deliveries
          SET status = $2, latency_ms = $3, response_status = $4, response_snippet = $5, error_code = $6, error_message = $7,
              delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE delivered_at END
        WHERE id = $1`,
      [id, r.status, r.latencyMs, r.responseStatus, r.responseSnippet === null ? null : storableText(r.responseSnippet), r.error?.code ?? null, r.error ? storableText(r.error.message) : null],
    );
  }

  async replay(tenant: Tenant, webhookId: string, deliveryId: string): Promise<Delivery | null> {
    const [rows] = await this.dataSource.query(
      `UPDATE jobs.webhook_deliveries SET status = 'pending', replays = replays + 1, error_code = NULL, error_message = NULL
        WHERE tenant = $1 AND webhook_id = $2 AND id = $3 AND status IN ('delivered', 'dead')
        RETURNING ${DELIVERY}`,
      [tenant, webhookId, deliveryId],
    );
    return first(rows as Delivery[]);
  }

  async markHealthy(webhookId: string): Promise<void> {
    await this.dataSource.query(`UPDATE jobs.webhooks SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL`, [webhookId]);
  }

  async markFailing(webhookId: string): Promise<Date | null> {
    const [rows] = await this.dataSource.query(`UPDATE jobs.webhooks SET failing_since = COALESCE(failing_since, now()) WHERE id = $1 RETURNING failing_since AS "since"`, [webhookId]);
    return (rows as Array<{ since: Date }>)[0]?.since ?? null;
  }

  async disable(webhookId: string, reason: string): Promise<boolean> {
    const [, updated] = await this.dataSource.query(
      `UPDATE jobs.webhooks SET enabled = false, disabled_reason = $2, disabled_at = now(), version = version + 1, updated_at = now() WHERE id = $1 AND enabled`,
      [webhookId, reason],
    );
    return Number(updated) === 1;
  }

  deleteDeliveriesBefore(days: number): Promise<number> {
    return deleteOlderThan(this.dataSource, 'jobs.webhook_deliveries', 'created_at', days);
  }
}
