import { EventPattern } from '@nestjs/microservices';

/**
 * Marks a handler of a durable domain event, consumed on behalf of one service: `consumer` is
 * that service's schema (e.g. `jobs`), which holds its inbox and dead letters and names its
 * consumer group, so each service handles each event once while its replicas share the load.
 * Delivery is at least once and a delivered event is recorded in the inbox, so a handler sees
 * an event again only after a crash between its work and that record: handlers must tolerate a
 * repeat (e.g. by comparing `aggregateVersion`) and must never let an older version win.
 * A handler that keeps failing is retried with backoff, then its event goes to dead letters.
 */
export function ConsumeEvent(type: string, consumer: string): MethodDecorator {
  // EventPattern's own typing ties the handler's parameter to `{}`; handlers take an EventEnvelope.
  return EventPattern(type, { consumer }) as unknown as MethodDecorator;
}

export function consumerOf(extras: Record<string, unknown> | undefined): string | undefined {
  return typeof extras?.consumer === 'string' ? extras.consumer : undefined;
}
