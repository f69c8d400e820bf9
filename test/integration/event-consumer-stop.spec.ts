import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { newId, type RedisService } from '#common';
import { ConsumerStore, EventEnvelope, type RedisStreamsEventTransport, StreamConsumer } from '#messaging';
import { EventPath } from '../harness/event-path.js';

/**
 * An event consumer replica stopped (SIGTERM) while events flow, again and again: each stop
 * finishes and acknowledges what the replica took, so no event is left pending on a stopped
 * replica (where it would wait EVENT_CLAIM_IDLE_MS for another replica to claim it). Real
 * PostgreSQL (the inbox) and Redis.
 */
describe('event consumer: stop while events flow', () => {
  const SOURCE = 'jobs';
  let path: EventPath;
  let dataSource: DataSource;
  let redis: RedisService;
  let transport: RedisStreamsEventTransport;

  beforeAll(async () => {
    path = await EventPath.create(SOURCE);
    ({ dataSource, redis, transport } = path);
  });

  afterAll(async () => {
    await path.close();
  });

  it('leaves nothing pending on a stopped replica', async () => {
    const handled = new Set<string>();
    const stream = redis.key('{events}', SOURCE);
    // Bulky events, appended in bursts: reads return large batches, as under load.
    const padding = 'x'.repeat(20_000);
    let seq = 0;
    let producing = true;
    const producer = (async () => {
      while (producing) {
        const entries = Array.from({ length: 25 }, () => {
          seq += 1;
          const event = { id: newId(), type: 'job.registered', aggregateId: newId(), aggregateVersion: 1, payload: { padding } } as unknown as EventEnvelope;
          return { seq: String(seq), event };
        });
        await transport.append(SOURCE, entries);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();

    const leftPending: number[] = [];
    for (let round = 0; round < 20; round++) {
      const consumer = new StreamConsumer(redis, 'jobs', [SOURCE], new ConsumerStore(dataSource, SOURCE), {
        handles: () => true,
        dispatch: async (event) => void handled.add(event.id),
      }, { maxAttempts: 3, retryBaseMs: 60_000, claimIdleMs: 600_000, retentionDays: 7 });
      consumer.start();
      await new Promise((resolve) => setTimeout(resolve, 150 + (round % 5) * 37));
      await consumer.stop();
      leftPending.push(Number(((await redis.client.xpending(stream, 'jobs')) as [number])[0]));
    }
    producing = false;
    await producer;

    expect(leftPending).toEqual(leftPending.map(() => 0));
    expect(handled.size).toBeGreaterThan(0);
  }, 60_000);
});
