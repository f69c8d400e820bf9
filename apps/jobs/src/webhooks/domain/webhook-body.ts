import type { WebhookFormat } from '#messaging';

/** The fields of an event envelope a body is made of (what `@ConsumeEvent` handlers receive). */
export interface DeliveredEvent {
  id: string;
  type: string;
  tenant: string | null;
  occurredAt: string;
  aggregateId: string;
  payload: unknown;
  [field: string]: unknown;
}

/**
 * The body of a delivery, the same on every attempt. `standard`: the Standard Webhooks
 * shape `{type, timestamp, data}`, `data` being the whole event envelope (id, tenant,
 * aggregate, version, payload...); `slack`: an incoming-webhook message `{text}`.
 */
export function deliveryBody(format: WebhookFormat, event: DeliveredEvent): string {
  if (format === 'slack') return JSON.stringify({ text: slackText(event) });
  return JSON.stringify({ type: event.type, timestamp: event.occurredAt, data: event });
}

const WHAT: Record<string, string> = { campaign: 'Campaign', event: 'Event' };
const DONE: Record<string, string> = { created: 'created', updated: 'updated', deleted: 'deleted' };

/**
 * One line a team chat shows, e.g. `Campaign “Summer sale” created (2026-06-01 10:00 UTC – 2026-06-30 18:00 UTC)`.
 * Slack's mrkdwn treats &, < and > as control characters: they are escaped as Slack documents.
 */
export function slackText(event: DeliveredEvent): string {
  const [kind = '', verb = ''] = event.type.split('.');
  const payload = (event.payload ?? {}) as Record<string, unknown>;
  const name = typeof payload.name === 'string' ? payload.name : event.aggregateId;
  const start = instant(payload.startDate);
  const end = instant(payload.endDate);
  const window = start && end ? ` (${start} – ${end})` : start ? ` (starts ${start})` : '';
  const text = `${WHAT[kind] ?? kind} “${name}” ${DONE[verb] ?? verb}${verb === 'deleted' ? '' : window}`;
  return escapeSlack(text);
}

function instant(value: unknown): string | null {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) return null;
  return new Date(value).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
