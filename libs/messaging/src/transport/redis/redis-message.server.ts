import { newId, RedisService } from '#common';
import type { RequestEnvelope } from '../../envelope.js';
import { MessageServer } from '../message.server.js';
import { BlockingReader } from './blocking-reader.js';
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
  private reader: BlockingReader | null = null;
  private running = false;
  private loops: Promise<void>[] = [];
  /** Requests taken from the stream and not yet answered. */
  private readonly answering = new Set<Promise<void>>();

  constructor(private readonly redis: RedisService) {
    super();
  }

  listen(callback: () => void): void {
    this.running = true;
    this.reader = new BlockingReader(this.redis, 'rpc-requests');
    const services = new Set([...this.messageHandlers.entries()].filter(([, h]) => !h.isEventHandler).map(([pattern]) => pattern.split('.')[0]!));
    this.loops = [...services].map((service) => this.serve(requestStream((...p) => this.redis.key(...p), `${service}.`)));
    callback();
  }

  /**
   * Graceful: stops taking requests (the blocked read is woken, not cut), answers every request
   * already taken, then disconnects. Requests not taken stay in the stream for the other replicas.
   */
  async close(): Promise<void> {
    this.running = false;
    await this.reader?.wake(Promise.allSettled(this.loops), BLOCK_MS);
    while (this.answering.size > 0) await Promise.allSettled([...this.answering]);
    this.reader?.disconnect();
  }

  unwrap<T>(): T {
    return this.reader?.connection as T;
  }

  private async serve(stream: string): Promise<void> {
    await this.ensureGroup(stream);
    while (this.running) {
      try {
        const batches = (await this.reader!.connection.xreadgroup('GROUP', REPLICAS_GROUP, this.consumer, 'COUNT', BATCH, 'BLOCK', BLOCK_MS, 'STREAMS', stream, '>')) as StreamEntries | null;
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
        await this.reader!.connection.xgroup('CREATE', stream, REPLICAS_GROUP, '$', 'MKSTREAM');
        return;
      } catch (error) {
        if (String((error as Error).message).includes('BUSYGROUP')) return;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }
}
