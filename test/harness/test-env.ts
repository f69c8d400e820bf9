import { randomBytes } from 'node:crypto';
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import pg from 'pg';

export const SHARED_POSTGRES = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const SHARED_REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/**
 * TEST_REDIS_CLUSTER_NODES=host:port,…: the products the tests start on the shared Redis use
 * this Redis Cluster instead (REDIS_CLUSTER_NODES), and so do the tests' own looks into Redis
 * (testRedis); a test that starts a Redis of its own is left on it.
 */
export const TEST_REDIS_CLUSTER_NODES = process.env.TEST_REDIS_CLUSTER_NODES ?? '';

/**
 * A throwaway PostgreSQL database and a unique REDIS_PREFIX on the shared servers, so test
 * files and test runs never see each other's data, and `drop()` leaves nothing behind.
 */
export class TestEnvironment {
  readonly name = `cp_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  readonly redisPrefix = `test-${this.name}`;
  readonly databaseUrl: string;

  private constructor() {
    const url = new URL(SHARED_POSTGRES);
    url.pathname = `/${this.name}`;
    this.databaseUrl = url.toString();
  }

  static async create(): Promise<TestEnvironment> {
    const env = new TestEnvironment();
    await adminQuery(`CREATE DATABASE "${env.name}"`);
    return env;
  }

  /** The product's environment for this test run, with any overrides. */
  vars(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      ...process.env,
      NODE_ENV: 'test',
      PORT: '0',
      DATABASE_URL: this.databaseUrl,
      // TEST_PGBOUNCER_URL=postgres://host:port: the product's pool through that PgBouncer, as in
      // production; a test that names another database gets it direct for both.
      ...(process.env.TEST_PGBOUNCER_URL ? { DATABASE_URL: `${process.env.TEST_PGBOUNCER_URL}/${this.name}`, DATABASE_DIRECT_URL: overrides.DATABASE_URL ?? this.databaseUrl } : {}),
      REDIS_URL: SHARED_REDIS,
      REDIS_PREFIX: this.redisPrefix,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      // Webhook receivers of the tests listen on 127.0.0.1 over http. A production start refuses
      // the setting (as it must), so a test of production behaviour goes without it.
      ...(overrides.NODE_ENV === 'production' ? {} : { WEBHOOKS_ALLOW_PRIVATE: 'true' }),
      ...(TEST_REDIS_CLUSTER_NODES && !overrides.REDIS_URL ? { REDIS_CLUSTER_NODES: TEST_REDIS_CLUSTER_NODES } : {}),
      ...overrides,
    };
  }

  async drop(): Promise<void> {
    await adminQuery(`DROP DATABASE IF EXISTS "${this.name}" WITH (FORCE)`);
    await deleteRedisKeys(`${this.redisPrefix}:*`);
  }
}

export async function adminQuery(sql: string, params: unknown[] = [], url = SHARED_POSTGRES): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/**
 * A connection to the Redis the products of this run use: the shared server, or the cluster of
 * TEST_REDIS_CLUSTER_NODES (commands go to the node of their key's slot).
 */
export function testRedis(options: RedisOptions = {}): Redis | Cluster {
  if (!TEST_REDIS_CLUSTER_NODES) return new Redis(SHARED_REDIS, options);
  const nodes = TEST_REDIS_CLUSTER_NODES.split(',').map((entry) => ({ host: entry.slice(0, entry.lastIndexOf(':')), port: Number(entry.slice(entry.lastIndexOf(':') + 1)) }));
  return new Cluster(nodes, { redisOptions: options, lazyConnect: options.lazyConnect });
}

/** The server itself, or a cluster's primaries (they hold the keys), or all its nodes. */
export async function serversOf(redis: Redis | Cluster, role: 'master' | 'all' = 'master'): Promise<Redis[]> {
  if (!(redis instanceof Cluster)) return [redis];
  if (redis.status === 'wait') await redis.connect();
  else if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
  return redis.nodes(role);
}

/** Every key matching `pattern` (SCAN on every server that holds keys). */
export async function scanKeys(redis: Redis | Cluster, pattern: string): Promise<string[]> {
  const found: string[] = [];
  for (const server of await serversOf(redis)) {
    let cursor = '0';
    do {
      const [next, keys] = await server.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      found.push(...keys);
      cursor = next;
    } while (cursor !== '0');
  }
  return found;
}

/** Deletes every key matching `pattern`, one key per command (a cluster refuses a DEL across slots). */
export async function deleteKeys(redis: Redis | Cluster, pattern: string): Promise<void> {
  const keys = await scanKeys(redis, pattern);
  for (let i = 0; i < keys.length; i += 1000) await Promise.all(keys.slice(i, i + 1000).map((key) => redis.unlink(key)));
}

async function deleteRedisKeys(pattern: string): Promise<void> {
  const redis = testRedis({ lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await deleteKeys(redis, pattern);
  } finally {
    redis.disconnect();
  }
}
