import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import type { TenantCredentials } from '../harness/auth.js';
import { inDays } from '../harness/campaigns.js';
import { Deployment, Member } from '../harness/deployment.js';
import { eventually, request } from '../harness/http.js';
import { EventStreamClient, type StreamMessage } from '../harness/event-stream.js';
import { SHARED_REDIS } from '../harness/test-env.js';

/**
 * kill -9 of a gateway holding live streams (`GET /v1/campaign-events/stream`) while a writer
 * changes campaigns and events through the other gateway (split mode, built processes: two
 * gateways, a campaigns and a jobs service). Both gateways consume the durable events (one
 * group: each event is handled by one of them), so the victim may die with events it took and
 * had not acknowledged; the survivor claims them after EVENT_CLAIM_IDLE_MS.
 *
 * Half of the clients hold their stream on the victim: theirs end, and each comes back, after
 * the `retry:` its stream gave, to the survivor with its Last-Event-ID (as an app's EventSource
 * behind a load balancer would). In the end every client, on either gateway, has received
 * every change the writer got a 2xx for, exactly once (the push log appends each durable event
 * once), in the order of the log's ids, with no gap against the log itself and no `reset`; the
 * survivor's clients kept their one stream throughout.
 */
const CLIENTS = 20;
const CHANGE_TYPES = new Set(['campaign.created', 'campaign.updated', 'campaign.deleted', 'event.created', 'event.updated', 'event.deleted']);
const WRITERS = 2;

interface Holder {
  name: string;
  headers: Record<string, string>;
  /** The stream, then (for the victim's clients) the one that resumed it. */
  streams: EventStreamClient[];
  onVictim: boolean;
  endedAt?: number;
  resumedReadyAt?: number;
}

interface Change {
  key: string;
  at: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const changeKey = (type: string, id: string, version: number) => `${type}:${id}:${version}`;
const compareIds = (x: string, y: string) => {
  const [xm, xs] = x.split('-').map(Number) as [number, number];
  const [ym, ys] = y.split('-').map(Number) as [number, number];
  return xm - ym || xs - ys;
};
const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `min ${sorted[0]} / median ${sorted[Math.floor(sorted.length / 2)]} / max ${sorted.at(-1)} ms`;
};

describe('kill -9 of a gateway holding live streams', () => {
  let deployment: Deployment;
  let victim: Member;
  let survivor: Member;
  let t: TenantCredentials;
  let redis: Redis;
  const holders: Holder[] = [];
  let writing = false;

  beforeAll(async () => {
    deployment = await Deployment.create({
      RATE_LIMIT: 'off',
      EVENT_CLAIM_IDLE_MS: '2000', // the victim's unacknowledged events go to the survivor within seconds
      PUSH_RETRY_MS: '1000', // the `retry:` a stream starts with (jittered ±50 %)
    });
    await deployment.start('campaigns');
    await deployment.start('jobs');
    victim = await deployment.start('gateway');
    survivor = await deployment.start('gateway');
    // Four processes starting at once on a busy machine: a generous margin for readiness.
    ({ t } = await deployment.open(survivor, 90_000));
    redis = new Redis(SHARED_REDIS, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
  }, 120_000);

  afterAll(async () => {
    writing = false;
    for (const holder of holders) for (const stream of holder.streams) stream.close();
    redis?.disconnect();
    await deployment?.destroy();
  });

  it('resumes the killed gateway’s clients on the survivor with every change, once, in log order', async () => {
    const started = Date.now();
    // K clients, alternately on each gateway, alternately with the API key and a staff token.
    for (let i = 0; i < CLIENTS; i++) {
      const onVictim = i % 2 === 0;
      const headers = i % 4 < 2 ? t.headers.apiKey : t.headers.viewer;
      const stream = await EventStreamClient.open((onVictim ? victim : survivor).url, headers);
      expect(stream.status).toBe(200);
      holders.push({ name: `${onVictim ? 'victim' : 'survivor'}-${i}-${i % 4 < 2 ? 'apiKey' : 'staff'}`, headers, streams: [stream], onVictim });
    }
    await Promise.all(holders.map((h) => h.streams[0]!.next((m) => m.event === 'ready', 15_000)));

    // The writers: each changes campaigns and events of its own through the survivor; what
    // answered 2xx is a change every client must receive (type, id and version).
    const expected: Change[] = [];
    const failures: string[] = [];
    /** Each write's start and duration (ms). */
    const durations: Array<{ startedAt: number; ms: number }> = [];
    writing = true;
    const write = async (method: string, path: string, body?: unknown) => {
      const startedAt = Date.now();
      const res = await request(survivor.url, method, path, { headers: t.headers.editor, body }).catch((error: Error) => ({ status: 0, text: error.message, body: undefined as any }));
      if (res.status < 200 || res.status > 299) failures.push(`${method} ${path}: ${res.status} ${res.text}`);
      durations.push({ startedAt, ms: Date.now() - startedAt });
      return res;
    };
    const writer = async (w: number) => {
      const campaigns: Array<{ id: string; version: number; events: Array<{ id: string; version: number }> }> = [];
      const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;
      for (let seq = 0; writing; seq++) {
        const r = Math.random();
        const withEvents = campaigns.filter((c) => c.events.length > 0);
        if (campaigns.length < 3 || r < 0.2) {
          const res = await write('POST', '/v1/campaign-events', { name: `Kill ${w}-${seq}`, startDate: inDays(1, started), endDate: inDays(30, started) });
          if (res.status !== 201) continue;
          campaigns.push({ id: res.body.id, version: res.body.version, events: [] });
          expected.push({ key: changeKey('campaign.created', res.body.id, res.body.version), at: Date.now() });
        } else if (r < 0.45) {
          const campaign = pick(campaigns);
          const res = await write('POST', '/v1/events', { campaignEventId: campaign.id, name: `Show ${w}-${seq}`, startDate: inDays(2, started), endDate: inDays(3, started) });
          if (res.status !== 201) continue;
          campaign.events.push({ id: res.body.id, version: res.body.version });
          expected.push({ key: changeKey('event.created', res.body.id, res.body.version), at: Date.now() });
        } else if (r < 0.65) {
          const campaign = pick(campaigns);
          const res = await write('PATCH', `/v1/campaign-events/${campaign.id}`, { name: `Renamed ${w}-${seq}` });
          if (res.status !== 200) continue;
          campaign.version = res.body.version;
          expected.push({ key: changeKey('campaign.updated', campaign.id, campaign.version), at: Date.now() });
        } else if (r < 0.82 && withEvents.length > 0) {
          const event = pick(pick(withEvents).events);
          const res = await write('PATCH', `/v1/events/${event.id}`, { name: `Renamed show ${w}-${seq}` });
          if (res.status !== 200) continue;
          event.version = res.body.version;
          expected.push({ key: changeKey('event.updated', event.id, event.version), at: Date.now() });
        } else if (r < 0.92 && withEvents.length > 0) {
          const campaign = pick(withEvents);
          const event = pick(campaign.events);
          const res = await write('DELETE', `/v1/events/${event.id}`);
          if (res.status !== 204) continue;
          campaign.events.splice(campaign.events.indexOf(event), 1);
          // A deletion's version is the last one plus one.
          expected.push({ key: changeKey('event.deleted', event.id, event.version + 1), at: Date.now() });
        } else if (campaigns.length > 3) {
          const campaign = pick(campaigns);
          const res = await write('DELETE', `/v1/campaign-events/${campaign.id}`);
          if (res.status !== 204) continue;
          campaigns.splice(campaigns.indexOf(campaign), 1);
          // Each of its events is deleted with it, and announced.
          const now = Date.now();
          for (const event of campaign.events) expected.push({ key: changeKey('event.deleted', event.id, event.version + 1), at: now });
          expected.push({ key: changeKey('campaign.deleted', campaign.id, campaign.version + 1), at: now });
        }
        await sleep(10);
      }
    };
    const writers = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));

    // Before: a steady flow, seen on the victim's streams.
    await eventually(async () => (expected.length >= 40 ? true : undefined), 30_000, 50);
    await eventually(async () => (holders.every((h) => h.streams[0]!.messages.length >= 20) ? true : undefined), 30_000, 50);

    // The victim consumes its share of the durable events: kill it while it holds one it took
    // and has not announced yet (its push-log once-key not set), looked for during at most 20 s.
    const prefix = deployment.env.redisPrefix;
    const consumerPrefix = `${hostname()}-${victim.spawned.child.pid}-`;
    const eventStreams: string[] = [];
    for (let cursor = '0', keys: string[]; ; ) {
      [cursor, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:{events}:*`, 'COUNT', 1000);
      for (const key of keys) if ((await redis.type(key)) === 'stream') eventStreams.push(key);
      if (cursor === '0') break;
    }
    expect(eventStreams.length).toBeGreaterThan(0);
    const victimHolds = async () => {
      const held = { taken: 0, unannounced: [] as string[] };
      for (const stream of eventStreams) {
        const pending = (await redis.xpending(stream, 'identity', '-', '+', 100).catch(() => [])) as Array<[string, string, number, number]>;
        for (const [entryId, consumer] of pending) {
          if (!consumer.startsWith(consumerPrefix)) continue;
          held.taken += 1;
          const [entry] = await redis.xrange(stream, entryId, entryId);
          const event = JSON.parse(entry![1][entry![1].indexOf('e') + 1]!);
          if (CHANGE_TYPES.has(event.type) && (await redis.exists(`${prefix}:{push}:once:event:${event.id}`)) === 0) held.unannounced.push(changeKey(event.type, event.aggregateId, event.aggregateVersion));
        }
      }
      return held;
    };
    // A moment seen running is checked again frozen (SIGSTOP; what it had sent Redis lands
    // meanwhile): SIGKILL then, or SIGCONT and look on.
    const searchStarted = Date.now();
    let stops = 0;
    for (const until = Date.now() + 20_000; Date.now() < until; ) {
      if ((await victimHolds()).unannounced.length === 0) continue;
      victim.spawned.child.kill('SIGSTOP');
      stops += 1;
      await sleep(50);
      if ((await victimHolds()).unannounced.length > 0) break;
      victim.spawned.child.kill('SIGCONT');
    }
    const searchedMs = Date.now() - searchStarted;
    const writtenBeforeKill = expected.length;
    const killedAt = victim.kill();
    expect(await victim.spawned.exitCode()).toBeNull(); // killed, not exited
    // What it died holding (nobody can claim it for EVENT_CLAIM_IDLE_MS): those changes reach
    // the clients only through the survivor's claim.
    const heldAtDeath = await victimHolds();
    expect({ searchedMs, stops, diedHoldingAnUnannouncedChange: heldAtDeath.unannounced.length > 0 }).toEqual({ searchedMs, stops, diedHoldingAnUnannouncedChange: true });

    // Its clients see their stream end, wait the `retry:` it gave, and resume on the survivor.
    const resume = async (holder: Holder) => {
      const first = holder.streams[0]!;
      await first.until(() => first.ended, 20_000, 'the stream to end after the kill');
      holder.endedAt = Date.now();
      const retryMs = first.retries.at(-1)!;
      expect(retryMs).toBeGreaterThanOrEqual(500);
      expect(retryMs).toBeLessThanOrEqual(1500);
      for (let attempt = 1; ; attempt++) {
        await sleep(retryMs);
        const lastEventId = holder.streams.at(-1)!.lastEventId!;
        const stream = await EventStreamClient.open(survivor.url, holder.headers, lastEventId).catch(() => undefined);
        if (stream?.status === 200) {
          holder.streams.push(stream);
          await stream.next((m) => m.event === 'ready', 15_000);
          holder.resumedReadyAt = Date.now();
          return;
        }
        stream?.close();
        if (attempt >= 5) throw new Error(`${holder.name} could not resume: ${stream?.status ?? 'no connection'}`);
      }
    };
    await Promise.all(holders.filter((h) => h.onVictim).map(resume));
    const allResumedAt = Date.now();
    const writtenDuring = expected.length - writtenBeforeKill;

    // After: the flow goes on for a while on the resumed streams.
    await eventually(async () => (expected.length >= writtenBeforeKill + writtenDuring + 40 && Date.now() >= allResumedAt + 2000 ? true : undefined), 30_000, 50);
    writing = false;
    await writers;
    const writtenAfter = expected.length - writtenBeforeKill - writtenDuring;
    const writesEndedAt = Date.now();

    // Every client receives every change the writers got a 2xx for.
    const changesOf = (h: Holder) => h.streams.flatMap((s) => s.messages).filter((m) => CHANGE_TYPES.has(m.event ?? ''));
    const keyOf = (m: StreamMessage) => changeKey(m.event!, m.data.id, m.data.version);
    const wanted = new Set(expected.map((c) => c.key));
    await eventually(
      async () => {
        const missing = holders.map((h) => [h.name, [...wanted].filter((k) => !new Set(changesOf(h).map(keyOf)).has(k)).length] as const).filter(([, n]) => n > 0);
        if (missing.length === 0) return true;
        throw new Error(`missing changes per client: ${JSON.stringify(missing)}`);
      },
      30_000,
      100,
    );
    const allDeliveredAt = Date.now();
    await sleep(500); // anything extra (a duplicate) would arrive by now

    // The tenant's changes as the push log holds them: the order every client must have seen.
    const log = (await redis.xrange(`${deployment.env.redisPrefix}:{push}:log`, '-', '+')).flatMap(([id, fields]) => {
      const field = (name: string) => fields[fields.indexOf(name) + 1]!;
      if (field('t') !== t.tenant.slug || !CHANGE_TYPES.has(field('y'))) return [];
      const message = JSON.parse(field('m'));
      return [`${id} ${changeKey(field('y'), message.id, message.version)}`];
    });

    const lines: string[] = [];
    const replayed: number[] = [];
    // Changes a resumed stream sent before its `ready`: what its client missed while away.
    const replayedOf = (h: Holder) => {
      const messages = h.streams[1]!.messages;
      return messages.slice(0, messages.findIndex((m) => m.event === 'ready')).filter((m) => CHANGE_TYPES.has(m.event ?? '')).length;
    };
    for (const holder of holders) {
      const changes = changesOf(holder);
      const keys = changes.map(keyOf);
      // Exactly what the writers got a 2xx for: none missing, none extra, none twice.
      expect({ client: holder.name, duplicates: keys.filter((k, i) => keys.indexOf(k) !== i) }).toEqual({ client: holder.name, duplicates: [] });
      expect({ client: holder.name, keys: [...keys].sort() }).toEqual({ client: holder.name, keys: [...wanted].sort() });
      // In the order of the log's ids, with no gap: the log's own sequence for the tenant.
      for (let i = 1; i < changes.length; i++) expect(compareIds(changes[i]!.id!, changes[i - 1]!.id!)).toBeGreaterThan(0);
      expect({ client: holder.name, sequence: changes.map((m) => `${m.id} ${keyOf(m)}`) }).toEqual({ client: holder.name, sequence: log });
      // The log keeps everything here: nobody was told to reload.
      expect({ client: holder.name, resets: holder.streams.flatMap((s) => s.of('reset')) }).toEqual({ client: holder.name, resets: [] });
      if (holder.onVictim) {
        // One stream cut by the kill, one resumed stream still open, each with one `ready`.
        expect(holder.streams).toHaveLength(2);
        expect(holder.streams[1]!.ended).toBe(false);
        for (const s of holder.streams) expect(s.of('ready')).toHaveLength(1);
        // The resumed stream starts after the last message of the cut one.
        const cutAt = holder.streams[0]!.lastEventId!;
        expect(holder.streams[1]!.messages.every((m) => compareIds(m.id!, cutAt) >= 0)).toBe(true);
        replayed.push(replayedOf(holder));
      } else {
        // The survivor's clients never lost their stream.
        expect(holder.streams).toHaveLength(1);
        expect(holder.streams[0]!.ended).toBe(false);
        expect(holder.streams[0]!.of('ready')).toHaveLength(1);
      }
      lines.push(`${holder.name}: ${changes.length} changes over ${holder.streams.length} stream(s)${holder.onVictim ? `, ${holder.streams[0]!.messages.filter((m) => CHANGE_TYPES.has(m.event ?? '')).length} before the kill, ${holder.streams[1]!.messages.filter((m) => CHANGE_TYPES.has(m.event ?? '')).length} after resuming (${replayedOf(holder)} of them replayed before its ready)` : ''}`);
    }
    expect(log).toHaveLength(wanted.size);
    // The writes went through the survivor, whose services all ran: none failed.
    expect(failures).toEqual([]);
    // The flow ran before, during and after the kill.
    expect(writtenBeforeKill).toBeGreaterThanOrEqual(40);
    expect(writtenDuring).toBeGreaterThanOrEqual(1);
    // What the victim's clients missed while away came back by Last-Event-ID.
    expect(replayed.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(writtenAfter).toBeGreaterThanOrEqual(40);

    const victims = holders.filter((h) => h.onVictim);
    // From a write's 2xx to the moment the last client had its change (negative: a client had it before the answer).
    const deliveredAt = new Map<string, number>();
    for (const holder of holders) for (const m of changesOf(holder)) deliveredAt.set(keyOf(m), Math.max(deliveredAt.get(keyOf(m)) ?? 0, m.receivedAt));
    const latency = (changes: Change[]) => summary(changes.map((c) => deliveredAt.get(c.key)! - c.at));
    const slowest = durations.reduce((a, b) => (b.ms > a.ms ? b : a));
    // Not a promise of the stream (messages carry their version): changes the log announces
    // after a newer version of the same aggregate (the held change, claimed late, is one).
    const newest = new Map<string, number>();
    const late: string[] = [];
    for (const line of log) {
      const [, type, id, version] = /^\S+ ([^:]+):([^:]+):(\d+)$/.exec(line)!;
      if (Number(version) < (newest.get(id!) ?? 0)) late.push(`${type} ${id} v${version} after v${newest.get(id!)}`);
      newest.set(id!, Math.max(Number(version), newest.get(id!) ?? 0));
    }
    // The last change written is on every stream soon after it was written.
    const lastWrite = Math.max(...expected.map((c) => c.at));
    console.log(
      [
        `push-gateway-kill: ${CLIENTS} clients (${victims.length} on the killed gateway), ${WRITERS} writers`,
        `changes answered 2xx: ${wanted.size} (${writtenBeforeKill} before the kill, ${writtenDuring} between the kill and the last resumed ready, ${writtenAfter} after); push log entries of the tenant: ${log.length}`,
        `the victim died holding ${heldAtDeath.taken} event(s) taken and not acknowledged, ${heldAtDeath.unannounced.length} of them not yet in the push log (found in ${searchedMs} ms, ${stops} SIGSTOP(s))`,
        `kill -> stream ended (victim's clients): ${summary(victims.map((h) => h.endedAt! - killedAt))}`,
        `kill -> resumed ready on the survivor: ${summary(victims.map((h) => h.resumedReadyAt! - killedAt))}`,
        `write -> its change on every client: before the kill ${latency(expected.slice(0, writtenBeforeKill))}; after the last resume ${latency(expected.slice(writtenBeforeKill + writtenDuring))}`,
        `${durations.length} writes, ${summary(durations.map((d) => d.ms))}; the slowest started ${slowest.startedAt - killedAt} ms from the kill`,
        `changes announced after a newer version of the same aggregate: ${late.length}${late.length > 0 ? ` (${late.join('; ')})` : ''}; the held change ${heldAtDeath.unannounced.join(', ')} is entry ${heldAtDeath.unannounced.map((k) => log.findIndex((line) => line.endsWith(` ${k}`)) + 1).join(', ')} of ${log.length} in the log`,
        `writes ended -> every change on every client: ${allDeliveredAt - writesEndedAt} ms (last 2xx at +${lastWrite - killedAt} ms after the kill)`,
        `test body: ${Date.now() - started} ms`,
        ...lines,
      ].join('\n'),
    );
  }, 120_000);
});
