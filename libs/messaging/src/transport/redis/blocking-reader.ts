import type { Redis } from 'ioredis';
import type { RedisService } from '#common';

/**
 * A Redis connection of its own for blocking stream reads (XREADGROUP ... BLOCK), which can be
 * stopped without cutting a read: `wake` unblocks it from another connection (CLIENT UNBLOCK:
 * the read returns empty). A read cut while Redis hands it entries would leave them pending
 * with this consumer; a woken one returns them, so the reader can finish what it took.
 */
export class BlockingReader {
  readonly connection: Redis;
  private clientId: number | null = null;

  constructor(
    private readonly redis: RedisService,
    name: string,
  ) {
    const connection = redis.connect(name, { enableOfflineQueue: true, maxRetriesPerRequest: null });
    connection.on('ready', () => void connection.client('ID').then((id) => (this.clientId = Number(id)), () => undefined));
    this.connection = connection;
  }

  /**
   * Wakes the blocked read and waits for the reading loops to end; if the wake-up misses (Redis
   * away), a read ends by itself within its BLOCK time, so the wait stops after `blockMs` + 1 s.
   */
  async wake(loopsEnded: Promise<unknown>, blockMs: number): Promise<void> {
    if (this.clientId !== null) await this.redis.client.client('UNBLOCK', this.clientId).catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise((resolve) => (timer = setTimeout(resolve, blockMs + 1000)));
    await Promise.race([loopsEnded, limit]).finally(() => clearTimeout(timer));
  }

  disconnect(): void {
    this.connection.disconnect();
  }
}
