import type { DataSource, EntityManager } from 'typeorm';
import { activeTraceparent, newId, RequestContext } from '#common';
import type { OutboxRelay } from './outbox.relay.js';

export interface DomainEvent<T = unknown> {
  type: string;
  aggregateId: string;
  aggregateVersion: number;
  payload: T;
}

/** One database transaction of a use case: its writes and the events they raise commit together. */
export class Transaction {
  constructor(
    readonly manager: EntityManager,
    private readonly schema: string,
    private readonly ctx: RequestContext,
  ) {}

  /** The event carries the active trace context, so its consumers continue the same trace. */
  async publish(event: DomainEvent): Promise<void> {
    await this.manager.query(
      `INSERT INTO "${this.schema}".outbox
         (id, type, tenant, aggregate_id, aggregate_version, request_id, traceparent, payload)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [newId(), event.type, this.ctx.tenant, event.aggregateId, event.aggregateVersion, this.ctx.requestId, activeTraceparent() ?? null, JSON.stringify(event.payload)],
    );
  }
}

/** Runs a use case's work in a transaction of its service's DataSource, then wakes the relay. */
export class UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
    private readonly relay: OutboxRelay,
  ) {}

  async run<T>(ctx: RequestContext, work: (tx: Transaction) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction((manager) => work(new Transaction(manager, this.schema, ctx)));
    this.relay.wake();
    return result;
  }
}
