import type { Page, Readiness } from '#common';

/**
 * Messages the jobs service answers, and the shapes they carry. Dates cross the transport as
 * ISO 8601 instants in UTC; `wait` is the gateway's business (it polls `getJob`), so no request
 * here outlives the transport's deadline.
 */
export const JobsMessages = {
  health: 'jobs.health',
  listDefinitions: 'jobs.definition.list',
  registerJob: 'jobs.job.register',
  getJob: 'jobs.job.get',
  listJobs: 'jobs.job.list',
  listAllJobs: 'jobs.job.list-all',
  cancelJob: 'jobs.job.cancel',
  retryJob: 'jobs.job.retry',
  createSchedule: 'jobs.schedule.create',
  listSchedules: 'jobs.schedule.list',
  getSchedule: 'jobs.schedule.get',
  deleteSchedule: 'jobs.schedule.delete',
} as const;

export type JobStatus = 'registered' | 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export const JOB_STATUSES: readonly JobStatus[] = ['registered', 'queued', 'running', 'succeeded', 'failed', 'cancelled'];
export const FINAL_JOB_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled'];

/** A job as the API answers it (the contract's job JSON). */
export interface JobData {
  id: string;
  name: string;
  params: unknown;
  status: JobStatus;
  progress: number | null;
  result: unknown;
  error: { code: string; message: string } | null;
  attempts: number;
  runAt: string | null;
  scheduleId: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** `JobData` with the tenant, for operators' cross-tenant view. */
export interface TenantJobData extends JobData {
  tenant: string;
}

export interface JobDefinitionData {
  name: string;
  description: string;
  paramsSchema: Record<string, unknown>;
  timeoutMs: number;
  attempts: number;
}

export interface RegisterJobRequest {
  name: string;
  params: unknown;
  runAt?: string;
  idempotencyKey?: string;
}

export interface RegisterJobResponse {
  job: JobData;
  /** True when an earlier registration with the same Idempotency-Key and body answered. */
  replayed: boolean;
}

export interface JobListRequest {
  status?: JobStatus;
  /** Only jobs of this definition. */
  name?: string;
  limit: number;
  cursor?: string;
}

export interface AllJobsListRequest extends JobListRequest {
  tenant?: string;
}

export interface JobScheduleData {
  id: string;
  name: string;
  params: unknown;
  cron: string;
  timezone: string;
  nextRunAt: string;
  createdAt: string;
}

/**
 * The small subset of JSON Schema the job definitions' schemas use. The jobs service validates
 * parameters against `params` (apps/jobs params-schema.ts) and publishes it at
 * `/v1/jobs/definitions`; the gateway's OpenAPI document describes jobs with `params` and
 * `result`: one object for all three, so they cannot drift apart.
 */
export interface ParamsSchema {
  type?: ParamsSchemaType | ParamsSchemaType[];
  description?: string;
  properties?: Record<string, ParamsSchema>;
  required?: string[];
  additionalProperties?: false;
  enum?: readonly unknown[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  examples?: unknown[];
}

export type ParamsSchemaType = 'object' | 'string' | 'number' | 'integer' | 'boolean';

export type JobName = 'arithmetic' | 'sleep' | 'campaigns.report';

const statusCounts = (what: string): ParamsSchema => ({
  type: 'object',
  description: `The tenant's ${what} by status when the job ran.`,
  required: ['upcoming', 'live', 'ended', 'total'],
  additionalProperties: false,
  properties: Object.fromEntries(['upcoming', 'live', 'ended', 'total'].map((status) => [status, { type: 'integer', minimum: 0 }])),
});

/** Each job definition's parameters and the result a succeeded job of it carries. */
export const JOB_SCHEMAS: Readonly<Record<JobName, { params: ParamsSchema; result: ParamsSchema }>> = {
  arithmetic: {
    params: {
      type: 'object',
      required: ['op', 'a', 'b'],
      additionalProperties: false,
      properties: {
        op: { enum: ['add', 'subtract', 'multiply', 'divide'], description: 'The operation.' },
        a: { type: ['number', 'string'], maxLength: 10_000, description: 'A finite number; or a string when op is add and b is a string too.' },
        b: { type: ['number', 'string'], maxLength: 10_000, description: 'A finite number; or a string when op is add and a is a string too.' },
      },
      examples: [{ op: 'add', a: 5, b: 10 }, { op: 'add', a: 'a', b: 'b' }, { op: 'divide', a: 4, b: 7 }],
    },
    result: { type: ['number', 'string'], description: 'The bare value: a finite number, or the two strings concatenated.', examples: [15] },
  },
  sleep: {
    params: {
      type: 'object',
      required: ['ms'],
      additionalProperties: false,
      properties: { ms: { type: 'integer', minimum: 0, maximum: 600_000, description: 'How long to sleep, in milliseconds.' } },
      examples: [{ ms: 1000 }],
    },
    result: {
      type: 'object',
      required: ['sleptMs'],
      additionalProperties: false,
      properties: { sleptMs: { type: 'integer', minimum: 0, maximum: 600_000 } },
      examples: [{ sleptMs: 1000 }],
    },
  },
  'campaigns.report': {
    params: { type: 'object', additionalProperties: false, properties: {}, examples: [{}] },
    result: {
      type: 'object',
      required: ['campaigns', 'events', 'generatedAt'],
      additionalProperties: false,
      properties: {
        campaigns: statusCounts('campaigns'),
        events: statusCounts('events'),
        generatedAt: { type: 'string', description: 'ISO 8601 instant in UTC.' },
      },
      examples: [{ campaigns: { upcoming: 2, live: 1, ended: 4, total: 7 }, events: { upcoming: 3, live: 2, ended: 9, total: 14 }, generatedAt: '2026-11-27T09:00:00.000Z' }],
    },
  },
};

export const JOB_NAMES = Object.keys(JOB_SCHEMAS) as JobName[];

export interface CreateScheduleRequest {
  name: string;
  params: unknown;
  cron: string;
  timezone?: string;
}

export interface JobsContract {
  'jobs.health': { request: Record<string, never>; response: Readiness };
  'jobs.definition.list': { request: Record<string, never>; response: { items: JobDefinitionData[] } };
  'jobs.job.register': { request: RegisterJobRequest; response: RegisterJobResponse };
  'jobs.job.get': { request: { id: string }; response: JobData };
  'jobs.job.list': { request: JobListRequest; response: Page<JobData> };
  'jobs.job.list-all': { request: AllJobsListRequest; response: Page<TenantJobData> };
  'jobs.job.cancel': { request: { id: string }; response: JobData };
  'jobs.job.retry': { request: { id: string }; response: JobData };
  'jobs.schedule.create': { request: CreateScheduleRequest; response: JobScheduleData };
  'jobs.schedule.list': { request: { limit: number; cursor?: string }; response: Page<JobScheduleData> };
  'jobs.schedule.get': { request: { id: string }; response: JobScheduleData };
  'jobs.schedule.delete': { request: { id: string }; response: { deleted: true } };
  'jobs.webhook.create': { request: CreateWebhookRequest; response: CreatedWebhookData };
  'jobs.webhook.list': { request: { limit: number; cursor?: string }; response: Page<WebhookData> };
  'jobs.webhook.get': { request: { id: string }; response: WebhookData };
  'jobs.webhook.change': { request: ChangeWebhookRequest; response: WebhookData };
  'jobs.webhook.delete': { request: { id: string; expectedVersions?: number[] }; response: { deleted: true } };
  'jobs.webhook.rotate-secret': { request: { id: string }; response: CreatedWebhookData };
  'jobs.webhook.list-deliveries': { request: DeliveryListRequest; response: Page<WebhookDeliveryData> };
  'jobs.webhook.replay-delivery': { request: { id: string; deliveryId: string }; response: WebhookDeliveryData };
}

/**
 * Webhooks (a context of the jobs service: deliveries run in its workers). Subscriptions of a
 * tenant to its campaigns' and events' domain events, and the log of their deliveries.
 */
export const WebhookMessages = {
  create: 'jobs.webhook.create',
  list: 'jobs.webhook.list',
  get: 'jobs.webhook.get',
  change: 'jobs.webhook.change',
  delete: 'jobs.webhook.delete',
  rotateSecret: 'jobs.webhook.rotate-secret',
  listDeliveries: 'jobs.webhook.list-deliveries',
  replayDelivery: 'jobs.webhook.replay-delivery',
} as const;

/** The event types a subscription may name (the campaigns context's domain events). */
export const WEBHOOK_EVENT_TYPES = ['campaign.created', 'campaign.updated', 'campaign.deleted', 'event.created', 'event.updated', 'event.deleted'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
/** `standard`: the Standard Webhooks JSON body; `slack`: a Slack incoming-webhook `{text}` message. */
export const WEBHOOK_FORMATS = ['standard', 'slack'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface WebhookData {
  id: string;
  url: string;
  eventTypes: WebhookEventType[];
  format: WebhookFormat;
  enabled: boolean;
  description: string | null;
  /** Why the product disabled it (deliveries failing too long); null otherwise. */
  disabledReason: string | null;
  disabledAt: string | null;
  /** Until when the secret before the last rotation still signs deliveries; null when none. */
  previousSecretExpiresAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A subscription with its signing secret: only the answer of a create or a rotation carries it. */
export interface CreatedWebhookData extends WebhookData {
  secret: string;
}

export interface CreateWebhookRequest {
  url: string;
  eventTypes: WebhookEventType[];
  format?: WebhookFormat;
  enabled?: boolean;
  description?: string | null;
}

/** `expectedVersions`: If-Match as the versions the client named (absent: any version will do). */
export interface ChangeWebhookRequest {
  id: string;
  expectedVersions?: number[];
  url?: string;
  eventTypes?: WebhookEventType[];
  format?: WebhookFormat;
  enabled?: boolean;
  description?: string | null;
}

export interface DeliveryListRequest {
  id: string;
  status?: DeliveryStatus;
  limit: number;
  cursor?: string;
}

export interface WebhookDeliveryData {
  /** Also the `webhook-id` header of every attempt, replays included. */
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  lastAttemptAt: string | null;
  latencyMs: number | null;
  responseStatus: number | null;
  /** The first bytes (up to 512) of the last response's body, as text. */
  responseSnippet: string | null;
  error: { code: string; message: string } | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** Domain event types of the jobs context (payload: the job as stored, `JobData` plus tenant). */
/**
 * Broadcast (pub/sub, not durable) by the jobs service after job statuses commit: wakes the
 * gateways' `?wait` readers of those jobs. The status events of the outbox stay the record.
 */
export const JOB_CHANGES_TOPIC = 'jobs.changed';
export interface JobsChanged {
  ids: string[];
}

export const JobsEvents = {
  registered: 'job.registered',
  queued: 'job.queued',
  started: 'job.started',
  progress: 'job.progress',
  succeeded: 'job.succeeded',
  failed: 'job.failed',
  cancelled: 'job.cancelled',
} as const;
