import { DynamicModule, Global, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { MessagingClient } from './messaging.client.js';
import { OutboxRelay } from './outbox/outbox.relay.js';
import { UnitOfWork } from './outbox/unit-of-work.js';
import { InProcessBus } from './transport/in-process.bus.js';
import { EVENT_TRANSPORT, REQUEST_TRANSPORT, type EventTransport } from './transport/transport.js';

/**
 * libs/messaging: how the apps talk. `forRoot` (once per process) provides the transport and
 * the client; `forDataSource` (once per service) provides that service's transactional outbox.
 */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        InProcessBus,
        { provide: REQUEST_TRANSPORT, useExisting: InProcessBus },
        { provide: EVENT_TRANSPORT, useExisting: InProcessBus },
        MessagingClient,
      ],
      exports: [InProcessBus, REQUEST_TRANSPORT, EVENT_TRANSPORT, MessagingClient],
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
          inject: [getDataSourceToken(schema), EVENT_TRANSPORT],
          useFactory: (dataSource: DataSource, transport: EventTransport) => new OutboxRelay(dataSource, schema, transport),
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
