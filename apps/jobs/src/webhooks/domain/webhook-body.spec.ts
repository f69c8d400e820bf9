import { describe, expect, it } from '@jest/globals';
import { deliveryBody, slackText } from './webhook-body.js';
import { signingSecrets, subscribesTo } from './webhook.js';

const event = {
  id: '0196b1f2-7c1e-7a3b-9f00-2b9c4d5e6f70',
  type: 'campaign.created',
  tenant: 'demo',
  occurredAt: '2026-05-20T08:00:00.000Z',
  aggregateId: '0196b1f2-7c1e-7a3b-9f00-2b9c4d5e6f71',
  aggregateVersion: 1,
  requestId: 'r-1',
  traceparent: null,
  payload: { id: '0196b1f2-7c1e-7a3b-9f00-2b9c4d5e6f71', name: 'Summer <sale> & more', startDate: '2026-06-01T10:00:00.000Z', endDate: '2026-06-30T18:00:00.000Z' },
};

describe('deliveryBody', () => {
  it('standard: {type, timestamp, data: the envelope}', () => {
    expect(JSON.parse(deliveryBody('standard', event))).toEqual({ type: 'campaign.created', timestamp: event.occurredAt, data: event });
  });

  it('slack: {text}', () => {
    expect(JSON.parse(deliveryBody('slack', event))).toEqual({ text: slackText(event) });
  });
});

describe('slackText', () => {
  it('names the campaign, what happened and its window, escaped for Slack', () => {
    expect(slackText(event)).toBe('Campaign “Summer &lt;sale&gt; &amp; more” created (2026-06-01 10:00 UTC – 2026-06-30 18:00 UTC)');
  });

  it('a deleted event has no window', () => {
    expect(slackText({ ...event, type: 'event.deleted', payload: { id: 'x' } })).toBe(`Event “${event.aggregateId}” deleted`);
  });
});

describe('signingSecrets', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  it('the previous secret signs only during its grace', () => {
    expect(signingSecrets({ secret: 'new', previousSecret: 'old', previousSecretExpiresAt: new Date('2026-06-02T00:00:00Z') }, now)).toEqual(['new', 'old']);
    expect(signingSecrets({ secret: 'new', previousSecret: 'old', previousSecretExpiresAt: new Date('2026-05-31T00:00:00Z') }, now)).toEqual(['new']);
    expect(signingSecrets({ secret: 'new', previousSecret: null, previousSecretExpiresAt: null }, now)).toEqual(['new']);
  });

  it('subscribesTo: enabled and listed', () => {
    expect(subscribesTo({ enabled: true, eventTypes: ['campaign.created'] }, 'campaign.created')).toBe(true);
    expect(subscribesTo({ enabled: false, eventTypes: ['campaign.created'] }, 'campaign.created')).toBe(false);
    expect(subscribesTo({ enabled: true, eventTypes: ['event.created'] }, 'campaign.created')).toBe(false);
  });
});
