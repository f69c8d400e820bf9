import { DynamicModule, Global, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Broadcaster } from './broadcast/broadcaster.js';
import { EventConsumers } from './events/event-consumers.js';
import { RedisStreamsEventTransport } from './events/redis-streams.transport.js';
import { MessagingClient } from './messaging.client.js';
import { MessagingMetrics } from './messaging.metrics.js';
import { OutboxRelay } from './outbox/outbox.relay.js';
import { UnitOfWork } from './outbox/unit-of-work.js';
import { PlatformConfig, RedisService } from '#common';
import { EnvelopeClient } from './transport/envelope.client.js';
import { InProcessBus, InProcessClient, InProcessServer } from './transport/in-process.bus.js';
import { MessageServer } from './transport/message.server.js';
import { ReplyMemory } from './transport/reply-memory.js';
import { RedisRequestClient } from './transport/redis/redis-request.client.js';
import { RedisMessageServer } from './transport/redis/redis-message.server.js';
import { EVENT_TRANSPORT, type EventTransport } from './transport/transport.js';

/**
 * How requests travel between apps: `in-process` in the monolith, `redis` between the
 * split-mode processes (load-balanced over Redis streams). Domain events always travel on
 * Redis Streams, so even the monolith's events are durable and reach other replicas.
 */
export type RequestTransportKind = 'in-process' | 'redis';

/**
 * libs/messaging: how the apps talk. `forRoot` (once per process) provides the transport and
 * the client; `forDataSource` (once per service) provides that service's transactional outbox.
 */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(requests: RequestTransportKind): DynamicModule {
    const split = requests === 'redis';
    return {
      module: MessagingModule,
      providers: [
        InProcessBus,
        split ? RedisRequestClient : InProcessClient,
        { provide: EnvelopeClient, useExisting: split ? RedisRequestClient : InProcessClient },
        RedisStreamsEventTransport,
        { provide: EVENT_TRANSPORT, useExisting: RedisStreamsEventTransport },
        EventConsumers,
        {
          provide: MessageServer,
          inject: [InProcessBus, RedisService, ReplyMemory],
          useFactory: (bus: InProcessBus, redis: RedisService, replies: ReplyMemory) => {
            const server = split ? new RedisMessageServer(redis) : new InProcessServer(bus);
            server.replies = replies;
            return server;
          },
        },
        ReplyMemory,
        MessagingClient,
        MessagingMetrics,
        Broadcaster,
      ],
      exports: [InProcessBus, EnvelopeClient, EVENT_TRANSPORT, MessageServer, MessagingClient, MessagingMetrics, Broadcaster, EventConsumers],
    };
  }
}

@Module({})
export class OutboxModule {
  static forDataSource(schema: string): DynamicModule {
    return {
      module: OutboxModule,
      providers: [
        {
          provide: OutboxRelay,
          inject: [getDataSourceToken(schema), EVENT_TRANSPORT, PlatformConfig, MessagingMetrics],
          useFactory: (dataSource: DataSource, transport: EventTransport, config: PlatformConfig, metrics: MessagingMetrics) =>
            new OutboxRelay(dataSource, schema, transport, { retentionDays: config.MESSAGE_RETENTION_DAYS, metrics, listenUrl: config.databaseDirectUrl }),
        },
        {
          provide: UnitOfWork,
          inject: [getDataSourceToken(schema), OutboxRelay],
          useFactory: (dataSource: DataSource, relay: OutboxRelay) => new UnitOfWork(dataSource, schema, relay),
        },
      ],
      exports: [UnitOfWork, OutboxRelay],
    };
  }
}
