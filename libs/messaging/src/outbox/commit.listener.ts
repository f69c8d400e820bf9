import { Logger } from '@nestjs/common';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { outboxChannel } from './outbox.migration.js';

const RECONNECT_MS = 1000;

/**
 * Hears the commits of other processes into one schema's outbox (the `outbox_notify` trigger's
 * NOTIFY) on a connection of its own, and calls `onCommit` for each. LISTEN needs a session, so
 * that connection goes to `listenUrl` (DATABASE_DIRECT_URL), never through a transaction-mode
 * pooler. Commits of this process are left out when the pool connects to the server itself: the
 * unit of work wakes the relay itself, and a second wake would cost a drain that finds nothing.
 * They are told apart by the backend that sent the notification: the listener keeps the backend
 * ids of its DataSource's pool. Behind a pooler those ids are the pooler's own, not the server
 * backends NOTIFY names, so there every notification wakes the relay (an own commit costs one
 * drain that finds nothing; never a missed wake). While the connection is down the relay's poll
 * is the safety net, and the listener reconnects.
 */
export class CommitListener {
  private readonly logger: Logger;
  private readonly ownBackends = new Set<number>();
  private client: pg.Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  private readonly listenUrl: string | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
    private readonly onCommit: () => void,
    listenUrl?: string,
  ) {
    this.logger = new Logger(`CommitListener:${schema}`);
    this.listenUrl = listenUrl ?? this.poolUrl;
  }

  start(): void {
    if (this.listenUrl === this.poolUrl) this.trackOwnBackends();
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.listenUrl, application_name: (this.dataSource.options as { applicationName?: string }).applicationName });
    client.on('notification', (message) => {
      if (!this.ownBackends.has(message.processId)) this.onCommit();
    });
    // 'error' and 'end' may both come for one loss: it is handled once.
    let gone = false;
    const lost = () => {
      if (gone) return;
      gone = true;
      this.lost(client);
    };
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
      await client.query(`LISTEN "${outboxChannel(this.schema)}"`);
      if (this.stopped) {
        await client.end();
        return;
      }
      this.client = client;
      this.onCommit(); // what committed while this was not listening
    } catch (error) {
      this.logger.debug(`listening for outbox commits failed (${(error as Error).message}); the relay polls meanwhile`);
      lost();
    }
  }

  private trackOwnBackends(): void {
    const pool = (this.dataSource.driver as unknown as { master?: pg.Pool }).master;
    pool?.on('acquire', (client: pg.PoolClient & { processID?: number }) => {
      if (client.processID) this.ownBackends.add(client.processID);
    });
    pool?.on('remove', (client: pg.PoolClient & { processID?: number }) => {
      if (client.processID) this.ownBackends.delete(client.processID);
    });
  }

  private get poolUrl(): string | undefined {
    return (this.dataSource.options as { url?: string }).url;
  }

  private lost(client: pg.Client): void {
    if (this.client === client) this.client = null;
    void client.end().catch(() => undefined);
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.connect();
    }, RECONNECT_MS);
    this.retry.unref();
  }
}
