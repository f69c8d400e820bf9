import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import type { TenantCredentials } from '../harness/auth.js';
import { inDays } from '../harness/campaigns.js';
import { eventually } from '../harness/http.js';
import { Deployment, Member } from '../harness/deployment.js';
import type { Product } from '../harness/product.js';
import { WebhookReceiver, webhookHeadersOf } from '../harness/webhook-receiver.js';

/**
 * A worker killed mid-delivery: the jobs API runs alone (JOBS_ROLE=api) and one worker
 * (JOBS_ROLE=worker) takes the delivery; the receiver holds that request open, and the worker
 * is killed with SIGKILL while it waits. A second worker, started then, finds the delivery's
 * BullMQ lock expired (JOBS_LOCK_MS, shortened here) and sends it again: the receiver gets
 * the same webhook-id, signed with the same secret, and the log ends `delivered`.
 */
describe('webhooks: kill -9 a worker mid-delivery', () => {
  let deployment: Deployment;
  let product: Product;
  let t: TenantCredentials;
  let workerA: Member;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start((n) => (n === 0 ? 'hold' : { status: 200, body: 'ok' }));
    deployment = await Deployment.create({ RATE_LIMIT: 'off', JOBS_LOCK_MS: '2000', WEBHOOKS_TIMEOUT_MS: '30000' });
    await deployment.start('campaigns');
    await deployment.start('jobs', { JOBS_ROLE: 'api' });
    workerA = await deployment.start('jobs', { JOBS_ROLE: 'worker' });
    ({ product, t } = await deployment.open(await deployment.start('gateway')));
  }, 90_000);

  afterAll(async () => {
    await receiver?.close();
    await deployment?.destroy();
  });

  it('another worker delivers it once the lock expires, with the same webhook-id', async () => {
    const created = await product.request('POST', '/v1/webhooks', { headers: t.headers.admin, body: { url: receiver.url, eventTypes: ['campaign.created'] } });
    expect(created.status).toBe(201);
    const webhook = created.body;
    const campaign = await product.request('POST', '/v1/campaign-events', { headers: t.headers.editor, body: { name: 'Kill sale', startDate: inDays(3), endDate: inDays(4) } });
    expect(campaign.status).toBe(201);

    // Worker A has sent the delivery and waits for the answer the receiver holds back.
    const [first] = await receiver.waitFor(1, 30_000);
    workerA.kill();
    expect(await workerA.spawned.exitCode()).toBeNull();
    const killedAt = Date.now();
    const workerB = await deployment.start('jobs', { JOBS_ROLE: 'worker' });
    await workerB.ready();

    const got = await receiver.waitFor(2, 60_000);
    expect(got[1]!.at - killedAt).toBeGreaterThanOrEqual(1000);
    expect(got[1]!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    for (const g of got) expect(() => new Webhook(webhook.secret).verify(g.body, webhookHeadersOf(g))).not.toThrow();
    expect(JSON.parse(got[1]!.body).data.aggregateId).toBe(campaign.body.id);

    const [delivery] = await eventually(async () => {
      const log = await product.get(`/v1/webhooks/${webhook.id}/deliveries`, t.headers.admin);
      return log.body.items[0]?.status === 'delivered' ? log.body.items : undefined;
    }, 30_000, 200);
    expect(delivery).toMatchObject({ id: first!.headers['webhook-id'], status: 'delivered', responseStatus: 200, error: null });
    // Both attempts count: the one the kill cut short, and the one delivered.
    expect(delivery.attempts).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(receiver.received).toHaveLength(2);
  }, 120_000);
});
