import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HealthService, loadConfig, newId, PlatformConfig, RedisService, systemContext } from '#common';
import { type EventEnvelope, RedisRequestClient, type Reply } from '#messaging';
import { replyOf } from '../harness/transport.js';
import { eventually, request } from '../harness/http.js';
import { freePort } from '../harness/private-servers.js';
import { Spawned } from '../harness/spawned.js';
import { TestEnvironment } from '../harness/test-env.js';

interface LogLine {
  level: number;
  msg: string;
  requestId?: string;
  err?: { message?: string; stack?: string };
}

/**
 * A bug inside a service (a handler that throws what no use case throws) in a service process
 * started from the build like the product's own (test/integration/fixtures/buggy-service.mjs):
 * the caller gets INTERNAL without the error's text, and the service's own log has the cause,
 * once, with the request id and the stack; an event handler's failure is logged with its stack.
 */
describe('unexpected errors inside a service', () => {
  let env: TestEnvironment;
  let service: Spawned;
  let redis: RedisService;
  let client: RedisRequestClient;

  const logLines = (): LogLine[] =>
    service.output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
  const linesOf = (requestId: string, level: number) => logLines().filter((l) => l.requestId === requestId && l.level === level);
  const send = (requestId: string): Promise<Reply> =>
    replyOf(client, { ...systemContext(requestId, 'demo'), id: newId(), type: 'campaigns.fixture.fail', data: {}, deadline: Date.now() + 2000 });

  beforeAll(async () => {
    env = await TestEnvironment.create();
    const port = await freePort();
    service = Spawned.startFile('test/integration/fixtures/buggy-service.mjs', env.vars({ PORT: String(port), LOG_LEVEL: 'info' }));
    await eventually(async () => ((await request(`http://127.0.0.1:${port}`, 'GET', '/health/ready')).status === 200 ? true : undefined), 30_000);
    redis = new RedisService(loadConfig(PlatformConfig, env.vars()), new HealthService({ required: [] }));
    client = new RedisRequestClient(redis);
    client.onModuleInit();
    // Connections open in the background: the test's own client is ready before it sends.
    await eventually(async () => ((await redis.client.ping().catch(() => null)) === 'PONG' ? true : undefined), 10_000, 20);
  }, 60_000);

  afterAll(async () => {
    client?.onApplicationShutdown();
    await redis?.onApplicationShutdown();
    await service?.stop('SIGKILL');
    await env?.drop();
  });

  it('answers INTERNAL and logs the error once, at error level, with the request id and its stack, in the service', async () => {
    // The service's consumer group starts at the stream's end: retry until a request reaches it.
    const { requestId, reply } = await eventually(async () => {
      const id = `bug-${newId()}`;
      const answer = await send(id);
      return answer.ok || answer.error.code !== 'DEADLINE_EXCEEDED' ? { requestId: id, reply: answer } : undefined;
    }, 20_000);
    expect(reply).toEqual({ ok: false, error: { kind: 'internal', code: 'INTERNAL', message: 'An unexpected error occurred.', details: {} } });

    await eventually(async () => (linesOf(requestId, 50).length > 0 ? true : undefined), 5000, 50);
    await new Promise((resolve) => setTimeout(resolve, 300)); // a second line would be written by now
    const errors = linesOf(requestId, 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.err?.stack).toContain('TypeError: fixture: a bug in a request handler');
  });

  it("logs an event handler's failure with the event's request id and the stack", async () => {
    const requestId = `event-bug-${newId()}`;
    const event: EventEnvelope = {
      id: newId(),
      type: 'campaign.created',
      tenant: 'demo',
      occurredAt: new Date().toISOString(),
      aggregateId: newId(),
      aggregateVersion: 1,
      requestId,
      traceparent: null,
      payload: {},
    };
    await redis.client.xadd(redis.key('{events}', 'marketing'), '*', 'e', JSON.stringify(event));

    const failures = await eventually(async () => {
      const lines = linesOf(requestId, 40);
      return lines.length > 0 ? lines : undefined;
    }, 10_000, 50);
    expect(failures[0]!.err?.stack).toContain('TypeError: fixture: a bug in an event handler');
  });
});
