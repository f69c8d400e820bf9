import type { Redis } from 'ioredis';
import { newId, RedisService } from '#common';
import type { RequestEnvelope } from '../../envelope.js';
import { MessageServer } from '../message.server.js';
import { REPLICAS_GROUP, requestStream } from './redis-names.js';

type StreamEntries = Array<[string, Array<[string, string[]]>]>;

const BLOCK_MS = 2000;
const BATCH = 50;

/**
 * The service side of the split-mode request transport: each replica reads its service's
 * request stream in the shared consumer group (one replica per request), drops requests whose
 * deadline has passed, and publishes each reply to the caller's reply channel. The loop
 * outlives Redis outages: it retries, and recreates its group if Redis lost it.
 */
export class RedisMessageServer extends MessageServer {
  private readonly consumer = `${process.pid}-${newId()}`;
  private reader: Redis | null = null;
  private running = false;
  private loops: Promise<void>[] = [];
  /** Requests taken from the stream and not yet answered. */
  private readonly answering = new Set<Promise<void>>();
  /** The reader's Redis client id, to wake its blocked read at close. */
  private readerId: number | null = null;

  constructor(private readonly redis: RedisService) {
    super();
  }

  listen(callback: () => void): void {
    this.running = true;
    this.reader = this.redis.connect('rpc-requests', { enableOfflineQueue: true, maxRetriesPerRequest: null });
    const reader = this.reader;
    reader.on('ready', () => void reader.client('ID').then((id) => (this.readerId = Number(id)), () => undefined));
    const services = new Set([...this.messageHandlers.entries()].filter(([, h]) => !h.isEventHandler).map(([pattern]) => pattern.split('.')[0]!));
    this.loops = [...services].map((service) => this.serve(requestStream((...p) => this.redis.key(...p), `${service}.`)));
    callback();
  }

  /**
   * Graceful: stops taking requests, answers every request already taken, then disconnects.
   * The blocked read is woken (CLIENT UNBLOCK: it returns empty) rather than cut, since a read
   * cut while Redis hands it requests would leave them with this consumer, never answered; if
   * the wake-up misses, the read ends by itself within BLOCK_MS. Requests not taken stay in the
   * stream for the other replicas.
   */
  async close(): Promise<void> {
    this.running = false;
    if (this.readerId !== null) await this.redis.client.client('UNBLOCK', this.readerId).catch(() => undefined);
    await Promise.race([Promise.allSettled(this.loops), new Promise((resolve) => setTimeout(resolve, BLOCK_MS + 1000).unref())]);
    while (this.answering.size > 0) await Promise.allSettled([...this.answering]);
    this.reader?.disconnect();
  }

  unwrap<T>(): T {
    return this.reader as T;
  }

  private async serve(stream: string): Promise<void> {
    await this.ensureGroup(stream);
    while (this.running) {
      try {
        const batches = (await this.reader!.xreadgroup('GROUP', REPLICAS_GROUP, this.consumer, 'COUNT', BATCH, 'BLOCK', BLOCK_MS, 'STREAMS', stream, '>')) as StreamEntries | null;
        for (const [, entries] of batches ?? []) {
          for (const [id, fields] of entries) {
            const answered = this.answer(stream, id, fields).finally(() => this.answering.delete(answered));
            this.answering.add(answered);
          }
        }
      } catch (error) {
        if (!this.running) return;
        if (String((error as Error).message).includes('NOGROUP')) await this.ensureGroup(stream);
        else await new Promise((resolve) => setTimeout(resolve, 500));
      }
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

  private async ensureGroup(stream: string): Promise<void> {
    while (this.running) {
      try {
        await this.reader!.xgroup('CREATE', stream, REPLICAS_GROUP, '$', 'MKSTREAM');
        return;
      } catch (error) {
        if (String((error as Error).message).includes('BUSYGROUP')) return;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }
}
