import { Injectable } from '@nestjs/common';
import { RedisService, type RedisConnection } from '#common';
import type { EventTransport, OutboxEntry } from '../transport/transport.js';

/**
 * The stream of one outbox (one service's schema), `<prefix>:{events}:<source>`, and the marker
 * of its history. Every event stream shares one hash tag: a service's consumer group reads all
 * its source streams in one blocking XREADGROUP, which a Redis Cluster takes only when they are
 * in one slot. Events are bounded by the outbox relays' rate (PostgreSQL commits), far below
 * what one Redis primary takes, so one slot holds them all.
 */
export const eventStream = (key: RedisService['key'], source: string): string => key('{events}', source);
const historyMarker = (key: RedisService['key'], source: string): string => key('{events}', source, 'history');

/** The source (outbox) of an event stream's name. */
export const sourceOf = (stream: string): string => stream.split(':').pop()!;

/**
 * Durable domain events on Redis Streams: one stream per outbox, each entry's ID is its outbox
 * `seq`, so republishing an entry (a relay that died before marking it, or a replay after Redis
 * lost its data) cannot duplicate it: Redis refuses an ID at or below the stream's top. A row
 * that committed after a higher `seq` was published is appended after the top instead of lost.
 */
@Injectable()
export class RedisStreamsEventTransport implements EventTransport {
  /**
   * Behind Sentinel or in a Cluster, appends go on a connection of their own: WAIT (below) holds its connection
   * until a replica confirms, all of `replicaWaitMs` while no replica is connected, and on
   * the shared connection every other command of the process would queue behind it.
   */
  private appender: RedisConnection | null = null;

  constructor(private readonly redis: RedisService) {}

  /**
   * Opening a Sentinel or Cluster connection takes a round of discovery (up to a second on a
   * busy machine: the first event published after start waited for it), so it opens with the relay.
   */
  prepareAppends(): void {
    if (this.redis.replicaWaitMs) this.appendConnection();
  }

  private appendConnection(): RedisConnection {
    return (this.appender ??= this.redis.connectForCommands('outbox-append'));
  }

  async append(source: string, entries: OutboxEntry[]): Promise<void> {
    const stream = eventStream(this.key, source);
    const wait = this.redis.replicaWaitMs;
    const client = wait ? this.appendConnection() : this.redis.client;
    const pipeline = client.pipeline();
    for (const { seq, event } of entries) pipeline.xadd(stream, `${seq}-0`, 'e', JSON.stringify(event));
    const results = (await pipeline.exec()) ?? [];
    const failure = results.find(([error]) => error && !/equal or smaller than the target stream top/.test(error.message));
    if (failure) throw failure[0];
    // Refused as at or below the top: a repeat, or a late commit (see appendLate).
    for (const [i, entry] of entries.entries()) if (results[i]?.[0]) await this.appendLate(client, stream, entry);
    // The relay marks these rows published next, so a replica must have them before a failover
    // can promote it. WAIT's answer (how many replicas confirmed) is not a failure when 0: with
    // no replica connected there is none to promote either.
    if (wait) await waitForReplica(client, stream, wait);
  }

  /**
   * Concurrent transactions commit in any order, so a row can commit after rows with a higher
   * `seq` were published: its own ID is then below the stream's top and Redis refuses it. Such a
   * row goes after the top (same `seq` part as the top, next sequence number) unless the stream
   * already has it (a repeat of a published row). Consumers apply each event once whatever its
   * position, and one aggregate's events still commit, and so stream, in order (row locks).
   */
  private async appendLate(client: RedisConnection, stream: string, { seq, event }: OutboxEntry): Promise<void> {
    if ((await client.xrange(stream, `${seq}-0`, `${seq}-0`)).length > 0) return;
    const info = Object.fromEntries(chunk((await client.xinfo('STREAM', stream)) as Array<string | number>)) as { 'last-generated-id': string };
    await client.xadd(stream, `${seqOf(info['last-generated-id'])}-*`, 'e', JSON.stringify(event));
  }

  async intact(source: string): Promise<boolean> {
    return (await this.redis.client.exists(historyMarker(this.key, source))) === 1;
  }

  async markIntact(source: string): Promise<void> {
    await this.redis.client.set(historyMarker(this.key, source), new Date().toISOString());
  }

  async trimAcknowledged(source: string): Promise<bigint | null> {
    const stream = eventStream(this.key, source);
    const client = this.redis.client;
    if (!(await client.exists(stream))) return null;
    const groups = (await client.xinfo('GROUPS', stream)) as Array<Array<string | number>>;
    let bound: bigint | null = null;
    for (const group of groups) {
      const info = Object.fromEntries(chunk(group)) as { name: string; pending: number; 'last-delivered-id': string };
      const [count, smallest] = (await client.xpending(stream, info.name)) as [number, string | null];
      const groupBound = count > 0 && smallest ? seqOf(smallest) : seqOf(info['last-delivered-id']) + 1n;
      bound = bound === null || groupBound < bound ? groupBound : bound;
    }
    if (bound === null) return null; // no consumer group yet: nothing is known to be acknowledged
    await client.xtrim(stream, 'MINID', `${bound}-0`);
    return bound;
  }

  private readonly key = (...parts: Array<string | number>): string => this.redis.key(...parts);
}

/**
 * WAIT confirms the writes of its own connection on the node it runs on. A keyless command on a
 * cluster connection goes to any node, but a pipeline goes to the node of its keys: the EXISTS
 * pins WAIT to the stream's primary.
 */
async function waitForReplica(client: RedisConnection, stream: string, waitMs: number): Promise<void> {
  const [, [error] = []] = (await client.pipeline().exists(stream).call('WAIT', 1, waitMs).exec()) ?? [];
  if (error) throw error;
}

function seqOf(streamId: string): bigint {
  return BigInt(streamId.split('-')[0] ?? '0');
}

function chunk(flat: Array<string | number>): Array<[string, string | number]> {
  const pairs: Array<[string, string | number]> = [];
  for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([String(flat[i]), flat[i + 1]!]);
  return pairs;
}
