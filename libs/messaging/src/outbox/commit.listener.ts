import { Logger } from '@nestjs/common';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { outboxChannel } from './outbox.migration.js';

const RECONNECT_MS = 1000;

/**
 * Hears the commits of other processes into one schema's outbox (the `outbox_notify` trigger's
 * NOTIFY) on a connection of its own, and calls `onCommit` for each. Commits of this process
 * are left out: the unit of work wakes the relay itself, and a second wake would cost a drain
 * that finds nothing. They are told apart by the backend that sent the notification: the
 * listener keeps the backend ids of its DataSource's pool. While the connection is down the
 * relay's poll is the safety net, and the listener reconnects.
 */
export class CommitListener {
  private readonly logger: Logger;
  private readonly ownBackends = new Set<number>();
  private client: pg.Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
    private readonly onCommit: () => void,
  ) {
    this.logger = new Logger(`CommitListener:${schema}`);
  }

  start(): void {
    const pool = (this.dataSource.driver as unknown as { master?: pg.Pool }).master;
    pool?.on('acquire', (client: pg.PoolClient & { processID?: number }) => {
      if (client.processID) this.ownBackends.add(client.processID);
    });
    pool?.on('remove', (client: pg.PoolClient & { processID?: number }) => {
      if (client.processID) this.ownBackends.delete(client.processID);
    });
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }

  private async connect(): Promise<void> {
    const options = this.dataSource.options as { url?: string; applicationName?: string };
    const client = new pg.Client({ connectionString: options.url, application_name: options.applicationName });
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
