import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { bearer, staffToken, tenantWithCredentials, type TenantCredentials } from '../harness/auth.js';
import { expectProblem, inDays } from '../harness/campaigns.js';
import { eventually } from '../harness/http.js';
import { MODE, Product } from '../harness/product.js';
import { deleteKeys, testRedis } from '../harness/test-env.js';
import { WebhookReceiver, webhookHeadersOf, type Answer } from '../harness/webhook-receiver.js';

/**
 * Webhooks end to end, in the mode of the run, with real HTTP receivers on 127.0.0.1 (the
 * harness sets WEBHOOKS_ALLOW_PRIVATE=true): signatures verified with the `standardwebhooks`
 * library, retries with the same webhook-id, dead deliveries and replay, secret rotation,
 * the Slack format, the reconciler after Redis lost the queue, access and bad input.
 */
describe(`webhooks (${MODE})`, () => {
  let product: Product;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    product = await Product.start({
      RATE_LIMIT: 'off',
      WEBHOOKS_MAX_ATTEMPTS: '3',
      WEBHOOKS_RETRY_BASE_MS: '200',
      WEBHOOKS_RETRY_MAX_MS: '1000',
      WEBHOOKS_TIMEOUT_MS: '3000',
      JOBS_RECONCILE_INTERVAL_MS: '1000',
      JOBS_RECONCILE_IDLE_MS: '500',
    });
  });

  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });

  afterAll(async () => {
    await product?.stop();
  });

  async function receiver(script?: (n: number) => Answer): Promise<WebhookReceiver> {
    const r = await WebhookReceiver.start(script);
    receivers.push(r);
    return r;
  }

  async function subscribe(t: TenantCredentials, url: string, extra: Record<string, unknown> = {}): Promise<any> {
    const res = await product.request('POST', '/v1/webhooks', { headers: t.headers.admin, body: { url, eventTypes: ['campaign.created'], ...extra } });
    expect(res.status).toBe(201);
    return res.body;
  }

  async function createCampaign(t: TenantCredentials, name = 'Summer sale'): Promise<any> {
    const res = await product.request('POST', '/v1/campaign-events', { headers: t.headers.editor, body: { name, startDate: inDays(10), endDate: inDays(20) } });
    expect(res.status).toBe(201);
    return res.body;
  }

  async function deliveryLog(t: TenantCredentials, webhookId: string, until: (items: any[]) => boolean, query = ''): Promise<any[]> {
    return eventually(async () => {
      const res = await product.get(`/v1/webhooks/${webhookId}/deliveries${query}`, t.headers.admin);
      expect(res.status).toBe(200);
      return until(res.body.items) ? res.body.items : undefined;
    }, 20_000, 100);
  }

  it('creates a webhook (secret shown once), lists and reads it without the secret', async () => {
    const t = await tenantWithCredentials(product);
    const res = await product.request('POST', '/v1/webhooks', { headers: t.headers.admin, body: { url: 'http://127.0.0.1:9/hook', eventTypes: ['campaign.created', 'event.deleted'], description: 'Team chat' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/v1/webhooks/${res.body.id}`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({ url: 'http://127.0.0.1:9/hook', eventTypes: ['campaign.created', 'event.deleted'], format: 'standard', enabled: true, description: 'Team chat', disabledReason: null, disabledAt: null, previousSecretExpiresAt: null, version: 1 });
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const one = await product.get(`/v1/webhooks/${res.body.id}`, t.headers.admin);
    expect(one.status).toBe(200);
    expect(one.body.secret).toBeUndefined();
    const list = await product.get('/v1/webhooks', t.headers.admin);
    expect(list.body).toEqual({ items: [one.body], nextCursor: null });
  });

  it('delivers a signed Standard Webhooks message that the standardwebhooks library verifies', async () => {
    const t = await tenantWithCredentials(product);
    const r = await receiver();
    const webhook = await subscribe(t, r.url);
    const campaign = await createCampaign(t);
    const [got] = await r.waitFor(1);
    const verified = new Webhook(webhook.secret).verify(got!.body, webhookHeadersOf(got!)) as any;
    expect(verified).toMatchObject({ type: 'campaign.created', timestamp: expect.any(String), data: { type: 'campaign.created', tenant: t.tenant.slug, aggregateId: campaign.id, aggregateVersion: 1, payload: { id: campaign.id, name: 'Summer sale' } } });
    expect(got!.headers['content-type']).toBe('application/json');
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(got!.body, webhookHeadersOf(got!))).toThrow();
    const [delivery] = await deliveryLog(t, webhook.id, (items) => items[0]?.status === 'delivered');
    expect(delivery).toMatchObject({ id: got!.headers['webhook-id'], webhookId: webhook.id, eventId: verified.data.id, eventType: 'campaign.created', status: 'delivered', attempts: 1, responseStatus: 200, responseSnippet: 'ok', error: null });
    expect(delivery.latencyMs).toEqual(expect.any(Number));
    // Not subscribed to updates: none comes.
    await product.request('PATCH', `/v1/campaign-events/${campaign.id}`, { headers: t.headers.editor, body: { name: 'Renamed' } });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(r.received).toHaveLength(1);
  });

  it('500, 500, then 200: delivered on the third attempt with the same webhook-id', async () => {
    const t = await tenantWithCredentials(product);
    const r = await receiver((n) => (n < 2 ? { status: 500, body: 'try later' } : { status: 200, body: 'ok' }));
    const webhook = await subscribe(t, r.url);
    await createCampaign(t);
    const got = await r.waitFor(3);
    const ids = new Set(got.map((g) => g.headers['webhook-id']));
    expect(ids.size).toBe(1);
    for (const g of got) expect(() => new Webhook(webhook.secret).verify(g.body, webhookHeadersOf(g))).not.toThrow();
    const [delivery] = await deliveryLog(t, webhook.id, (items) => items[0]?.status === 'delivered');
    expect(delivery).toMatchObject({ id: [...ids][0], status: 'delivered', attempts: 3, responseStatus: 200, error: null });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(r.received).toHaveLength(3);
  });

  it('a 400 is dead at once; 500 on every attempt is dead after the last; a replay delivers with the same id', async () => {
    const t = await tenantWithCredentials(product);
    const bad = await receiver(() => ({ status: 400, body: 'unknown payload' }));
    const down = await receiver(() => ({ status: 503, body: 'down', headers: { 'retry-after': '0' } }));
    const refusing = await subscribe(t, bad.url);
    const failing = await subscribe(t, down.url);
    await createCampaign(t);
    const [dead] = await deliveryLog(t, refusing.id, (items) => items[0]?.status === 'dead', '?status=dead');
    expect(dead).toMatchObject({ status: 'dead', attempts: 1, responseStatus: 400, responseSnippet: 'unknown payload', error: { code: 'HTTP_ERROR', message: expect.any(String) } });
    const [exhausted] = await deliveryLog(t, failing.id, (items) => items[0]?.status === 'dead');
    expect(exhausted).toMatchObject({ status: 'dead', attempts: 3, responseStatus: 503 });
    expect(bad.received).toHaveLength(1);
    expect(down.received).toHaveLength(3);
    const pending = await product.get(`/v1/webhooks/${refusing.id}/deliveries?status=pending`, t.headers.admin);
    expect(pending.body.items).toEqual([]);

    // The receiver is fixed; the admin replays the dead delivery.
    bad.script = () => ({ status: 204 });
    const replay = await product.request('POST', `/v1/webhooks/${refusing.id}/deliveries/${dead.id}/replay`, { headers: t.headers.admin });
    expect(replay.status).toBe(202);
    expect(replay.body).toMatchObject({ id: dead.id, status: 'pending' });
    const got = await bad.waitFor(2);
    expect(got[1]!.headers['webhook-id']).toBe(dead.id);
    const [delivered] = await deliveryLog(t, refusing.id, (items) => items[0]?.status === 'delivered');
    expect(delivered).toMatchObject({ id: dead.id, attempts: 2, responseStatus: 204, error: null });
    // Admin writes are audited like any other.
    const audited = await eventually(async () => {
      const items: any[] = (await product.get('/v1/audit', t.headers.admin)).body.items;
      return items.some((e) => e.resourceType === 'delivery') ? items : undefined;
    }, 10_000);
    expect(audited).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'POST /v1/webhooks/:id/deliveries/:deliveryId/replay', resourceType: 'delivery', resourceId: dead.id, status: 202 }),
        expect.objectContaining({ action: 'POST /v1/webhooks', resourceType: 'webhook', resourceId: refusing.id, status: 201 }),
      ]),
    );
    // Unknown delivery: 404; a malformed id: 400.
    expectProblem(await product.request('POST', `/v1/webhooks/${refusing.id}/deliveries/${failing.id}/replay`, { headers: t.headers.admin }), 404, 'NOT_FOUND');
    expectProblem(await product.request('POST', `/v1/webhooks/${refusing.id}/deliveries/nope/replay`, { headers: t.headers.admin }), 400, 'VALIDATION_FAILED', 'deliveryId');
  });

  it('after a rotation, deliveries carry both signatures during the grace; the new secret is shown once', async () => {
    const t = await tenantWithCredentials(product);
    const r = await receiver();
    const webhook = await subscribe(t, r.url);
    const rotated = await product.request('POST', `/v1/webhooks/${webhook.id}/rotate-secret`, { headers: t.headers.admin });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(webhook.secret);
    expect(Date.parse(rotated.body.previousSecretExpiresAt)).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    await createCampaign(t);
    const [got] = await r.waitFor(1);
    expect(String(got!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(() => new Webhook(webhook.secret).verify(got!.body, webhookHeadersOf(got!))).not.toThrow();
    expect(() => new Webhook(rotated.body.secret).verify(got!.body, webhookHeadersOf(got!))).not.toThrow();
  });

  it('the Slack format posts a text message', async () => {
    const t = await tenantWithCredentials(product);
    const r = await receiver();
    const webhook = await subscribe(t, r.url, { format: 'slack' });
    const campaign = await createCampaign(t, 'Autumn <fair>');
    const [got] = await r.waitFor(1);
    const body = JSON.parse(got!.body);
    const day = (iso: string) => iso.slice(0, 16).replace('T', ' ');
    expect(body).toEqual({ text: `Campaign “Autumn &lt;fair&gt;” created (${day(campaign.startDate)} UTC – ${day(campaign.endDate)} UTC)` });
    expect(() => new Webhook(webhook.secret).verify(got!.body, webhookHeadersOf(got!))).not.toThrow();
  });

  it('changes, disables and deletes a webhook', async () => {
    const t = await tenantWithCredentials(product);
    const r = await receiver();
    const webhook = await subscribe(t, r.url);
    const changed = await product.request('PATCH', `/v1/webhooks/${webhook.id}`, { headers: t.headers.admin, body: { eventTypes: ['event.created'], description: null, enabled: false } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ eventTypes: ['event.created'], description: null, enabled: false, version: 2 });
    // Subscriptions are matched when the event is consumed: let it be consumed while disabled.
    await createCampaign(t);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(r.received).toHaveLength(0);
    const enabled = await product.request('PATCH', `/v1/webhooks/${webhook.id}`, { headers: t.headers.admin, body: { enabled: true, eventTypes: ['campaign.created', 'campaign.deleted'] } });
    expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null, version: 3 });
    const second = await createCampaign(t, 'Second');
    const [got] = await r.waitFor(1);
    expect(JSON.parse(got!.body).data.aggregateId).toBe(second.id);
    expect(r.received).toHaveLength(1);
    // If-Match: the ETag read guards a change; a stale one is a 412, a malformed one a 400.
    const read = await product.get(`/v1/webhooks/${webhook.id}`, t.headers.admin);
    expect(read.headers.get('etag')).toBe(`"${webhook.id}:3"`);
    const guarded = await product.request('PATCH', `/v1/webhooks/${webhook.id}`, { headers: { ...t.headers.admin, 'if-match': read.headers.get('etag')! }, body: { description: 'chat' } });
    expect(guarded.status).toBe(200);
    expect(guarded.headers.get('etag')).toBe(`"${webhook.id}:4"`);
    expectProblem(await product.request('PATCH', `/v1/webhooks/${webhook.id}`, { headers: { ...t.headers.admin, 'if-match': read.headers.get('etag')! }, body: { description: 'lost' } }), 412, 'PRECONDITION_FAILED');
    expectProblem(await product.request('DELETE', `/v1/webhooks/${webhook.id}`, { headers: { ...t.headers.admin, 'if-match': read.headers.get('etag')! } }), 412, 'PRECONDITION_FAILED');
    expectProblem(await product.request('PATCH', `/v1/webhooks/${webhook.id}`, { headers: { ...t.headers.admin, 'if-match': '3' }, body: { description: 'x' } }), 400, 'VALIDATION_FAILED', 'If-Match');
    expect((await product.request('DELETE', `/v1/webhooks/${webhook.id}`, { headers: { ...t.headers.admin, 'if-match': guarded.headers.get('etag')! } })).status).toBe(204);
    expectProblem(await product.get(`/v1/webhooks/${webhook.id}`, t.headers.admin), 404, 'NOT_FOUND');
    expectProblem(await product.get(`/v1/webhooks/${webhook.id}/deliveries`, t.headers.admin), 404, 'NOT_FOUND');
  });

  it('only the tenant admin manages webhooks; another tenant sees none of them', async () => {
    const t = await tenantWithCredentials(product);
    const other = await tenantWithCredentials(product);
    const webhook = await subscribe(t, 'http://127.0.0.1:9/hook');
    const body = { url: 'http://127.0.0.1:9/hook', eventTypes: ['campaign.created'] };
    for (const who of ['editor', 'viewer', 'apiKey', 'ops'] as const) {
      expectProblem(await product.request('POST', '/v1/webhooks', { headers: t.headers[who], body }), 403, 'FORBIDDEN');
      expectProblem(await product.get(`/v1/webhooks/${webhook.id}`, t.headers[who]), 403, 'FORBIDDEN');
      expectProblem(await product.get('/v1/webhooks', t.headers[who]), 403, 'FORBIDDEN');
    }
    expectProblem(await product.get('/v1/webhooks'), 401, 'UNAUTHENTICATED');
    expectProblem(await product.get(`/v1/webhooks/${webhook.id}`, other.headers.admin), 404, 'NOT_FOUND');
    expectProblem(await product.request('PATCH', `/v1/webhooks/${webhook.id}`, { headers: other.headers.admin, body: { enabled: false } }), 404, 'NOT_FOUND');
    expectProblem(await product.request('DELETE', `/v1/webhooks/${webhook.id}`, { headers: other.headers.admin }), 404, 'NOT_FOUND');
    expectProblem(await product.request('POST', `/v1/webhooks/${webhook.id}/rotate-secret`, { headers: other.headers.admin }), 404, 'NOT_FOUND');
    expectProblem(await product.get(`/v1/webhooks/${webhook.id}/deliveries`, other.headers.admin), 404, 'NOT_FOUND');
    expect((await product.get('/v1/webhooks', other.headers.admin)).body.items).toEqual([]);
    // An admin of both roles is an admin.
    const both = bearer(await staffToken({ tenant: t.tenant.slug, roles: ['viewer', 'admin'] }));
    expect((await product.get(`/v1/webhooks/${webhook.id}`, both)).status).toBe(200);
  });

  it.each([
    [{ url: 'ftp://example.com/hook', eventTypes: ['campaign.created'] }, 'url'],
    [{ url: 'http://user:pw@127.0.0.1/hook', eventTypes: ['campaign.created'] }, 'url'],
    [{ url: 'not a url', eventTypes: ['campaign.created'] }, 'url'],
    [{ url: 42, eventTypes: ['campaign.created'] }, 'url'],
    [{ eventTypes: ['campaign.created'] }, 'url'],
    [{ url: 'http://127.0.0.1/hook', eventTypes: [] }, 'eventTypes'],
    [{ url: 'http://127.0.0.1/hook', eventTypes: ['job.created'] }, 'eventTypes'],
    [{ url: 'http://127.0.0.1/hook' }, 'eventTypes'],
    [{ url: 'http://127.0.0.1/hook', eventTypes: ['campaign.created'], format: 'teams' }, 'format'],
    [{ url: 'http://127.0.0.1/hook', eventTypes: ['campaign.created'], enabled: 'yes' }, 'enabled'],
    [{ url: 'http://127.0.0.1/hook', eventTypes: ['campaign.created'], secret: 'mine' }, 'secret'],
  ])('POST %j is a 400 naming %s', async (body, field) => {
    const t = await tenantWithCredentials(product);
    expectProblem(await product.request('POST', '/v1/webhooks', { headers: t.headers.admin, body }), 400, 'VALIDATION_FAILED', field);
  });

  it('the reconciler enqueues again a delivery whose queue job Redis lost, with the same webhook-id', async () => {
    const t = await tenantWithCredentials(product);
    const r = await receiver((n) => (n === 0 ? { status: 429, body: 'slow down', headers: { 'retry-after': '1' } } : { status: 200, body: 'ok' }));
    const webhook = await subscribe(t, r.url);
    await createCampaign(t);
    await r.waitFor(1);
    await deliveryLog(t, webhook.id, (items) => items[0]?.status === 'failed');
    // Lose every key of the delivery queue, as a Redis restart without persistence would.
    const redis = testRedis();
    try {
      await deleteKeys(redis, `${product.env.redisPrefix}:{bull:webhooks}:webhooks:*`);
    } finally {
      redis.disconnect();
    }
    const got = await r.waitFor(2);
    expect(got[1]!.headers['webhook-id']).toBe(got[0]!.headers['webhook-id']);
    const [delivery] = await deliveryLog(t, webhook.id, (items) => items[0]?.status === 'delivered');
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 2, responseStatus: 200 });
  });

  it('bad PATCH bodies, ids and queries are 400 problems naming what was wrong', async () => {
    const t = await tenantWithCredentials(product);
    const webhook = await subscribe(t, 'http://127.0.0.1:9/hook');
    expectProblem(await product.request('PATCH', `/v1/webhooks/${webhook.id}`, { headers: t.headers.admin, body: {} }), 400, 'VALIDATION_FAILED', 'body');
    expectProblem(await product.request('PATCH', `/v1/webhooks/${webhook.id}`, { headers: t.headers.admin, body: { url: 'gopher://x' } }), 400, 'VALIDATION_FAILED', 'url');
    expectProblem(await product.request('PATCH', `/v1/webhooks/${webhook.id}`, { headers: t.headers.admin, body: { enabled: null } }), 400, 'VALIDATION_FAILED', 'enabled');
    expectProblem(await product.get('/v1/webhooks/not-a-uuid', t.headers.admin), 400, 'VALIDATION_FAILED', 'id');
    expectProblem(await product.get(`/v1/webhooks/${webhook.id}/deliveries?status=lost`, t.headers.admin), 400, 'VALIDATION_FAILED', 'status');
    expectProblem(await product.get('/v1/webhooks?limit=0', t.headers.admin), 400, 'VALIDATION_FAILED', 'limit');
    expectProblem(await product.get('/v1/webhooks?cursor=garbage', t.headers.admin), 400, 'VALIDATION_FAILED', 'cursor');
  });
});
