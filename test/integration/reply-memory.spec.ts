import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { type Actor, bounded, HealthService, loadConfig, newId, PlatformConfig, RedisService } from '#common';
import { InProcessBus, InProcessServer, type Reply, ReplyMemory, type RequestEnvelope } from '#messaging';
import { eventually } from '../harness/http.js';
import { PrivateRedis } from '../harness/private-servers.js';

const CREATE = 'campaigns.campaign.create';
const PREFIX = 'reply-memory-test';
const EDITOR: Actor = { kind: 'staff', id: 'editor@demo', roles: ['editor'] };
const BODY = { name: 'Spring sale', description: null, startDate: '2031-03-01T00:00:00.000Z', endDate: '2031-03-31T00:00:00.000Z' };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Rejects when `pending` takes longer than `ms` (so a request that hangs fails the test instead of hanging it). */
function within<T>(ms: number, pending: Promise<T>): Promise<T> {
  return bounded(pending, ms, () => new Error(`no answer within ${ms} ms`));
}

/**
 * The memory of idempotent creates (ReplyMemory) on the service side, as replicas share it
 * through Redis (a private redis-server, stopped and resumed here): a retried create runs once,
 * a claim left by a dead attempt is taken over once, a request past its deadline never runs,
 * a request id reused by another user or with another body is refused, and a Redis that hangs
 * neither holds a create nor lets its retry run twice.
 */
describe('ReplyMemory: retried creates across replicas', () => {
  let redis: PrivateRedis;
  const services: RedisService[] = [];
  const calls: Array<{ replica: string; requestId: string }> = [];
  let releaseHung: () => void = () => undefined;
  const hung = new Promise<void>((resolve) => (releaseHung = resolve));

  /** A replica of the campaigns service: its own Redis connections and memory; `hangs`: its handler never returns (it died). */
  const replica = async (name: string, { hangs = false } = {}): Promise<InProcessServer> => {
    const service = new RedisService(loadConfig(PlatformConfig, { REDIS_URL: redis.url, REDIS_PREFIX: PREFIX, NODE_ENV: 'test' }), new HealthService({ required: [] }));
    services.push(service);
    await eventually(async () => (service.client.status === 'ready' ? true : undefined));
    const server = new InProcessServer(new InProcessBus());
    server.replies = new ReplyMemory(service);
    const create = async (request: RequestEnvelope) => {
      calls.push({ replica: name, requestId: request.requestId });
      if (hangs) await hung;
      return { id: newId() };
    };
    server.addHandler(CREATE, create, false, { idempotent: true });
    return server;
  };

  const envelope = (requestId: string, { timeoutMs = 3000, actor = EDITOR, data = BODY as unknown } = {}): RequestEnvelope => ({
    id: newId(),
    type: CREATE,
    tenant: 'demo',
    requestId,
    actor,
    deadline: Date.now() + timeoutMs,
    data,
  });
  const callsOf = (requestId: string, replicas?: string[]) => calls.filter((c) => c.requestId === requestId && (!replicas || replicas.includes(c.replica))).length;
  const idOf = (reply: Reply) => (reply.ok ? (reply.data as { id: string }).id : reply.error.code);

  beforeAll(async () => {
    redis = await PrivateRedis.create();
  });

  afterAll(async () => {
    releaseHung();
    await sleep(50);
    await Promise.all(services.map((s) => s.onApplicationShutdown()));
    redis.kill();
  });

  it('takes over the claim of an attempt that died once its lease ends: exactly one of three retries runs, all get its reply', async () => {
    const [dead, b, c] = await Promise.all([replica('dead-1', { hangs: true }), replica('b-1'), replica('c-1')]);
    const requestId = `died-${newId()}`;
    const first = envelope(requestId, { timeoutMs: 500 });
    void dead.handleRequestEnvelope(first);
    await eventually(async () => (callsOf(requestId) === 1 ? true : undefined), 2000, 5);

    // The caller gave up at the first deadline and retries: the retries wait out the lease, then one takes over.
    await sleep(first.deadline - Date.now() + 100);
    const started = Date.now();
    const retries = await Promise.all([b, b, c].map((r) => r.handleRequestEnvelope(envelope(requestId, { timeoutMs: 4000 }))));
    expect(retries.map((r) => r.ok)).toEqual([true, true, true]);
    expect(new Set(retries.map(idOf)).size).toBe(1);
    expect(callsOf(requestId, ['b-1', 'c-1'])).toBe(1);
    expect(Date.now() - started).toBeLessThan(4000);

    const later = await c.handleRequestEnvelope(envelope(requestId));
    expect(idOf(later)).toBe(idOf(retries[0]!));
    expect(callsOf(requestId, ['b-1', 'c-1'])).toBe(1);
  });

  it('never runs a request past its deadline while an earlier attempt holds the claim: DEADLINE_EXCEEDED at the deadline', async () => {
    const [dead, b] = await Promise.all([replica('dead-2', { hangs: true }), replica('b-2')]);
    const requestId = `late-${newId()}`;
    void dead.handleRequestEnvelope(envelope(requestId, { timeoutMs: 5000 }));
    await eventually(async () => (callsOf(requestId) === 1 ? true : undefined), 2000, 5);

    const started = Date.now();
    const retry = await b.handleRequestEnvelope(envelope(requestId, { timeoutMs: 300 }));
    expect(retry).toMatchObject({ ok: false, error: { kind: 'timeout', code: 'DEADLINE_EXCEEDED' } });
    expect(Date.now() - started).toBeLessThan(300 + 1000);
    await sleep(500);
    expect(callsOf(requestId, ['b-2'])).toBe(0);
  });

  it('refuses the same request id from another user or with another body (409 REQUEST_ID_REUSED), and replays a same body in any key order', async () => {
    const [a, b] = await Promise.all([replica('a-3'), replica('b-3')]);
    const requestId = `reused-${newId()}`;
    const first = await a.handleRequestEnvelope(envelope(requestId));
    expect(first.ok).toBe(true);

    const otherUser = await b.handleRequestEnvelope(envelope(requestId, { actor: { kind: 'staff', id: 'someone-else@demo', roles: ['editor'] } }));
    expect(otherUser).toMatchObject({ ok: false, error: { kind: 'conflict', code: 'REQUEST_ID_REUSED', details: { differs: 'actor' } } });
    const otherBody = await b.handleRequestEnvelope(envelope(requestId, { data: { ...BODY, name: 'Another campaign' } }));
    expect(otherBody).toMatchObject({ ok: false, error: { kind: 'conflict', code: 'REQUEST_ID_REUSED', details: { differs: 'body' } } });
    const reordered = { endDate: BODY.endDate, startDate: BODY.startDate, description: null, name: BODY.name };
    const replay = await b.handleRequestEnvelope(envelope(requestId, { data: reordered }));
    expect(idOf(replay)).toBe(idOf(first));
    expect(callsOf(requestId)).toBe(1);
  });

  it('with Redis hanging, answers a create within its deadline and its retries with the same reply; the other replicas see it once Redis answers', async () => {
    const [a, b] = await Promise.all([replica('a-4'), replica('b-4')]);
    const requestId = `hung-${newId()}`;
    redis.pause();
    let first: Reply;
    let retry: Reply;
    const started = Date.now();
    try {
      first = await within(5000, a.handleRequestEnvelope(envelope(requestId, { timeoutMs: 3000 })));
      expect(Date.now() - started).toBeLessThan(3000);
      retry = await within(5000, a.handleRequestEnvelope(envelope(requestId, { timeoutMs: 3000 })));
    } finally {
      redis.resume();
    }
    expect(first.ok).toBe(true);
    expect(idOf(retry)).toBe(idOf(first));
    expect(callsOf(requestId)).toBe(1);

    // The commands sent while Redis hung reach it in order when it resumes: the claim, then the reply.
    const key = `${PREFIX}:replies:${CREATE}:demo:${requestId}`;
    const reader = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    try {
      await eventually(async () => ((JSON.parse((await reader.get(key)) ?? '{}') as { reply?: Reply }).reply ? true : undefined), 5000, 20);
    } finally {
      reader.disconnect();
    }
    const elsewhere = await b.handleRequestEnvelope(envelope(requestId));
    expect(idOf(elsewhere)).toBe(idOf(first));
    expect(callsOf(requestId)).toBe(1);
  });
});
