import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { isCommandTimeout, newId, RedisService, ServiceUnavailableError, type RedisConnection } from '#common';
import type { Reply, RequestEnvelope } from '../../envelope.js';
import { encodeError } from '../../error-codec.js';
import { EnvelopeClient } from '../envelope.client.js';
import { replyChannel, requestStream } from './redis-names.js';

/** Requests older than this are trimmed from a request stream; every deadline is far shorter. */
const STREAM_MAX_LENGTH = 10_000;

/**
 * The caller's side of the split-mode request transport. A request is appended to its service's
 * Redis stream, which that service's replicas read in one consumer group, so exactly one replica
 * handles it (Nest's built-in Redis transport is pub/sub: every replica would). The answer comes
 * back on this client's own reply channel. Each request ends by its deadline at the latest
 * (EnvelopeClient's timer), so nothing waits forever when no replica runs; with Redis away a
 * request fails at once (503); with a Redis that hangs it ends by its deadline (504), unless
 * Redis resumes in time and a replica answers after all.
 * Written here rather than adopted: the Redis Streams transports published for Nest did not
 * support Nest 12's ESM packages nor deadlines and the error codec of this product.
 */
@Injectable()
export class RedisRequestClient extends EnvelopeClient implements OnModuleInit, OnApplicationShutdown {
  private readonly clientId = newId();
  private readonly pending = new Map<string, (reply: Reply) => void>();
  private subscriber: RedisConnection | undefined;
  /** Settles once the reply channel is subscribed: no request leaves before its answer can come back. */
  private subscribed: Promise<void> = Promise.resolve();
  /** The reply connection failed and is not back: requests fail at once (503) instead of waiting. */
  private down = false;

  constructor(private readonly redis: RedisService) {
    super();
  }

  onModuleInit(): void {
    this.subscriber = this.redis.connect('rpc-replies', { enableOfflineQueue: true, maxRetriesPerRequest: null });
    this.subscriber.on('message', (_channel: string, message: string) => this.onReply(message));
    this.subscriber.on('ready', () => (this.down = false));
    this.subscriber.on('error', () => (this.down = true));
    this.subscriber.on('close', () => (this.down = true));
    // Not awaited here: with Redis away at start the process must still start (and answer
    // cached reads); ioredis subscribes when Redis comes, and again after every reconnection.
    this.subscribed = this.subscriber.subscribe(replyChannel(this.key, this.clientId)).then(() => undefined, () => undefined);
  }

  onApplicationShutdown(): void {
    for (const id of this.pending.keys()) this.settle(id, { ok: false, error: encodeError(new ServiceUnavailableError('Shutting down.')) });
  }

  unwrap<T>(): T {
    return this.redis.client as T;
  }

  protected deliver(envelope: RequestEnvelope, cancelled: AbortSignal): Promise<Reply> {
    return new Promise<Reply>((resolve) => {
      const unreachable = (): Reply => ({
        ok: false,
        error: encodeError(new ServiceUnavailableError(`The ${envelope.type.split('.')[0]} service cannot be reached (Redis is unavailable).`)),
      });
      if (this.down) return resolve(unreachable());
      this.pending.set(envelope.id, resolve);
      cancelled.addEventListener('abort', () => this.pending.delete(envelope.id), { once: true });
      void this.subscribed
        .then(() => this.redis.client.xadd(requestStream(this.key, envelope.type), 'MAXLEN', '~', STREAM_MAX_LENGTH, '*', 'e', JSON.stringify(envelope), 'r', replyChannel(this.key, this.clientId)))
        .catch((error: unknown) => {
          // A Redis that hangs may still take the request when it resumes: wait for the reply or the deadline (504).
          if (!isCommandTimeout(error)) this.settle(envelope.id, unreachable());
        });
    });
  }

  private readonly key = (...parts: string[]): string => this.redis.key(...parts);

  private onReply(message: string): void {
    const { id, reply } = JSON.parse(message) as { id: string; reply: Reply };
    this.settle(id, reply);
  }

  private settle(id: string, reply: Reply): void {
    const resolve = this.pending.get(id);
    this.pending.delete(id);
    resolve?.(reply);
  }
}
