import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Cluster } from 'ioredis';
import { bounded, newId, RedisService, type RedisConnection } from '#common';

export interface BroadcastSubscriber<T> {
  onMessage(message: T): void;
  /** The connection was lost or came back: messages may have been missed; drop what depends on them. */
  onReset(): void;
}

/** On the wire: the message, and where receivers confirm it when the sender waits for them. */
interface Wire {
  body: unknown;
  ack?: { channel: string; id: string };
}

export interface PublishOptions {
  /**
   * Wait until every replica subscribed at the time has handled the message, for at most this
   * long. Redis hands a published message to the subscribers' connections at once, but a
   * replica may still answer a request it read earlier before it reads the message: a writer
   * that must not let a client see the old state anywhere waits for the receivers' count.
   */
  confirmWithinMs?: number;
}

/**
 * A Redis that has not taken a publication within this long is hanging: the sender stops waiting
 * at once rather than for receivers that cannot hear it (slow receivers are waited for longer).
 */
const PUBLISH_ANSWER_MS = 200;

/** A publication waiting for its receivers' confirmations. */
interface Confirmation {
  received: number;
  /** Unknown until PUBLISH answers (confirmations may arrive before it does). */
  expected: number | null;
  done: (confirmed: boolean) => void;
}

/**
 * Messages to every replica of every service (cache invalidation, job changes), over Redis
 * pub/sub. Pub/sub delivers at most once, so a subscriber that lost its connection is told
 * (`onReset`) when it drops and again when it is back, and must assume it missed messages.
 *
 * A sender that waits for confirmations is woken by them: each receiver publishes the message's
 * id to the sender's own channel once its subscribers ran, and the sender counts them against
 * the number of receivers PUBLISH reported. Nothing polls, so a busy machine spends no CPU on
 * the wait, and a live but slow replica is waited for (up to `confirmWithinMs`); a replica that
 * died is not counted, since Redis drops its connection from the channel at once.
 *
 * On a Redis Cluster, topics travel on sharded pub/sub (SSUBSCRIBE, SPUBLISH: Redis 7): a
 * classic PUBLISH reaches every node's subscribers but counts only those of the node it ran on,
 * which would end the wait before the other receivers confirmed. A sharded channel lives on the
 * primary of its slot, where every receiver subscribes and SPUBLISH counts them all. The
 * confirmations, counted by nobody, stay on classic pub/sub.
 */
@Injectable()
export class Broadcaster implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(Broadcaster.name);
  private readonly subscribers = new Map<string, Array<BroadcastSubscriber<unknown>>>();
  private readonly confirmations = new Map<string, Confirmation>();
  private readonly ackChannel: string;
  private connection: RedisConnection | null = null;
  private connected = false;
  /** Topics on sharded pub/sub (a Redis Cluster). */
  private readonly sharded: boolean;

  constructor(private readonly redis: RedisService) {
    this.ackChannel = redis.key('broadcast-ack', newId());
    this.sharded = redis.client instanceof Cluster;
  }

  onModuleInit(): void {
    const connection = this.redis.connect('broadcast', { enableOfflineQueue: true, maxRetriesPerRequest: null });
    connection.on('message', (channel: string, raw: string) => (channel === this.ackChannel ? this.confirmed(raw) : this.deliver(channel, raw)));
    connection.on('smessage', (channel: string, raw: string) => this.deliver(channel, raw));
    connection.on('ready', () => this.changed(true));
    connection.on('close', () => this.changed(false));
    this.connection = connection;
    void connection.subscribe(this.ackChannel).catch(() => undefined);
    for (const channel of this.subscribers.keys()) this.listen(channel);
  }

  onApplicationShutdown(): void {
    this.connection = null;
    for (const confirmation of this.confirmations.values()) confirmation.done(false);
  }

  /** Whether this replica currently receives broadcasts. */
  get live(): boolean {
    return this.connected;
  }

  subscribe<T>(topic: string, subscriber: BroadcastSubscriber<T>): void {
    const channel = this.channel(topic);
    const list = this.subscribers.get(channel) ?? [];
    if (list.length === 0) this.listen(channel);
    this.subscribers.set(channel, [...list, subscriber as BroadcastSubscriber<unknown>]);
  }

  /**
   * Resolves true once Redis took the message and, with `confirmWithinMs`, every receiver
   * confirmed it; false otherwise. With `confirmWithinMs` the whole publication takes at most
   * that long: a write waits for it before answering, and a Redis that hangs must not hold the
   * answer (without it, each command is bounded by the connection's command timeout).
   */
  async publish<T>(topic: string, message: T, { confirmWithinMs }: PublishOptions = {}): Promise<boolean> {
    if (!confirmWithinMs) return this.send(this.channel(topic), JSON.stringify({ body: message })).then(() => true, () => false);
    const id = newId();
    const confirmed = new Promise<boolean>((done) => this.confirmations.set(id, { received: 0, expected: null, done }));
    const wire: Wire = { body: message, ack: { channel: this.ackChannel, id } };
    const hanging = setTimeout(() => this.settle(id, false), Math.min(PUBLISH_ANSWER_MS, confirmWithinMs));
    this.send(this.channel(topic), JSON.stringify(wire)).then(
      (receivers) => {
        clearTimeout(hanging);
        this.expect(id, receivers);
      },
      () => this.settle(id, false),
    );
    return bounded(confirmed, confirmWithinMs, { orElse: false }).finally(() => {
      clearTimeout(hanging);
      this.confirmations.delete(id);
    });
  }

  private listen(channel: string): void {
    const connection = this.connection;
    if (connection) void (this.sharded ? connection.ssubscribe(channel) : connection.subscribe(channel)).catch(() => undefined);
  }

  /** Publishes on a topic's channel; resolves with the number of receivers. */
  private send(channel: string, raw: string): Promise<number> {
    return this.sharded ? (this.redis.client.spublish(channel, raw) as Promise<number>) : this.redis.client.publish(channel, raw);
  }

  private expect(id: string, receivers: number): void {
    const confirmation = this.confirmations.get(id);
    if (!confirmation) return;
    confirmation.expected = receivers;
    if (confirmation.received >= receivers) this.settle(id, true);
  }

  private confirmed(id: string): void {
    const confirmation = this.confirmations.get(id);
    if (!confirmation) return;
    confirmation.received += 1;
    if (confirmation.expected !== null && confirmation.received >= confirmation.expected) this.settle(id, true);
  }

  private settle(id: string, confirmed: boolean): void {
    this.confirmations.get(id)?.done(confirmed);
    this.confirmations.delete(id);
  }

  private channel(topic: string): string {
    return this.redis.key('broadcast', topic);
  }

  private deliver(channel: string, raw: string): void {
    let wire: Wire;
    try {
      wire = JSON.parse(raw) as Wire;
    } catch {
      this.logger.warn(`dropped a malformed broadcast on ${channel}`);
      return;
    }
    for (const subscriber of this.subscribers.get(channel) ?? []) subscriber.onMessage(wire.body);
    if (!wire.ack || typeof wire.ack.channel !== 'string') return;
    // Our own message: confirmed here, without a round trip through Redis.
    if (wire.ack.channel === this.ackChannel) this.confirmed(String(wire.ack.id));
    else void this.redis.client.publish(wire.ack.channel, String(wire.ack.id)).catch(() => undefined);
  }

  private changed(connected: boolean): void {
    if (connected === this.connected) return;
    this.connected = connected;
    for (const list of this.subscribers.values()) for (const subscriber of list) subscriber.onReset();
  }
}
