import { Logger } from '@nestjs/common';
import { hostname } from 'node:os';
import { inSpan, isUuid, newId, RedisService, SpanKind } from '#common';
import type { EventEnvelope, WireError } from '../envelope.js';
import { encodeError } from '../error-codec.js';
import { GroupReader, type StreamEntry as Entry } from '../transport/redis/group-reader.js';
import type { ConsumerStore } from './consumer.store.js';
import { eventStream, sourceOf } from './redis-streams.transport.js';

type PendingEntry = [id: string, owner: string, idleMs: number, deliveries: number];

export interface ConsumerOptions {
  maxAttempts: number;
  retryBaseMs: number;
  /** How long another replica's event may stay unacknowledged before this one takes it over. */
  claimIdleMs: number;
  retentionDays: number;
}

export interface ConsumerHandlers {
  handles(type: string): boolean;
  dispatch(event: EventEnvelope): Promise<void>;
}

const BATCH = 50;
const MAX_BACKOFF_MS = 60_000;
const CRASHED: WireError = { kind: 'internal', code: 'CONSUMER_STOPPED', message: 'A consumer stopped while handling this event.', details: {} };

/**
 * One service's consumer group on the event streams it needs. Replicas of the service share
 * the group, so each event is handled by one of them. An event is acknowledged only after its
 * handlers succeeded and the inbox recorded it. A failed event stays pending and is retried by
 * its replica after a backoff that doubles with each delivery, until `maxAttempts`, then moved
 * to the dead letters so the stream goes on; failures of the infrastructure itself (PostgreSQL
 * away) are retried without ever dead-lettering. An event another replica has held longer
 * than `claimIdleMs` (that replica died or hangs) is taken over.
 */
export class StreamConsumer {
  private readonly logger: Logger;
  private readonly name = `${hostname()}-${process.pid}-${newId().slice(-8)}`;
  private readonly lastErrors = new Map<string, WireError>();
  private readonly streams: string[];
  private reader: GroupReader | null = null;
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private timers: NodeJS.Timeout[] = [];
  private reclaiming = false;

  constructor(
    private readonly redis: RedisService,
    private readonly group: string,
    sources: string[],
    private readonly store: ConsumerStore,
    private readonly handlers: ConsumerHandlers,
    private readonly options: ConsumerOptions,
  ) {
    this.logger = new Logger(`EventConsumer:${group}`);
    this.streams = sources.map((source) => eventStream((...p) => redis.key(...p), source));
  }

  start(): void {
    this.running = true;
    // The group reads its streams from their start, so a consumer deployed later misses nothing kept.
    this.reader = new GroupReader(this.redis, `events:${this.group}`, { group: this.group, consumer: this.name, from: '0', count: BATCH });
    this.loop = this.reader.read(this.streams, (stream, entries) => this.processBatch(stream, entries));
    this.timers = [
      setInterval(() => void this.reclaim(), Math.min(1000, this.options.retryBaseMs)),
      setInterval(() => void this.store.forgetHandledBefore(this.options.retentionDays).catch(() => undefined), 3_600_000),
    ];
    for (const timer of this.timers) timer.unref();
  }

  /**
   * Stops reading and finishes (and acknowledges) the batch in hand, so no event is left pending
   * here until another replica claims it (EVENT_CLAIM_IDLE_MS later).
   */
  async stop(): Promise<void> {
    this.running = false;
    for (const timer of this.timers) clearInterval(timer);
    await this.reader?.stop();
    this.reader?.disconnect();
    await this.loop;
  }

  /** Events delivered to this group and not yet acknowledged, over all its streams. */
  async pending(): Promise<number> {
    let total = 0;
    for (const stream of this.streams) total += Number(((await this.redis.client.xpending(stream, this.group)) as [number])[0]);
    return total;
  }

  /**
   * Handles a batch: events of different aggregates concurrently, those of one aggregate in
   * stream order; then records the successes in the inbox and acknowledges them, one statement
   * and one call for the batch. Events this consumer does not handle cost no database round
   * trip; the inbox is read once for the batch. A crash between a handler's work and the
   * inbox's record repeats that handler (which handlers tolerate), never skips it.
   */
  private async processBatch(stream: string, entries: Entry[]): Promise<void> {
    const parsed = entries.map(([id, fields]) => ({ id, event: parse(fields) }));
    const mine = parsed.filter((p): p is { id: string; event: EventEnvelope } => p.event !== null && this.handlers.handles(p.event.type));
    let seen: Set<string>;
    try {
      seen = await this.store.handledAmong(this.group, mine.map((p) => p.event.id).filter(isUuid));
    } catch (error) {
      for (const p of mine) this.lastErrors.set(p.id, encodeError(error));
      return; // left pending: retried after the backoff
    }
    // What is not ours, or is in the inbox already, is acknowledged without running anything.
    const toDo = new Set(mine.filter((p) => !seen.has(p.event.id)));
    const done = parsed.filter((p) => !toDo.has(p as (typeof mine)[number])).map((p) => p.id);
    const byAggregate = new Map<string, typeof mine>();
    for (const p of toDo) byAggregate.set(p.event.aggregateId, [...(byAggregate.get(p.event.aggregateId) ?? []), p]);
    const handledNow = new Map<string, string>(); // entry id → event id
    await Promise.all(
      [...byAggregate.values()].map(async (ofAggregate) => {
        for (const { id, event } of ofAggregate) if (await this.handle(id, event)) handledNow.set(id, event.id);
      }),
    );
    try {
      await this.store.markHandled(this.group, [...handledNow.values()]);
      done.push(...handledNow.keys());
    } catch (error) {
      for (const id of handledNow.keys()) this.lastErrors.set(id, encodeError(error));
    }
    if (done.length > 0) await this.redis.client.xack(stream, this.group, ...done).catch(() => undefined);
  }

  /** True when the handlers succeeded (the inbox is the batch's to write). */
  private async handle(id: string, event: EventEnvelope): Promise<boolean> {
    try {
      if (!isUuid(event.id)) throw new Error(`event id ${String(event.id)} is not a UUID`);
      await this.consume(event);
      this.lastErrors.delete(id);
      return true;
    } catch (error) {
      this.lastErrors.set(id, encodeError(error));
      return false;
    }
  }

  /** Inside a consumer span that continues the trace of the request that raised the event. */
  private consume(event: EventEnvelope): Promise<void> {
    const options = { kind: SpanKind.CONSUMER, traceparent: event.traceparent, requestId: event.requestId, attributes: { 'messaging.consumer.group.name': this.group, 'messaging.message.id': event.id } };
    return inSpan(`consume ${event.type}`, options, async () => {
      try {
        await this.handlers.dispatch(event);
        this.logger.debug(`consumed ${event.type} ${event.id} (group ${this.group})`);
      } catch (error) {
        this.logger.warn({ err: error, eventId: event.id, type: event.type }, 'handling an event failed; it will be retried');
        throw error;
      }
    });
  }

  /** Claims pending events whose backoff has passed: retried, or dead-lettered after the last attempt. */
  private async reclaim(): Promise<void> {
    if (this.reclaiming || !this.running) return;
    this.reclaiming = true;
    try {
      for (const stream of this.streams) {
        const pending = (await this.redis.client.xpending(stream, this.group, 'IDLE', this.options.retryBaseMs, '-', '+', BATCH)) as PendingEntry[];
        for (const [id, owner, idle, deliveries] of pending) {
          if (!this.due(owner, id, idle, deliveries)) continue;
          const [entry] = (await this.redis.client.xclaim(stream, this.group, this.name, Math.min(idle, this.backoff(deliveries)), id)) as Entry[];
          if (!entry) continue;
          const lastError = this.lastErrors.get(id) ?? CRASHED;
          if (deliveries >= this.options.maxAttempts && lastError.kind !== 'unavailable') await this.deadLetter(stream, entry, deliveries, lastError);
          else await this.processBatch(stream, [entry]);
        }
      }
    } catch {
      // Redis or PostgreSQL away: the next round tries again.
    } finally {
      this.reclaiming = false;
    }
  }

  private async deadLetter(stream: string, [id, fields]: Entry, attempts: number, error: WireError): Promise<void> {
    const event = parse(fields);
    if (event) await this.store.deadLetter(this.group, sourceOf(stream), event, error, attempts);
    await this.redis.client.xack(stream, this.group, id);
    this.lastErrors.delete(id);
    this.logger.error({ eventId: event?.id, type: event?.type, requestId: event?.requestId, error }, `gave up on an event after ${attempts} attempts; it is in the dead letters`);
  }

  /** Our own failures after their backoff; another replica's events only once it let them sit. */
  private due(owner: string, id: string, idle: number, deliveries: number): boolean {
    if (owner === this.name) return this.lastErrors.has(id) && idle >= this.backoff(deliveries);
    return idle >= Math.max(this.options.claimIdleMs, this.backoff(deliveries));
  }

  private backoff(deliveries: number): number {
    return Math.min(this.options.retryBaseMs * 2 ** Math.max(0, deliveries - 1), MAX_BACKOFF_MS);
  }
}

function parse(fields: string[]): EventEnvelope | null {
  try {
    return JSON.parse(fields[fields.indexOf('e') + 1] ?? '') as EventEnvelope;
  } catch {
    return null;
  }
}
