import { setTimeout as sleep } from 'node:timers/promises';
import { Cluster, type Redis } from 'ioredis';
import { bounded, type RedisService, type RedisConnection } from '#common';

export type StreamEntry = [id: string, fields: string[]];
type Take = (stream: string, entries: StreamEntry[]) => void | Promise<void>;

export interface GroupReading {
  group: string;
  consumer: string;
  /** Where the group starts when it is created here: `$` new entries only, `0` all the stream keeps. */
  from: '$' | '0';
  /** Entries per read and stream. */
  count: number;
}

const BLOCK_MS = 2000;
const RETRY_MS = 500;

/**
 * Reads streams in a consumer group (XREADGROUP ... BLOCK) on a Redis connection of its own.
 * Its loops outlive Redis outages: they retry, and recreate the group if Redis lost it. They
 * stop without cutting a read: `stop` unblocks it from another connection (CLIENT UNBLOCK: the
 * read returns empty). A read cut while Redis hands it entries would leave them pending with
 * this consumer; a woken one returns them, so the owner can finish what it took.
 * On a Redis Cluster the reader holds a connection per node and each read blocks on the node of
 * its stream's slot: the wake-up goes to every node, each naming the reader's connection there.
 */
export class GroupReader {
  readonly connection: RedisConnection;
  /** The server-side id (CLIENT ID) of this reader's connection to each server, by address. */
  private readonly clientIds = new Map<string, number>();
  private running = true;
  private readonly loops: Promise<void>[] = [];

  constructor(
    private readonly redis: RedisService,
    name: string,
    private readonly reading: GroupReading,
  ) {
    const connection = redis.connect(name, { enableOfflineQueue: true, maxRetriesPerRequest: null });
    // Asked as each connection opens, before any read blocks it.
    const learnId = (server: Redis): void => {
      server.on('ready', () => void server.client('ID').then((id) => this.clientIds.set(addressOf(server), Number(id)), () => undefined));
    };
    if (connection instanceof Cluster) connection.on('+node', learnId);
    else learnId(connection);
    this.connection = connection;
  }

  /**
   * Reads `streams` in one loop until stopped, handing each stream's entries to `take` (awaited
   * before the next read). Resolves when the loop has ended.
   */
  read(streams: string[], take: Take): Promise<void> {
    const loop = this.loop(streams, take);
    this.loops.push(loop);
    return loop;
  }

  /**
   * Stops reading: wakes the blocked reads and waits for the loops to end; if the wake-up misses
   * (Redis away), a read ends by itself within its BLOCK time, so the wait stops after that + 1 s.
   */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(
      serversOf(this.redis.client).map(async (server) => {
        const id = this.clientIds.get(addressOf(server));
        if (id !== undefined) await server.client('UNBLOCK', id).catch(() => undefined);
      }),
    );
    await bounded(Promise.allSettled(this.loops), BLOCK_MS + 1000, { orElse: undefined });
  }

  disconnect(): void {
    this.connection.disconnect();
  }

  private async loop(streams: string[], take: Take): Promise<void> {
    const { group, consumer, count } = this.reading;
    await this.ensureGroup(streams);
    while (this.running) {
      try {
        const batches = (await this.connection.xreadgroup(
          'GROUP', group, consumer, 'COUNT', count, 'BLOCK', BLOCK_MS,
          'STREAMS', ...streams, ...streams.map(() => '>'),
        )) as Array<[string, StreamEntry[]]> | null;
        for (const [stream, entries] of batches ?? []) await take(stream, entries);
      } catch (error) {
        if (!this.running) return;
        if (String((error as Error).message).includes('NOGROUP')) await this.ensureGroup(streams);
        else await sleep(RETRY_MS);
      }
    }
  }

  private async ensureGroup(streams: string[]): Promise<void> {
    for (const stream of streams) {
      while (this.running) {
        try {
          await this.connection.xgroup('CREATE', stream, this.reading.group, this.reading.from, 'MKSTREAM');
          break;
        } catch (error) {
          if (String((error as Error).message).includes('BUSYGROUP')) break;
          await sleep(RETRY_MS);
        }
      }
    }
  }
}

/** The servers a connection talks to: itself, or a cluster's nodes. */
function serversOf(connection: RedisConnection): Redis[] {
  return connection instanceof Cluster ? connection.nodes('all') : [connection];
}

/** A server's address as both a reader's connection and the shared one know it. */
function addressOf(server: Redis): string {
  return `${server.options.host}:${server.options.port}`;
}
