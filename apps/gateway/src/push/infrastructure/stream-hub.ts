import type { ServerResponse } from 'node:http';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { AppError, bounded, MetricsService, RedisService, ServiceUnavailableError, type RedisConnection } from '#common';
import { GatewayConfig } from '../../gateway.config.js';
import { IdentityDirectory } from '../../identity/application/identity-directory.js';
import { LogPosition, resumeFrom, sseFrame } from '../domain/push-message.js';
import { type LogEntry, MARK_TENANT, PushLog } from './push-log.js';

/** Who holds a stream: its tenant, the API key or staff user counted against the per-key limit, and what its credentials allow. */
export interface StreamHolder {
  tenant: string;
  holder: string;
  /** A token's expiry (epoch ms): the stream ends then. */
  validUntil?: number;
  /** An API key's hash: the stream ends once the key is revoked. */
  apiKeyHash?: string;
}

/** A client that reads this slowly (its socket's buffer past this) is dropped: it reconnects and resumes. */
const MAX_BUFFERED_BYTES = 256 * 1024;
const TAIL_BLOCK_MS = 5000;
const TAIL_BATCH = 1000;
const TAIL_RETRY_MS = 500;
const REPLAY_PAGE = 500;
/** How long a new stream waits for this replica to know where the log ends (Redis away at start). */
const START_WAIT_MS = 2000;
/** The `retry:` a stream ended by this replica gives, around which clients spread their reconnects. */
const RECONNECT_HINT_MS = 1000;

const START = new LogPosition('0-0');

/** One open stream. `pending` buffers live entries while a resuming stream replays what it missed. */
class Connection {
  last = START;
  pending: Array<[LogPosition, string]> | null = null;

  constructor(
    readonly holder: StreamHolder,
    readonly raw: ServerResponse,
    readonly endsAt: number,
  ) {}
}

/**
 * This replica's open streams: each replica follows the push log with one blocking read and
 * writes each entry to its own connections of the entry's tenant, so replicas scale apart and
 * a write reaches every connection on every replica. A frame is built once per entry and
 * written to every connection as the same string.
 *
 * Written by hand on the raw response rather than with Nest's @Sse(): a stream here is a
 * response, a few numbers and a place in a map (no Observable, Transform stream or timer per
 * connection), one timer beats every heartbeat, and the limits, the resume and the end with a
 * reconnect hint need the response itself. At 5,000 streams per process that difference is
 * the memory budget (see bench/push.bench.mjs).
 */
@Injectable()
export class StreamHub implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('StreamHub');
  private readonly byTenant = new Map<string, Set<Connection>>();
  private readonly byHolder = new Map<string, number>();
  private count = 0;
  /** The id of the last log entry this replica has fanned out (null until it knows where the log ends). */
  private position: string | null = null;
  private started: Promise<void> = Promise.resolve();
  private tail: RedisConnection | null = null;
  private following = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly listeners: Array<(entry: LogEntry) => void> = [];

  constructor(
    private readonly log: PushLog,
    private readonly redis: RedisService,
    private readonly config: GatewayConfig,
    private readonly directory: IdentityDirectory,
    metrics: MetricsService,
  ) {
    const hub = this;
    new Gauge({
      name: 'push_streams_open',
      help: 'Live streams (GET /v1/campaign-events/stream) open on this process',
      registers: [metrics.registry],
      collect() {
        this.set(hub.count);
      },
    });
  }

  onModuleInit(): void {
    this.following = true;
    this.tail = this.redis.connect('push-tail');
    this.started = this.follow();
    this.heartbeat = setInterval(() => this.beat(), this.config.PUSH_HEARTBEAT_S * 1000);
    this.heartbeat.unref();
  }

  /** Before the HTTP server closes (it would wait for every stream): end each with a reconnect hint. */
  onModuleDestroy(): void {
    this.following = false;
    clearInterval(this.heartbeat);
    this.tail?.disconnect();
    for (const connections of this.byTenant.values()) for (const connection of connections) this.end(connection);
  }

  /** Every entry this replica reads from the log, in order (the boundary clock re-arms on changes). */
  onEntry(listener: (entry: LogEntry) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Takes a place for a new stream, or refuses (429) past the per-process or per-key limit:
   * before anything is written, so the refusal is a problem+json answer. The place is given
   * back when the stream closes (`open` must follow at once).
   */
  admit(holder: StreamHolder): void {
    if (!this.following) throw new ServiceUnavailableError('This replica is shutting down; reconnect.');
    const held = this.byHolder.get(holder.holder) ?? 0;
    if (this.count >= this.config.PUSH_MAX_STREAMS) throw tooMany(`This server holds its limit of ${this.config.PUSH_MAX_STREAMS} live streams; retry shortly (another replica may take it).`);
    if (held >= this.config.PUSH_MAX_STREAMS_PER_KEY) throw tooMany(`These credentials hold their limit of ${this.config.PUSH_MAX_STREAMS_PER_KEY} live streams on this server.`);
    this.byHolder.set(holder.holder, held + 1);
    this.count += 1;
  }

  /**
   * Serves an admitted stream on `raw` until either side ends it: the headers, `retry:`, what
   * the client missed since `lastEventId` (or `reset`), then `ready`, then live messages.
   */
  async open(holder: StreamHolder, raw: ServerResponse, headers: Record<string, string | string[] | number>, lastEventId: string | undefined): Promise<void> {
    const connection = new Connection(holder, raw, Math.min(Date.now() + jittered(this.config.PUSH_MAX_STREAM_S * 1000, 0.2), holder.validUntil ?? Infinity));
    raw.on('close', () => this.release(connection));
    raw.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    });
    raw.write(`retry: ${Math.round(jittered(this.config.PUSH_RETRY_MS, 0.5))}\n: live stream of ${holder.tenant}\n\n`);
    const ready = await bounded(this.started.then(() => true), START_WAIT_MS, { orElse: false });
    if (!ready || this.position === null || raw.destroyed) return void raw.end();
    this.join(connection);
    if (lastEventId === undefined) {
      connection.last = new LogPosition(this.position);
    } else {
      connection.pending = [];
      await this.catchUp(connection, lastEventId).catch((error: unknown) => {
        this.logger.warn(`replaying a stream of ${holder.tenant} failed: ${(error as Error).message}`);
        raw.destroy();
      });
    }
    if (!raw.destroyed) this.write(connection, sseFrame(connection.last.id, 'ready', '{"type":"ready"}'));
  }

  /** Replays the log after `lastEventId` (or answers `reset`), then what arrived live meanwhile. */
  private async catchUp(connection: Connection, lastEventId: string): Promise<void> {
    const bounds = await this.log.bounds();
    const plan = resumeFrom(lastEventId, bounds);
    if ('reset' in plan) {
      // Entries up to the log's end that this replica has not fanned out yet are skipped: the
      // client reloads after this, and sees their state then.
      connection.last = new LogPosition(bounds.last);
      this.write(connection, sseFrame(bounds.last, 'reset', JSON.stringify({ type: 'reset', reason: plan.reset })));
    } else {
      connection.last = new LogPosition(plan.replayAfter);
      for (let page = await this.log.after(plan.replayAfter, REPLAY_PAGE); page.length > 0 && !connection.raw.destroyed; page = await this.log.after(connection.last.id, REPLAY_PAGE)) {
        for (const entry of page) this.send(connection, new LogPosition(entry.id), entry.tenant === connection.holder.tenant ? frameOf(entry) : null);
      }
    }
    const live = connection.pending ?? [];
    connection.pending = null;
    for (const [at, frame] of live) this.send(connection, at, frame);
  }

  private async follow(): Promise<void> {
    while (this.following && this.position === null) {
      this.position = await this.log.bounds().then((b) => b.last, () => null);
      if (this.position === null) await sleep(TAIL_RETRY_MS);
    }
    void this.readOn();
  }

  private async readOn(): Promise<void> {
    while (this.following && this.tail && this.position !== null) {
      try {
        this.fanOut(await this.log.next(this.tail, this.position, TAIL_BLOCK_MS, TAIL_BATCH));
      } catch (error) {
        if (!this.following) return;
        this.logger.debug(`reading the push log failed: ${(error as Error).message}`);
        await sleep(TAIL_RETRY_MS);
      }
    }
  }

  private fanOut(entries: LogEntry[]): void {
    for (const entry of entries) {
      this.position = entry.id;
      if (entry.tenant === MARK_TENANT) continue;
      for (const listener of this.listeners) listener(entry);
      const connections = this.byTenant.get(entry.tenant);
      if (!connections) continue;
      const frame = frameOf(entry);
      const at = new LogPosition(entry.id);
      for (const connection of connections) this.deliver(connection, at, frame);
    }
  }

  /** A live entry: sent, or kept until the connection's replay is done. */
  private deliver(connection: Connection, at: LogPosition, frame: string): void {
    if (connection.pending) connection.pending.push([at, frame]);
    else this.send(connection, at, frame);
  }

  /** Writes an entry's frame (null: not for this connection, only its position moves) unless already sent. */
  private send(connection: Connection, at: LogPosition, frame: string | null): void {
    if (!at.isAfter(connection.last)) return;
    connection.last = at;
    if (frame !== null) this.write(connection, frame);
  }

  private write(connection: Connection, chunk: string): void {
    const { raw } = connection;
    if (raw.destroyed) return;
    raw.write(chunk);
    if (raw.writableLength > MAX_BUFFERED_BYTES) raw.destroy();
  }

  /**
   * Heartbeat comments keep proxies from closing idle streams; streams past their age end
   * (spreading load after a scale-out), or past their token's expiry; then the API keys of the
   * open streams are checked again, and the streams of a revoked key end (a reconnect is a 401).
   */
  private beat(): void {
    const now = Date.now();
    const keys = new Set<string>();
    for (const connections of this.byTenant.values()) {
      for (const connection of connections) {
        if (now >= connection.endsAt) this.end(connection);
        else this.write(connection, ':\n\n');
        if (connection.holder.apiKeyHash) keys.add(connection.holder.apiKeyHash);
      }
    }
    if (keys.size > 0) void this.endRevoked(keys);
  }

  private async endRevoked(keys: Set<string>): Promise<void> {
    const revoked = new Set<string>();
    for (const hash of keys) {
      // Through the identity cache (IDENTITY_CACHE_TTL_MS): one read per key per heartbeat at most.
      if ((await this.directory.apiKey(hash).catch(() => undefined)) === null) revoked.add(hash);
    }
    if (revoked.size === 0) return;
    for (const connections of this.byTenant.values()) {
      for (const connection of connections) if (revoked.has(connection.holder.apiKeyHash ?? '')) this.end(connection);
    }
  }

  /** Ends a stream with a reconnect hint: the client comes back (to any replica) with its Last-Event-ID. */
  private end(connection: Connection): void {
    if (connection.raw.destroyed) return;
    connection.raw.end(`retry: ${Math.round(jittered(RECONNECT_HINT_MS, 0.5))}\n: reconnect\n\n`);
  }

  private join(connection: Connection): void {
    const { tenant } = connection.holder;
    const connections = this.byTenant.get(tenant) ?? new Set<Connection>();
    connections.add(connection);
    this.byTenant.set(tenant, connections);
  }

  private release(connection: Connection): void {
    const { tenant, holder } = connection.holder;
    const connections = this.byTenant.get(tenant);
    connections?.delete(connection);
    if (connections?.size === 0) this.byTenant.delete(tenant);
    const held = (this.byHolder.get(holder) ?? 1) - 1;
    if (held > 0) this.byHolder.set(holder, held);
    else this.byHolder.delete(holder);
    this.count -= 1;
  }
}

function frameOf(entry: LogEntry): string {
  return sseFrame(entry.id, entry.type, entry.json);
}

function tooMany(message: string): AppError {
  return new AppError('rate_limited', 'TOO_MANY_STREAMS', message, { retryAfterSeconds: 5 });
}

/** `ms` spread by ±`spread` (a fraction), so that many clients do not act at the same moment. */
function jittered(ms: number, spread: number): number {
  return ms * (1 - spread + Math.random() * 2 * spread);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
