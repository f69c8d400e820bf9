import type { ClusterOptions, RedisOptions } from 'ioredis';

/** `host:port`, with IPv6 hosts in brackets (`[::1]:26379`). */
export interface RedisAddress {
  host: string;
  port: number;
}

/**
 * Where this process's Redis is, from its settings:
 * - `single`: one server at REDIS_URL (development, tests, a managed Redis with its own failover);
 * - `sentinel`: the primary named REDIS_SENTINEL_NAME, found through REDIS_SENTINELS and found
 *   again after a failover;
 * - `cluster`: a Redis Cluster reached through any of REDIS_CLUSTER_NODES.
 * In the last two, REDIS_URL still gives the data nodes' user, password, TLS (`rediss:`) and, for
 * Sentinel, the database number; its host and port are not used.
 */
export type RedisTopology =
  | { kind: 'single'; url: string }
  | { kind: 'sentinel'; name: string; sentinels: RedisAddress[]; url: string }
  | { kind: 'cluster'; nodes: RedisAddress[]; url: string };

export interface RedisTopologySettings {
  REDIS_URL: string;
  REDIS_SENTINELS: string;
  REDIS_SENTINEL_NAME: string;
  REDIS_CLUSTER_NODES: string;
}

const ADDRESS = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/;

/** `host:port,host:port` as addresses, or null when an entry is not one (or the list is empty). */
export function parseAddressList(raw: string): RedisAddress[] | null {
  const entries = raw.split(',').map((entry) => entry.trim()).filter(Boolean);
  if (entries.length === 0) return null;
  const addresses: RedisAddress[] = [];
  for (const entry of entries) {
    const match = ADDRESS.exec(entry);
    const port = Number(match?.[3]);
    if (!match || port < 1 || port > 65535) return null;
    addresses.push({ host: match[1] ?? match[2]!, port });
  }
  return addresses;
}

/** The settings' mistakes that no single setting shows (each setting's own format is checked by its decorator). */
export function redisTopologyProblems(s: RedisTopologySettings): string[] {
  const problems: string[] = [];
  if (s.REDIS_SENTINELS && s.REDIS_CLUSTER_NODES) problems.push('REDIS_SENTINELS and REDIS_CLUSTER_NODES exclude each other: a deployment uses Sentinel or Cluster');
  if (s.REDIS_SENTINELS && !s.REDIS_SENTINEL_NAME) problems.push('REDIS_SENTINEL_NAME must name the primary (the name the sentinels monitor) when REDIS_SENTINELS is set');
  if (!s.REDIS_SENTINELS && s.REDIS_SENTINEL_NAME) problems.push('REDIS_SENTINEL_NAME is set but REDIS_SENTINELS is not: list the sentinels as host:port,host:port');
  return problems;
}

export function redisTopology(s: RedisTopologySettings): RedisTopology {
  const sentinels = s.REDIS_SENTINELS ? parseAddressList(s.REDIS_SENTINELS) : null;
  if (sentinels) return { kind: 'sentinel', name: s.REDIS_SENTINEL_NAME, sentinels, url: s.REDIS_URL };
  const nodes = s.REDIS_CLUSTER_NODES ? parseAddressList(s.REDIS_CLUSTER_NODES) : null;
  if (nodes) return { kind: 'cluster', nodes, url: s.REDIS_URL };
  return { kind: 'single', url: s.REDIS_URL };
}

/** Where Redis is, as log lines and the start-up summary name it (never a password). */
export function redisLocation(topology: RedisTopology): string {
  switch (topology.kind) {
    case 'single': {
      const url = new URL(topology.url);
      return `${url.hostname}:${url.port || 6379}`;
    }
    case 'sentinel':
      return `primary "${topology.name}" via sentinels ${topology.sentinels.map(formatAddress).join(', ')}`;
    case 'cluster':
      return `cluster via nodes ${topology.nodes.map(formatAddress).join(', ')}`;
  }
}

/** The subject of an outage's log lines: "Redis at 127.0.0.1:6379 does not answer". */
export function describeRedis(topology: RedisTopology): string {
  return `Redis ${topology.kind === 'single' ? 'at ' : ''}${redisLocation(topology)}`;
}

export function formatAddress({ host, port }: RedisAddress): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * The options a data-node connection takes from REDIS_URL whatever the topology: credentials,
 * TLS and, outside a cluster, the database number.
 */
export function urlConnectionOptions(raw: string): RedisOptions {
  const url = new URL(raw);
  const options: RedisOptions = {};
  if (url.username) options.username = decodeURIComponent(url.username);
  if (url.password) options.password = decodeURIComponent(url.password);
  if (url.protocol === 'rediss:') options.tls = {};
  const db = Number(url.pathname.slice(1));
  if (Number.isInteger(db) && db > 0) options.db = db;
  return options;
}

/**
 * A Sentinel topology's connection options: ioredis asks the sentinels for the primary when it
 * connects, and again on every reconnection, so a failover needs no restart. Sentinel closes the
 * clients of a primary it demotes (CLIENT KILL), and a primary that died closes them by dying.
 *
 * No `failoverDetector`: with it, ioredis 5.11 ends a connection for good (status `end`, no
 * more reconnection) when `+switch-master` arrives while that connection is reconnecting,
 * which the failover test saw on whole processes (every request 503 until restarted).
 * `reconnectOnError` covers what the detector would have: a primary demoted while a connection
 * stayed open answers writes with READONLY; the connection is dropped, the primary asked for
 * again, and the command resent to it.
 */
export function sentinelOptions(topology: Extract<RedisTopology, { kind: 'sentinel' }>, options: RedisOptions): RedisOptions {
  return {
    ...urlConnectionOptions(topology.url),
    ...options,
    sentinels: topology.sentinels,
    name: topology.name,
    sentinelRetryStrategy: (times: number) => Math.min(times * 100, 1000),
    reconnectOnError: (error: Error) => (error.message.startsWith('READONLY') ? 2 : false),
  };
}

/**
 * A Cluster topology's options. Each node connection takes the process's options (credentials,
 * name, offline queue, retries per request, command timeout); the cluster object retries its
 * own start with the same back-off. A command that meets a failed primary ("Connection is
 * closed", CLUSTERDOWN) is retried by the cluster object every 100 ms while the replica takes
 * over; ioredis gives up after `maxRedirections` tries, so 40 of them cover a failover of about
 * 4 s (cluster-node-timeout 2 s) on the connections that queue (blocking reads, BullMQ), and the
 * commands connection fails fast as it does outside a cluster (its offline queue is off).
 * The database number is dropped: a cluster has database 0 only.
 */
export function clusterOptions(topology: Extract<RedisTopology, { kind: 'cluster' }>, options: RedisOptions): ClusterOptions {
  const { db: _db, ...credentials } = urlConnectionOptions(topology.url);
  return {
    redisOptions: { ...credentials, ...options },
    enableOfflineQueue: options.enableOfflineQueue ?? true,
    clusterRetryStrategy: options.retryStrategy ?? ((times: number) => Math.min(times * 100, 1000)),
    retryDelayOnFailover: 100,
    retryDelayOnClusterDown: 100,
    maxRedirections: 40,
    // SSUBSCRIBE on the primary of the channel's slot (Broadcaster); ioredis opens those
    // connections only for a connection that subscribes.
    shardedSubscribers: true,
  };
}
