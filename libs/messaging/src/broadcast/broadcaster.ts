import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RedisService } from '#common';

export interface BroadcastSubscriber<T> {
  onMessage(message: T): void;
  /** The connection was lost or came back: messages may have been missed; drop what depends on them. */
  onReset(): void;
}

/**
 * Fire-and-forget messages to every replica of every service (cache invalidation), over Redis
 * pub/sub. Pub/sub delivers at most once, so a subscriber that lost its connection is told
 * (`onReset`) when it drops and again when it is back, and must assume it missed messages.
 */
@Injectable()
export class Broadcaster implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(Broadcaster.name);
  private readonly subscribers = new Map<string, Array<BroadcastSubscriber<unknown>>>();
  private connection: Redis | null = null;
  private connected = false;

  constructor(private readonly redis: RedisService) {}

  onModuleInit(): void {
    if (this.connection) return; // Nest calls it again when the message server starts
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

  /** Resolves false when Redis is unavailable: the message reached nobody. */
  async publish<T>(topic: string, message: T): Promise<boolean> {
    try {
      await this.redis.client.publish(this.channel(topic), JSON.stringify(message));
      return true;
    } catch {
      return false;
    }
  }

  private channel(topic: string): string {
    return this.redis.key('broadcast', topic);
  }

  private deliver(channel: string, raw: string): void {
    let message: unknown;
    try {
      message = JSON.parse(raw);
    } catch {
      this.logger.warn(`dropped a malformed broadcast on ${channel}`);
      return;
    }
    for (const subscriber of this.subscribers.get(channel) ?? []) subscriber.onMessage(message);
  }

  private changed(connected: boolean): void {
    if (connected === this.connected) return;
    this.connected = connected;
    for (const list of this.subscribers.values()) for (const subscriber of list) subscriber.onReset();
  }
}
