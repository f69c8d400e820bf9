import { EventPattern } from '@nestjs/microservices';

/**
 * Marks a handler of a durable domain event, consumed on behalf of one service: `consumer` is
 * that service's schema (e.g. `jobs`), which holds its inbox and dead letters and names its
 * consumer group, so each service handles each event once while its replicas share the load.
 * Delivery is at least once and a delivered event is recorded in the inbox, so a handler sees
 * an event again only after a crash between its work and that record: handlers must tolerate a
 * repeat (e.g. by comparing `aggregateVersion`) and must never let an older version win.
 * A handler that keeps failing is retried with backoff, then its event goes to dead letters.
 * One handler may take several types (a list), as Nest's @EventPattern does.
 */
export function ConsumeEvent(types: string | readonly string[], consumer: string): MethodDecorator {
  // EventPattern's own typing ties the handler's parameter to `{}` and a single topic; handlers
  // take an EventEnvelope, and Nest registers each pattern of a list.
  return EventPattern(types as string, { consumer }) as unknown as MethodDecorator;
}

export function consumerOf(extras: Record<string, unknown> | undefined): string | undefined {
  return typeof extras?.consumer === 'string' ? extras.consumer : undefined;
}
