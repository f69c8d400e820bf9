import { isIP } from 'node:net';
import { IsIn, IsString, Matches, ValidateBy } from 'class-validator';
import { parseAddressList, redisTopology, redisTopologyProblems, type RedisTopology } from '../redis/redis-topology.js';
import { IntSetting } from './int-setting.js';

const POSTGRES_URL = /^postgres(ql)?:\/\/[^\s]+$/;
const REDIS_URL = /^rediss?:\/\/[^\s]+$/;

/** What every process of the product reads from its environment. Apps extend it. */
export class PlatformConfig {
  @IsIn(['development', 'production', 'test'], { message: 'must be development, production or test' })
  NODE_ENV: string = 'development';

  @IntSetting({ min: 0, max: 65535 })
  PORT: number = 3000;

  @Matches(POSTGRES_URL, { message: 'must be a postgres:// URL' })
  DATABASE_URL: string = 'postgres://postgres@127.0.0.1:5432/campaigns';

  /**
   * The PostgreSQL server itself, for what needs a session of its own (migrations under their
   * advisory lock, database creation, the outbox's LISTEN) when DATABASE_URL goes through a
   * pooler in transaction mode (PgBouncer). Unset: DATABASE_URL.
   */
  @Matches(/^(postgres(ql)?:\/\/[^\s]+)?$/, { message: 'must be a postgres:// URL' })
  DATABASE_DIRECT_URL: string = '';

  /** Connections of each DataSource's pool (one per bounded context a process runs). */
  @IntSetting({ min: 1, max: 1000 })
  DATABASE_POOL_SIZE: number = 10;

  get databaseDirectUrl(): string {
    return this.DATABASE_DIRECT_URL || this.DATABASE_URL;
  }

  @Matches(REDIS_URL, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL: string = 'redis://127.0.0.1:6379';

  /**
   * Redis Sentinel: the sentinels as `host:port,host:port`. With REDIS_SENTINEL_NAME, every
   * connection finds the primary through them (and again after a failover); REDIS_URL then only
   * gives the password, TLS and database number.
   */
  @ValidateBy({ name: 'addressList', validator: { validate: isAddressListOrEmpty, defaultMessage: () => 'must be a comma-separated list of host:port' } })
  REDIS_SENTINELS: string = '';

  /** The primary's name, as the sentinels monitor it (`sentinel monitor <name> …`). */
  @Matches(/^([A-Za-z0-9_.-]{1,64})?$/, { message: 'must be 1-64 letters, digits, "_", "." or "-"' })
  REDIS_SENTINEL_NAME: string = '';

  /**
   * Redis Cluster: some of its nodes as `host:port,host:port` (the client learns the rest).
   * REDIS_URL then only gives the password and TLS.
   */
  @ValidateBy({ name: 'addressList', validator: { validate: isAddressListOrEmpty, defaultMessage: () => 'must be a comma-separated list of host:port' } })
  REDIS_CLUSTER_NODES: string = '';

  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'must be 1-64 letters, digits, "_", "." or "-"' })
  REDIS_PREFIX: string = 'cp';

  @IsIn(['auto', 'off'], { message: 'must be auto or off' })
  MIGRATIONS: string = 'auto';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'must be a pino log level' })
  LOG_LEVEL: string = 'info';

  /** How long a SIGTERM'd process keeps answering (readiness 503) before it closes, in ms. */
  @IntSetting({ min: 0, unit: 'milliseconds' })
  SHUTDOWN_DRAIN_MS: number = 0;

  /** The hard limit of a graceful shutdown, in ms; past it the process exits anyway. */
  @IntSetting({ min: 1000, unit: 'milliseconds' })
  SHUTDOWN_TIMEOUT_MS: number = 25000;

  /** Deadline of a request to another service, in ms. */
  @IntSetting({ min: 50, unit: 'milliseconds' })
  REQUEST_TIMEOUT_MS: number = 5000;

  /**
   * How long a command on the shared Redis connection may go unanswered before it fails, in ms
   * (a Redis that hangs must not hold requests as long as it hangs).
   */
  @IntSetting({ min: 50, max: 60_000, unit: 'milliseconds' })
  REDIS_COMMAND_TIMEOUT_MS: number = 1000;

  /** How many times a consumer tries an event before it goes to the dead letters. */
  @IntSetting({ min: 1, max: 100 })
  EVENT_MAX_ATTEMPTS: number = 5;

  /** The first retry delay of a failed event, doubled at each attempt (capped at 60 s). */
  @IntSetting({ min: 10, unit: 'milliseconds' })
  EVENT_RETRY_BASE_MS: number = 1000;

  /** How long an event may stay with a replica, unacknowledged, before another replica takes it over. */
  @IntSetting({ min: 100, unit: 'milliseconds' })
  EVENT_CLAIM_IDLE_MS: number = 30_000;

  /** How long published outbox rows and inbox entries are kept (they allow replays after a Redis loss). */
  @IntSetting({ min: 1, unit: 'days' })
  MESSAGE_RETENTION_DAYS: number = 7;

  @IsString()
  SERVICE_NAME: string = 'campaigns-platform';

  /**
   * Proxies whose X-Forwarded-For is believed (the client address rate limits and logs use):
   * a comma-separated list of addresses or CIDRs, or `loopback`, `linklocal`, `uniquelocal`.
   * Unset: none; the address is the connection's peer, and X-Forwarded-For is ignored.
   */
  @ValidateBy({ name: 'proxyList', validator: { validate: isProxyList, defaultMessage: () => 'must be a comma-separated list of IP addresses or CIDRs (or loopback, linklocal, uniquelocal)' } })
  TRUSTED_PROXIES: string = '';

  /** Mistakes between settings; apps that add their own call this first. */
  crossCheck(): string[] {
    return redisTopologyProblems(this);
  }

  get redisTopology(): RedisTopology {
    return redisTopology(this);
  }

  get trustedProxies(): string[] {
    return proxyEntries(this.TRUSTED_PROXIES);
  }

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  get isDevelopment(): boolean {
    return this.NODE_ENV === 'development';
  }
}

function isAddressListOrEmpty(raw: unknown): boolean {
  return raw === '' || (typeof raw === 'string' && parseAddressList(raw) !== null);
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function proxyEntries(raw: string): string[] {
  return raw.split(',').map((entry) => entry.trim()).filter(Boolean);
}

function isProxyList(raw: unknown): boolean {
  return typeof raw === 'string' && proxyEntries(raw).every(isProxy);
}

function isProxy(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}
