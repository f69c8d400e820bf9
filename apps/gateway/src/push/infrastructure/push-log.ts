import { Injectable } from '@nestjs/common';
import { RedisService, type RedisConnection } from '#common';
import { GatewayConfig } from '../../gateway.config.js';
import type { LogBounds, PushMessage } from '../domain/push-message.js';

/** An entry of the log as replicas read it. */
export interface LogEntry {
  id: string;
  tenant: string;
  /** The message's `type` (the SSE event name). */
  type: string;
  /** The message's JSON, as appended (each replica frames it once for all its connections). */
  json: string;
}

/**
 * Appends a message unless its key was appended already, atomically: a change announced twice
 * (its durable event redelivered after a crash) or a boundary announced by several replicas
 * lands once. The entry trims the log by age in the same step (MINID with `~`: whole nodes
 * only, so it costs nothing per append).
 * KEYS: log, once-key. ARGV: once-key TTL (s), oldest id kept, tenant, type, message JSON.
 */
const APPEND_ONCE = `
if redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[1]) == false then return false end
return redis.call('XADD', KEYS[1], 'MINID', '~', ARGV[2], '*', 't', ARGV[3], 'y', ARGV[4], 'm', ARGV[5])
`;

/** The tenant of the entry that marks where a log begins (no client receives it). */
export const MARK_TENANT = '';

type AppendOnce = (log: string, once: string, ttl: number, minId: string, tenant: string, type: string, json: string) => Promise<string | null>;

/**
 * The push log: one Redis stream of every tenant's live messages, in the order they happened,
 * retained PUSH_RETENTION_S. Written once per message (by the replica that consumed the durable
 * event, or won a boundary), read by every gateway replica, each for its own connections, and
 * by a reconnecting client's replica to replay what it missed. Its keys share one hash tag, so
 * the script's keys stay in one slot of a Redis Cluster.
 */
@Injectable()
export class PushLog {
  readonly key: string;
  private readonly appendOnce: AppendOnce;

  constructor(
    private readonly redis: RedisService,
    private readonly config: GatewayConfig,
  ) {
    this.key = redis.key('{push}', 'log');
    const client = redis.client as RedisConnection & { pushAppendOnce?: AppendOnce };
    if (!client.pushAppendOnce) client.defineCommand('pushAppendOnce', { numberOfKeys: 2, lua: APPEND_ONCE });
    this.appendOnce = (...args) => (client.pushAppendOnce as AppendOnce)(...args);
  }

  /** Appends `message` for `tenant` unless `onceKey` was appended within the retention; the entry's id, or null. */
  append(tenant: string, message: PushMessage, onceKey: string): Promise<string | null> {
    const retentionS = this.config.PUSH_RETENTION_S;
    const minId = `${Date.now() - retentionS * 1000}-0`;
    return this.appendOnce(this.key, this.redis.key('{push}', 'once', onceKey), retentionS, minId, tenant, message.type, JSON.stringify(message));
  }

  /**
   * The first and last retained entries. A log that has none (new, or lost with Redis's data)
   * gets a marking entry first, so that every id a client is given is a real entry of the log:
   * a client holding an id from before a loss is then older than the first entry, and reset.
   */
  async bounds(): Promise<LogBounds> {
    const [first, last] = await Promise.all([this.redis.client.xrange(this.key, '-', '+', 'COUNT', 1), this.redis.client.xrevrange(this.key, '+', '-', 'COUNT', 1)]);
    if (first[0] && last[0]) return { first: first[0][0], last: last[0][0] };
    const mark = await this.redis.client.xadd(this.key, '*', 't', MARK_TENANT, 'y', 'mark', 'm', '{}');
    return { first: mark as string, last: mark as string };
  }

  /** Entries after `id`, oldest first, at most `count`. */
  async after(id: string, count: number): Promise<LogEntry[]> {
    return toEntries(await this.redis.client.xrange(this.key, `(${id}`, '+', 'COUNT', count));
  }

  /** Waits (on `connection`, which it blocks) for entries after `id`, at most `blockMs`. */
  async next(connection: RedisConnection, id: string, blockMs: number, count: number): Promise<LogEntry[]> {
    const answer = await connection.xread('COUNT', count, 'BLOCK', blockMs, 'STREAMS', this.key, id);
    return toEntries(answer?.[0]?.[1] ?? []);
  }
}

function toEntries(raw: Array<[string, string[]]>): LogEntry[] {
  const entries: LogEntry[] = [];
  for (const [id, fields] of raw) {
    const tenant = fieldOf(fields, 't');
    const type = fieldOf(fields, 'y');
    const json = fieldOf(fields, 'm');
    // A marking entry (tenant '') is kept: readers move past its id, and send it to no one.
    if (tenant !== undefined && type !== undefined && json !== undefined) entries.push({ id, tenant, type, json });
  }
  return entries;
}

function fieldOf(fields: string[], name: string): string | undefined {
  const index = fields.indexOf(name);
  return index >= 0 && index % 2 === 0 ? fields[index + 1] : undefined;
}
