import { describe, expect, it } from '@jest/globals';
import { Webhook as Verifier } from 'standardwebhooks';
import { loadConfig } from '#common';
import { JobsConfig } from '../../jobs.config.js';
import type { AttemptOutcome } from '../domain/delivery-policy.js';
import { newDelivery, type Delivery, type Webhook } from '../domain/webhook.js';
import { newSecret } from '../domain/webhook-signature.js';
import { AttemptDelivery } from './attempt-delivery.use-case.js';
import { WebhookSender } from './webhook-sender.port.js';
import type { AttemptRecord, WebhookStore } from './webhook-store.port.js';

/** The attempt's rules over an in-memory store and a scripted sender (the e2e tests run the real ones). */
class MemoryStore {
  records: AttemptRecord[] = [];
  disabled: string | null = null;
  constructor(
    public webhook: Webhook,
    public delivery: Delivery,
  ) {}
  async findDelivery() {
    return this.delivery;
  }
  async findById() {
    return this.webhook;
  }
  async startAttempt() {
    this.delivery.attempts++;
  }
  async recordAttempt(_id: string, record: AttemptRecord) {
    this.records.push(record);
    this.delivery.status = record.status;
  }
  async markHealthy() {
    this.webhook.failingSince = null;
  }
  async markFailing() {
    this.webhook.failingSince ??= new Date();
    return this.webhook.failingSince;
  }
  async disable(_id: string, reason: string) {
    this.disabled = reason;
    this.webhook.enabled = false;
    return true;
  }
}

class ScriptedSender extends WebhookSender {
  sent: Array<{ headers: Record<string, string>; body: string }> = [];
  constructor(private readonly outcome: AttemptOutcome) {
    super();
  }
  async send(_url: string, headers: Record<string, string>, body: string) {
    this.sent.push({ headers, body });
    return this.outcome;
  }
}

const now = new Date();
const webhook = (overrides: Partial<Webhook> = {}): Webhook => ({
  id: 'w1',
  tenant: 'demo',
  url: 'https://hooks.example.com/',
  eventTypes: ['campaign.created'],
  format: 'standard',
  enabled: true,
  description: null,
  secret: newSecret(),
  previousSecret: null,
  previousSecretExpiresAt: null,
  disabledReason: null,
  disabledAt: null,
  failingSince: null,
  version: 1,
  createdAt: now,
  updatedAt: now,
  ...overrides,
});
const delivery = (): Delivery =>
  newDelivery('0196b1f2-7c1e-7a3b-9f00-2b9c4d5e6f70', { id: 'w1', tenant: 'demo' }, { id: 'e1', type: 'campaign.created', tenant: 'demo', occurredAt: now.toISOString(), aggregateId: 'c1', payload: { name: 'Sale' } }, now);

function attempt(outcome: AttemptOutcome, hook = webhook(), env: Record<string, string> = {}) {
  const store = new MemoryStore(hook, delivery());
  const sender = new ScriptedSender(outcome);
  const use = new AttemptDelivery(store as unknown as WebhookStore, sender, loadConfig(JobsConfig, { NODE_ENV: 'test', ...env }));
  return { store, sender, use };
}

describe('AttemptDelivery', () => {
  it('signs with the delivery id as webhook-id and records a delivered attempt', async () => {
    const { store, sender, use } = attempt({ status: 200, latencyMs: 12, snippet: 'ok' });
    expect(await use.execute('d', false)).toMatchObject({ verdict: 'delivered' });
    const [sent] = sender.sent;
    expect(sent!.headers['webhook-id']).toBe(store.delivery.id);
    expect(new Verifier(store.webhook.secret).verify(sent!.body, sent!.headers)).toMatchObject({ type: 'campaign.created', data: { id: 'e1' } });
    expect(store.records).toEqual([{ status: 'delivered', latencyMs: 12, responseStatus: 200, responseSnippet: 'ok', error: null }]);
    expect(store.delivery.attempts).toBe(1);
  });

  it('a 503 is retried with its Retry-After, and dead on the last attempt', async () => {
    const retried = attempt({ status: 503, latencyMs: 5, retryAfter: '3' });
    expect(await retried.use.execute('d', false)).toMatchObject({ verdict: 'retry', retryAfterMs: 3000 });
    expect(retried.store.delivery.status).toBe('failed');
    const last = attempt({ status: 503, latencyMs: 5 });
    expect(await last.use.execute('d', true)).toMatchObject({ verdict: 'dead' });
    expect(last.store.records[0]).toMatchObject({ status: 'dead', error: { code: 'HTTP_ERROR' } });
  });

  it('a 3xx is dead: redirects are not followed', async () => {
    const { store, use } = attempt({ status: 301, latencyMs: 5 });
    expect(await use.execute('d', false)).toMatchObject({ verdict: 'dead' });
    expect(store.records[0]!.error!.code).toBe('REDIRECT_NOT_FOLLOWED');
  });

  it('disables a webhook whose attempts failed for WEBHOOKS_DISABLE_AFTER_FAILING_MS, saying why', async () => {
    const { store, use } = attempt({ error: { code: 'TIMEOUT', message: 'No complete answer within 10000 ms.' }, latencyMs: 10_000 }, webhook({ failingSince: new Date(Date.now() - 86_400_001) }));
    await use.execute('d', false);
    expect(store.disabled).toMatch(/^Every delivery attempt failed for 24 h \(since .*\); the last: TIMEOUT: No complete answer within 10000 ms\.$/);
    const fresh = attempt({ status: 500, latencyMs: 1 }, webhook({ failingSince: new Date(Date.now() - 1000) }));
    await fresh.use.execute('d', false);
    expect(fresh.store.disabled).toBeNull();
  });

  it('a delivered attempt clears the failing streak', async () => {
    const { store, use } = attempt({ status: 204, latencyMs: 1 }, webhook({ failingSince: new Date() }));
    await use.execute('d', false);
    expect(store.webhook.failingSince).toBeNull();
  });

  it('a disabled webhook sends nothing: its delivery is dead', async () => {
    const { store, sender, use } = attempt({ status: 200, latencyMs: 1 }, webhook({ enabled: false, disabledReason: 'failing' }));
    expect(await use.execute('d', false)).toMatchObject({ verdict: 'dead' });
    expect(sender.sent).toHaveLength(0);
    expect(store.records[0]!.error).toEqual({ code: 'WEBHOOK_DISABLED', message: 'The webhook was disabled: failing' });
  });

  it('during a rotation both secrets sign', async () => {
    const old = newSecret();
    const { sender, use } = attempt({ status: 200, latencyMs: 1 }, webhook({ previousSecret: old, previousSecretExpiresAt: new Date(Date.now() + 60_000) }));
    await use.execute('d', false);
    const [sent] = sender.sent;
    expect(sent!.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(() => new Verifier(old).verify(sent!.body, sent!.headers)).not.toThrow();
  });
});
