import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { PlatformConfig, RedisService } from '#common';
import { eventSource, type DeadLetterRetry } from '../contracts/index.js';
import { encodeError } from '../error-codec.js';
import type { MessageServer } from '../transport/message.server.js';
import { MessagingMetrics, type Sample } from '../messaging.metrics.js';
import { ConsumerStore } from './consumer.store.js';
import { StreamConsumer } from './stream-consumer.js';

/**
 * Starts one consumer group per consuming service found among this process's @ConsumeEvent
 * handlers (the monolith has several, a split-mode service one), each reading the streams of
 * the outboxes that publish the types it handles, with its inbox and dead letters in its schema.
 */
@Injectable()
export class EventConsumers implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(EventConsumers.name);
  private consumers: StreamConsumer[] = [];
  private server: MessageServer | null = null;
  private readonly stores = new Map<string, ConsumerStore>();

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly redis: RedisService,
    private readonly config: PlatformConfig,
    private readonly metrics: MessagingMetrics,
  ) {}

  start(server: MessageServer): void {
    this.server = server;
    for (const [consumer, types] of server.consumedTypes()) {
      const sources = [...new Set([...types].map(eventSource))];
      const handlers = { handles: (type: string) => types.has(type), dispatch: server.eventDispatcher(consumer) };
      const stream = new StreamConsumer(this.redis, consumer, sources, this.store(consumer), handlers, {
        maxAttempts: this.config.EVENT_MAX_ATTEMPTS,
        retryBaseMs: this.config.EVENT_RETRY_BASE_MS,
        claimIdleMs: this.config.EVENT_CLAIM_IDLE_MS,
        retentionDays: this.config.MESSAGE_RETENTION_DAYS,
      });
      stream.start();
      this.consumers.push(stream);
      this.metrics.addProbe(async (): Promise<Sample[]> => [
        { labels: { group: consumer }, values: { event_consumer_pending: await stream.pending() } },
        { labels: { consumer }, values: { dead_letters: await this.store(consumer).countDeadLetters() } },
      ]);
    }
  }

  /** The inbox and dead letters of a consuming service (its schema's DataSource). */
  store(consumer: string): ConsumerStore {
    let store = this.stores.get(consumer);
    if (!store) {
      const dataSource = this.moduleRef.get<DataSource>(getDataSourceToken(consumer) as string, { strict: false });
      store = new ConsumerStore(dataSource, consumer);
      this.stores.set(consumer, store);
    }
    return store;
  }

  /**
   * An operator's retry: runs the consumer's handlers on the dead letter's event once more. On
   * success the event is recorded as handled and the dead letter goes; on failure it stays, with
   * the new error and one more attempt.
   */
  async retryDeadLetter(consumer: string, id: string): Promise<DeadLetterRetry> {
    const store = this.store(consumer);
    const deadLetter = await store.findDeadLetter(id);
    if (!deadLetter || !this.server) return { found: Boolean(deadLetter), handled: false, deadLetter };
    try {
      await this.server.eventDispatcher(consumer)(deadLetter.payload);
    } catch (error) {
      // The dead letter keeps only the error's code: its cause is in this log.
      this.logger.warn({ err: error, eventId: deadLetter.messageId, type: deadLetter.messageType, requestId: deadLetter.payload.requestId }, 'a retried dead letter failed again');
      await store.deadLetter(consumer, deadLetter.source, deadLetter.payload, encodeError(error), 1);
      return { found: true, handled: false, deadLetter: await store.findDeadLetter(id) };
    }
    await store.markHandled(consumer, [deadLetter.messageId]);
    await store.discardDeadLetter(id);
    return { found: true, handled: true, deadLetter: null };
  }

  /**
   * Before any shutdown hook closes what handlers need (queues, the database): stop reading and
   * finish the events already taken, so none is left pending on this replica.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
    this.consumers = [];
  }

  async onApplicationShutdown(): Promise<void> {
    await this.beforeApplicationShutdown();
  }
}
