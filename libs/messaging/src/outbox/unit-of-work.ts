import type { DataSource, EntityManager } from 'typeorm';
import { activeTraceparent, newId, RequestContext } from '#common';
import type { OutboxRelay } from './outbox.relay.js';

export interface DomainEvent<T = unknown> {
  type: string;
  aggregateId: string;
  aggregateVersion: number;
  payload: T;
  /** Raised on behalf of this context instead of the transaction's (a batch of several tenants' jobs). */
  onBehalfOf?: RequestContext;
}

/** One database transaction of a use case: its writes and the events they raise commit together. */
export class Transaction {
  constructor(
    readonly manager: EntityManager,
    private readonly schema: string,
    private readonly ctx: RequestContext,
  ) {}

  /** The event carries the active trace context, so its consumers continue the same trace. */
  publish(event: DomainEvent): Promise<void> {
    return this.publishAll([event]);
  }

  /** Several events in one statement (a batch of status changes is one round trip, not one per event). */
  async publishAll(events: DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    const traceparent = activeTraceparent() ?? null;
    const params: unknown[] = [];
    const rows = events.map((event) => {
      const at = params.length;
      const ctx = event.onBehalfOf ?? this.ctx;
      params.push(newId(), event.type, ctx.tenant, event.aggregateId, event.aggregateVersion, ctx.requestId, traceparent, JSON.stringify(event.payload));
      return `(${Array.from({ length: 8 }, (_, i) => `$${at + i + 1}`).join(', ')})`;
    });
    await this.manager.query(
      `INSERT INTO "${this.schema}".outbox
         (id, type, tenant, aggregate_id, aggregate_version, request_id, traceparent, payload)
       VALUES ${rows.join(', ')}`,
      params,
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
