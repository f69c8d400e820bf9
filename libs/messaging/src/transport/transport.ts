import type { EventEnvelope, Reply, RequestEnvelope } from '../envelope.js';

/** Carries a request to exactly one replica of the service that handles its type. */
export interface RequestTransport {
  request(envelope: RequestEnvelope): Promise<Reply>;
}

/** Carries a committed domain event to every consuming service. */
export interface EventTransport {
  publish(event: EventEnvelope): Promise<void>;
}

export const REQUEST_TRANSPORT = Symbol('REQUEST_TRANSPORT');
export const EVENT_TRANSPORT = Symbol('EVENT_TRANSPORT');
