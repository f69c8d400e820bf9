import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';

export const SHARED_POSTGRES = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const SHARED_REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

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

async function deleteRedisKeys(pattern: string): Promise<void> {
  const redis = new Redis(SHARED_REDIS, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
