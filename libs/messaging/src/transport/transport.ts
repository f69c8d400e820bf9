import type { EventEnvelope } from '../envelope.js';

export interface OutboxEntry {
  /** The outbox row's sequence number: its position in the stream, so a repeat is a no-op. */
  seq: string;
  event: EventEnvelope;
}

/** Carries committed domain events, in commit order, to every consuming service. */
export interface EventTransport {
  /** Appends one outbox's entries to its stream; appending an entry twice keeps one copy. */
  append(source: string, entries: OutboxEntry[]): Promise<void>;
  /** Opens what appends need, so that a relay's first event does not wait for a connection to open. */
  prepareAppends(): void;
  /** False when the stream's history is gone (a Redis that lost its data): the outbox republishes. */
  intact(source: string): Promise<boolean>;
  markIntact(source: string): Promise<void>;
  /**
   * Trims the stream below what every consumer group has acknowledged and returns that bound
   * (an outbox seq: every entry below it is acknowledged by all), or null when it is unknown.
   */
  trimAcknowledged(source: string): Promise<bigint | null>;
}

export const EVENT_TRANSPORT = Symbol('EVENT_TRANSPORT');
