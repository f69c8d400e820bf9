import type { FieldError, RequestContext } from '#common';
import type { MessagingClient } from '#messaging';
import type { ParamsSchema } from './params-schema.js';

/** What a running job may use: its tenant, a cancel signal, progress reports, the other services. */
export interface JobRunContext {
  jobId: string;
  tenant: string;
  /** Aborted when the job is cancelled or times out: long work checks it and stops. */
  signal: AbortSignal;
  /** Reports progress (0–100); cheap to call often, written at most about once a second. */
  progress(percent: number): void;
  /** A request context acting for the job's tenant, for requests to other services. */
  requestContext: RequestContext;
  messaging: MessagingClient;
}

/**
 * A predefined job: what staff may start by name. One file per definition under
 * `definitions/`, listed once in `definitions/index.ts`.
 */
export interface JobDefinition<P = any, R = unknown> {
  name: string;
  description: string;
  /** Published as it is; parameters are validated against it (see params-schema.ts). */
  paramsSchema: ParamsSchema;
  /** Rules the schema cannot say (e.g. "both strings when op is add"); fields as `params.x`. */
  refine?(params: P): FieldError[];
  /** An attempt running longer is aborted and fails with JOB_TIMEOUT (retried while attempts remain). */
  timeoutMs: number;
  /** How many attempts a job gets before it is `failed`. */
  attempts: number;
  /** Exponential backoff between attempts: delay × 2^(attempt − 1). */
  backoffMs: number;
  /** How many jobs of this definition one worker process runs at once. */
  concurrency: number;
  run(params: P, ctx: JobRunContext): Promise<R>;
}
