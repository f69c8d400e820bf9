import type { Actor, RequestContext } from '#common';

/**
 * A request from one service to another. `deadline` (epoch ms) lets a replica drop a request
 * its caller has given up on; `requestId` makes a retried create safe; `traceparent` carries
 * the W3C trace context across the transport.
 */
export interface RequestEnvelope<T = unknown> {
  id: string;
  type: string;
  tenant: string | null;
  requestId: string;
  traceparent?: string;
  deadline: number;
  actor: Actor;
  data: T;
}

/** A durable domain event, as it leaves the outbox and reaches every consuming service. */
export interface EventEnvelope<T = unknown> {
  id: string;
  type: string;
  tenant: string | null;
  occurredAt: string;
  aggregateId: string;
  aggregateVersion: number;
  requestId: string | null;
  traceparent: string | null;
  payload: T;
}

export type Reply<T = unknown> = { ok: true; data: T } | { ok: false; error: WireError };

/** An error as it crosses a transport: enough to rebuild the same AppError on the other side. */
export interface WireError {
  kind: string;
  code: string;
  message: string;
  details: Record<string, unknown>;
}

export function contextOf(envelope: RequestEnvelope): RequestContext {
  return {
    requestId: envelope.requestId,
    tenant: envelope.tenant,
    actor: envelope.actor,
  };
}
