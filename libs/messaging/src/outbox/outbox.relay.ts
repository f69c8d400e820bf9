import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { isRedisUnavailable } from '#common';
import type { EventEnvelope } from '../envelope.js';
import type { MessagingMetrics, Sample } from '../messaging.metrics.js';
import type { EventTransport } from '../transport/transport.js';
import { CommitListener } from './commit.listener.js';

/** Rows per relay transaction: one SELECT, one pipelined XADD round trip and one UPDATE for all. */
const BATCH = 500;
const POLL_MS = 1000;
const HOUSEKEEPING_MS = 60_000;

export interface RelayOptions {
  /** Published rows are kept this long at least (replays after a Redis loss), and until every group acknowledged them. */
  retentionDays: number;
  metrics?: MessagingMetrics;
  /** Where the commit listener's LISTEN session goes (DATABASE_DIRECT_URL); the DataSource's URL by default. */
  listenUrl?: string;
}

interface OutboxRow {
  seq: string;
  id: string;
  type: string;
  tenant: string | null;
  aggregate_id: string;
  aggregate_version: number;
  request_id: string | null;
  traceparent: string | null;
  payload: unknown;
  occurred_at: Date;
}

/**
 * Publishes one schema's committed outbox rows in order. Woken right after a commit of its own
 * process, by PostgreSQL's notification of a commit of another process (CommitListener: the
 * replica holding the lock publishes a row another replica committed while it was busy), and
 * polls as a safety net (a process that died between commit and wake, or Redis away). A
 * transaction-scoped advisory lock lets one relay of the deployment publish at a time, so
 * replicas neither duplicate nor reorder; a row is marked published only after the transport
 * took it. Published rows are kept (see OutboxRetention): when the transport reports that its
 * stream lost its history, every kept row is published again (consumers skip what they had).
 */
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger: Logger;
  private running: Promise<void> | null = null;
  private again = false;
  private failing = false;
  private timers: NodeJS.Timeout[] = [];
  private readonly commits: CommitListener;

  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
    private readonly transport: EventTransport,
    private readonly options: RelayOptions = { retentionDays: 7 },
  ) {
    this.logger = new Logger(`OutboxRelay:${schema}`);
    this.commits = new CommitListener(dataSource, schema, () => this.wake(), options.listenUrl);
    options.metrics?.addProbe(() => this.lag());
  }

  onApplicationBootstrap(): void {
    this.transport.prepareAppends();
    this.timers = [setInterval(() => this.wake(), POLL_MS), setInterval(() => void this.housekeep(), HOUSEKEEPING_MS)];
    for (const timer of this.timers) timer.unref();
    this.commits.start();
  }

  async onApplicationShutdown(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await this.commits.stop();
    await this.running;
  }

  /** Trims the stream below what every group acknowledged, and forgets rows past retention below it. */
  async housekeep(): Promise<void> {
    try {
      const acknowledged = await this.transport.trimAcknowledged(this.schema);
      if (acknowledged === null) return;
      await this.dataSource.query(
        `DELETE FROM "${this.schema}".outbox WHERE seq < $1 AND published_at < now() - make_interval(days => $2)`,
        [acknowledged.toString(), this.options.retentionDays],
      );
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox housekeeping failed; will try again');
    }
  }

  private async lag(): Promise<Sample[]> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS n, coalesce(extract(epoch FROM now() - min(occurred_at)), 0)::float AS lag
         FROM "${this.schema}".outbox WHERE published_at IS NULL`,
    );
    return [{ labels: { source: this.schema }, values: { outbox_unpublished_events: row.n, outbox_lag_seconds: row.lag } }];
  }

  wake(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  /** Resolves once everything committed before the call has been handed to the transport. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
    await (this.running = this.drain().finally(() => (this.running = null)));
  }

  private async drain(): Promise<void> {
    if (!this.dataSource.isInitialized) return;
    try {
      await this.republishIfLost();
      while ((await this.publishBatch()) === BATCH);
    } catch (error) {
      // An outage needs no stack (RedisService names it); anything else does.
      if (!this.failing) this.logger.warn(isRedisUnavailable(error) ? { reason: (error as Error).message } : { err: error }, 'publishing the outbox failed; retrying every second');
      this.failing = true;
      return;
    }
    if (this.failing) this.logger.log('publishing the outbox again');
    this.failing = false;
  }

  private async republishIfLost(): Promise<void> {
    if (await this.transport.intact(this.schema)) return;
    const [, republished] = await this.dataSource.query(`UPDATE "${this.schema}".outbox SET published_at = NULL WHERE published_at IS NOT NULL`);
    if (republished > 0) this.logger.warn(`the event stream lost its history; publishing ${republished} kept event(s) again`);
    await this.transport.markIntact(this.schema);
  }

  private publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const [{ locked }] = await m.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [`outbox:${this.schema}`]);
      if (!locked) return 0;
      const rows: OutboxRow[] = await m.query(
        `SELECT * FROM "${this.schema}".outbox WHERE published_at IS NULL ORDER BY seq LIMIT ${BATCH}`,
      );
      if (rows.length > 0) {
        await this.transport.append(this.schema, rows.map((row) => ({ seq: row.seq, event: toEnvelope(row) })));
        await m.query(`UPDATE "${this.schema}".outbox SET published_at = now() WHERE seq = ANY($1::bigint[])`, [rows.map((r) => r.seq)]);
      }
      return rows.length;
    });
  }
}

function toEnvelope(row: OutboxRow): EventEnvelope {
  return {
    id: row.id,
    type: row.type,
    tenant: row.tenant,
    occurredAt: row.occurred_at.toISOString(),
    aggregateId: row.aggregate_id,
    aggregateVersion: row.aggregate_version,
    requestId: row.request_id,
    traceparent: row.traceparent,
    payload: row.payload,
  };
}
