import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Cluster, Redis, RedisOptions } from 'ioredis';
import { PlatformConfig } from '../config/index.js';
import { HealthService } from '../health/index.js';
import { clusterOptions, describeRedis, sentinelOptions, type RedisTopology } from './redis-topology.js';

/**
 * A connection as RedisService makes it: one server (single, Sentinel) or a Redis Cluster. Both
 * take the same commands; what differs on a cluster (a command goes to the node of its key's
 * slot) is the callers' to respect: see docs/redis-cluster.md.
 */
export type RedisConnection = Redis | Cluster;

/** The longest wait for a replica's confirmation (a replica on the same network confirms in about a millisecond). */
const REPLICA_WAIT_MS = 100;

const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Redis cannot be reached (refused, reset, unreachable, or a connection not open yet): an
 * outage, reported once by RedisService, which other components need not log again.
 */
export function isRedisUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  if (!e) return false;
  if (e.code && CONNECTION_ERRORS.has(e.code)) return true;
  // CLUSTERDOWN and "Too many Cluster redirections": a cluster whose primary of the key's slot is
  // gone and not replaced yet (a failover under way). "All sentinels are unreachable": ioredis
  // found no primary through the sentinels yet (a failover in progress, or the sentinels away).
  return /Connection is closed|Stream isn't writeable|connect ETIMEDOUT|Reached the max retries|CLUSTERDOWN|Too many Cluster redirections|Failed to refresh slots cache|All sentinels are unreachable/i.test(e.message ?? '') || isCommandTimeout(error);
}

/** The command was sent but Redis did not answer within REDIS_COMMAND_TIMEOUT_MS: it may still run it. */
export function isCommandTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === 'Command timed out'; // ioredis' own wording
}

/**
 * This process's Redis connections. Every key, channel, stream and queue name goes through
 * `key()` so that several deployments or test runs share one Redis under their own REDIS_PREFIX.
 * Connections retry forever (ioredis' default gives up on some settings) and fail fast while
 * disconnected, so a Redis outage degrades what needs Redis instead of queueing requests; the
 * shared `client` also fails a command Redis leaves unanswered for REDIS_COMMAND_TIMEOUT_MS:
 * Redis answers in well under a millisecond, and no answer for that long means a Redis that
 * hangs (stopped, swapping, packets dropped) while its connection stays open, which what awaits
 * it (requests above all) must not wait out. Subscribers, blocking reads and BullMQ have
 * connections of their own, without this bound.
 *
 * An outage is logged as it happens to the shared connection: one line when Redis stops
 * answering (naming it and how to start it), one when it answers again. The other connections'
 * errors during it are the same outage and are not logged.
 */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private readonly connections: RedisConnection[] = [];
  /** The shared connection's last known state: an outage is reported when it changes. */
  private state: 'starting' | 'up' | 'down' = 'starting';
  private stopping = false;
  /** Parsed once from the settings: every connection and every relay append reads it. */
  private readonly topology: RedisTopology;
  /**
   * Behind Sentinel or in a Cluster the primary replicates asynchronously: a write it acknowledged can be missing
   * from the replica promoted after its death. A writer that must not lose an acknowledged write
   * (the outbox relay marks a row published once Redis took it, and never sends it again) waits
   * at most this long for one replica to confirm it (WAIT), within the command timeout. WAIT
   * holds the connection it runs on meanwhile: such a writer uses a connection of its own. Null
   * where there is no replica to wait for (one server; a managed Redis replicates on its own).
   */
  readonly replicaWaitMs: number | null;
  readonly client: RedisConnection;

  constructor(
    private readonly config: PlatformConfig,
    health: HealthService,
  ) {
    this.topology = config.redisTopology;
    this.replicaWaitMs = this.topology.kind !== 'single' ? Math.min(REPLICA_WAIT_MS, Math.floor(config.REDIS_COMMAND_TIMEOUT_MS / 2)) : null;
    this.client = this.connectForCommands('commands');
    this.client.on('ready', () => this.changed('up'));
    this.client.on('error', (error: Error & { code?: string }) => this.changed('down', error));
    this.client.on('end', () => this.changed('down'));
    health.addCheck('redis', async () => {
      if (this.client.status !== 'ready') throw new Error('not connected');
      await this.client.ping();
    });
  }

  key(...parts: Array<string | number>): string {
    return [this.config.REDIS_PREFIX, ...parts].join(':');
  }

  /**
   * The BullMQ prefix of one queue, `<REDIS_PREFIX>:{bull:<queue>}`: BullMQ's scripts use several
   * keys of a queue at once, which a Redis Cluster allows only within one slot, so each queue's
   * keys share a hash tag of their own (one slot per queue; queues spread over the cluster).
   */
  queuePrefix(queue: string): string {
    return this.key(`{bull:${queue}}`);
  }

  /** A further connection for plain commands, bounded by REDIS_COMMAND_TIMEOUT_MS like the shared one. */
  connectForCommands(name: string): RedisConnection {
    return this.connect(name, { commandTimeout: this.config.REDIS_COMMAND_TIMEOUT_MS });
  }

  /** A further connection (subscribers and blocking reads need their own). */
  connect(name: string, options: RedisOptions = {}): RedisConnection {
    const connectionOptions: RedisOptions = {
      connectionName: `${this.config.SERVICE_NAME}:${name}`,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (times) => Math.min(times * 100, 1000),
      ...options,
    };
    const topology = this.topology;
    const connection =
      topology.kind === 'cluster'
        ? new Cluster(topology.nodes, clusterOptions(topology, connectionOptions))
        : topology.kind === 'sentinel'
          ? new Redis(sentinelOptions(topology, connectionOptions))
          : new Redis(this.config.REDIS_URL, connectionOptions);
    // Every connection needs an error listener (ioredis would print each failed retry); an
    // outage is reported once through the shared connection, anything else is logged here.
    connection.on('error', (error: Error) => {
      if (!isRedisUnavailable(error)) this.logger.warn({ err: error, connection: name }, `Redis connection ${name}: ${error.message}`);
    });
    this.connections.push(connection);
    return connection;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    // A connection its owner closed already is left alone: ioredis's disconnect() on a closed
    // socket arms a 2 s timer that nothing clears, which kept test processes alive after the run.
    const open = this.connections.filter((c) => c.status !== 'end');
    await Promise.all(open.map((c) => c.quit().catch(() => c.disconnect())));
  }

  private changed(state: 'up' | 'down', error?: Error & { code?: string }): void {
    if (state === this.state || this.stopping) return;
    const was = this.state;
    this.state = state;
    const server = describeRedis(this.topology);
    if (state === 'up') {
      if (was === 'down') this.logger.log(`${server} answers again`);
      return;
    }
    const reason = error ? ` (${error.code ?? error.message})` : '';
    this.logger.warn(`${server} does not answer${reason}. Start it with: docker compose -f docker/compose.yml up -d. Retrying.`);
  }
}
