import { newId, RedisService } from '#common';
import type { RequestEnvelope } from '../../envelope.js';
import { MessageServer } from '../message.server.js';
import { GroupReader, type StreamEntry } from './group-reader.js';
import { REPLICAS_GROUP, requestStream } from './redis-names.js';

const BATCH = 50;

/**
 * The service side of the split-mode request transport: each replica reads its service's
 * request stream in the shared consumer group (one replica per request), drops requests whose
 * deadline has passed, and publishes each reply to the caller's reply channel. The loop
 * outlives Redis outages: it retries, and recreates its group if Redis lost it.
 */
export class RedisMessageServer extends MessageServer {
  private reader: GroupReader | null = null;
  /** Requests taken from the stream and not yet answered. */
  private readonly answering = new Set<Promise<void>>();

  constructor(private readonly redis: RedisService) {
    super();
  }

  listen(callback: () => void): void {
    const reader = new GroupReader(this.redis, 'rpc-requests', { group: REPLICAS_GROUP, consumer: `${process.pid}-${newId()}`, from: '$', count: BATCH });
    const services = new Set([...this.messageHandlers.entries()].filter(([, h]) => !h.isEventHandler).map(([pattern]) => pattern.split('.')[0]!));
    for (const service of services) reader.read([requestStream((...p) => this.redis.key(...p), `${service}.`)], (stream, entries) => this.take(stream, entries));
    this.reader = reader;
    callback();
  }

  /**
   * Graceful: stops taking requests (the blocked read is woken, not cut), answers every request
   * already taken, then disconnects. Requests not taken stay in the stream for the other replicas.
   */
  async close(): Promise<void> {
    await this.reader?.stop();
    while (this.answering.size > 0) await Promise.allSettled([...this.answering]);
    this.reader?.disconnect();
  }

  unwrap<T>(): T {
    return this.reader?.connection as T;
  }

  /** Answers concurrently: the next read does not wait for these answers. */
  private take(stream: string, entries: StreamEntry[]): void {
    for (const [id, fields] of entries) {
      const answered = this.answer(stream, id, fields).finally(() => this.answering.delete(answered));
      this.answering.add(answered);
    }
  }

  private async answer(stream: string, id: string, fields: string[]): Promise<void> {
    const field = (name: string) => fields[fields.indexOf(name) + 1]!;
    try {
      const envelope = JSON.parse(field('e')) as RequestEnvelope;
      const reply = await this.handleRequestEnvelope(envelope);
      await this.redis.client.publish(field('r'), JSON.stringify({ id: envelope.id, reply }));
    } catch (error) {
      this.log.warn({ err: error }, 'could not answer a request');
    } finally {
      await this.redis.client.multi().xack(stream, REPLICAS_GROUP, id).xdel(stream, id).exec().catch(() => undefined);
    }
  }
}
