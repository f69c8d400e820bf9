import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { bounded, newId, RedisService } from '#common';

export interface BroadcastSubscriber<T> {
  onMessage(message: T): void;
  /** The connection was lost or came back: messages may have been missed; drop what depends on them. */
  onReset(): void;
}

/** On the wire: the message, and where receivers count themselves when the sender waits for them. */
interface Wire {
  body: unknown;
  ack?: string;
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

const ACK_TTL_MS = 10_000;
const ACK_POLL_MS = 1;

/**
 * Messages to every replica of every service (cache invalidation), over Redis pub/sub. Pub/sub
 * delivers at most once, so a subscriber that lost its connection is told (`onReset`) when it
 * drops and again when it is back, and must assume it missed messages.
 */
@Injectable()
export class Broadcaster implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(Broadcaster.name);
  private readonly subscribers = new Map<string, Array<BroadcastSubscriber<unknown>>>();
  private connection: Redis | null = null;
  private connected = false;

  constructor(private readonly redis: RedisService) {}

  onModuleInit(): void {
    const connection = this.redis.connect('broadcast', { enableOfflineQueue: true, maxRetriesPerRequest: null });
    connection.on('message', (channel: string, raw: string) => this.deliver(channel, raw));
    connection.on('ready', () => this.changed(true));
    connection.on('close', () => this.changed(false));
    this.connection = connection;
    for (const channel of this.subscribers.keys()) void connection.subscribe(channel).catch(() => undefined);
  }

  onApplicationShutdown(): void {
    this.connection = null;
  }

  /** Whether this replica currently receives broadcasts. */
  get live(): boolean {
    return this.connected;
  }

  subscribe<T>(topic: string, subscriber: BroadcastSubscriber<T>): void {
    const channel = this.channel(topic);
    const list = this.subscribers.get(channel) ?? [];
    if (list.length === 0) void this.connection?.subscribe(channel).catch(() => undefined);
    this.subscribers.set(channel, [...list, subscriber as BroadcastSubscriber<unknown>]);
  }

  /**
   * Resolves true once Redis took the message and, with `confirmWithinMs`, every receiver
   * counted itself; false otherwise. With `confirmWithinMs` the whole publication takes at most
   * that long: a write waits for it before answering, and a Redis that hangs must not hold the
   * answer (without it, each command is bounded by the connection's command timeout).
   */
  async publish<T>(topic: string, message: T, { confirmWithinMs }: PublishOptions = {}): Promise<boolean> {
    const wire: Wire = { body: message, ack: confirmWithinMs ? this.redis.key('broadcast-ack', newId()) : undefined };
    const sending = this.send(this.channel(topic), wire, Date.now() + (confirmWithinMs ?? 0));
    try {
      return await (confirmWithinMs ? bounded(sending, confirmWithinMs, () => new Error('broadcast not confirmed in time')) : sending);
    } catch {
      return false;
    }
  }

  /** Publishes; with an ack key, polls until `until` for the receivers' count (a replica may be going away). */
  private async send(channel: string, wire: Wire, until: number): Promise<boolean> {
    const receivers = await this.redis.client.publish(channel, JSON.stringify(wire));
    if (!wire.ack) return true;
    while (Date.now() < until) {
      if (Number(await this.redis.client.get(wire.ack)) >= receivers) return true;
      await sleep(ACK_POLL_MS);
    }
    return false;
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
    if (typeof wire.ack === 'string') void this.redis.client.multi().incr(wire.ack).pexpire(wire.ack, ACK_TTL_MS).exec().catch(() => undefined);
  }

  private changed(connected: boolean): void {
    if (connected === this.connected) return;
    this.connected = connected;
    for (const list of this.subscribers.values()) for (const subscriber of list) subscriber.onReset();
  }
}
