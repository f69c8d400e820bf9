import { IsIn, IsOptional, IsString } from 'class-validator';
import { IntSetting, PASSWORD_RULES, PlatformConfig, weakSecretProblem } from '#common';

/** What a worker's shutdown needs after its grace: hand the rest back, close queues and connections. */
export const SHUTDOWN_ROOM_AFTER_GRACE_MS = 3000;

/** The jobs service's configuration (split mode reads it; the monolith reads it too). */
export class JobsConfig extends PlatformConfig {
  override PORT: number = 3002;
  override SERVICE_NAME: string = 'jobs';

  /**
   * What this process runs: `all` (API and workers; the monolith and the default), `api` (the
   * message handlers, the scheduler, schedules, the reconciler, retention and the dashboard, no
   * workers) or `worker` (the BullMQ workers only: it answers no request, so workers scale
   * apart from the API).
   */
  @IsIn(['all', 'api', 'worker'], { message: 'must be all, api or worker' })
  JOBS_ROLE: string = 'all';

  /**
   * BullMQ's lock of a running job and the interval of its stalled-job check: a worker that
   * died loses its jobs' locks after this long, and another worker runs them again.
   */
  @IntSetting({ min: 500, unit: 'milliseconds' })
  JOBS_LOCK_MS: number = 30_000;

  /** How often the reconciler looks for unfinished jobs missing from the queue (and once at start). */
  @IntSetting({ min: 500, unit: 'milliseconds' })
  JOBS_RECONCILE_INTERVAL_MS: number = 30_000;

  /** A job the reconciler may re-enqueue has not changed for at least this long. */
  @IntSetting({ min: 0, unit: 'milliseconds' })
  JOBS_RECONCILE_IDLE_MS: number = 10_000;

  /** How often due schedules are looked for. */
  @IntSetting({ min: 100, unit: 'milliseconds' })
  JOBS_SCHEDULE_TICK_MS: number = 1000;

  /** Finished jobs stay in the store this many days. */
  @IntSetting({ min: 1, unit: 'days' })
  JOBS_RETENTION_DAYS: number = 30;

  /** Finished jobs stay in BullMQ (and its dashboard) this many seconds. */
  @IntSetting({ min: 1, max: 365 * 86400, unit: 'seconds' })
  JOBS_QUEUE_RETENTION_S: number = 86_400;

  /** Multiplies every definition's concurrency in this process (more worker slots per process). */
  @IntSetting({ min: 1, max: 100 })
  JOBS_CONCURRENCY_FACTOR: number = 1;

  /**
   * On SIGTERM, how long a worker process lets its running jobs finish (it takes no new ones);
   * the jobs still running then are stopped and handed back to the queue without using an
   * attempt, and another worker takes them at once. With SHUTDOWN_DRAIN_MS before it, it must
   * end at least SHUTDOWN_ROOM_AFTER_GRACE_MS before SHUTDOWN_TIMEOUT_MS.
   */
  @IntSetting({ min: 0, unit: 'milliseconds' })
  JOBS_SHUTDOWN_GRACE_MS: number = 15_000;

  /** A tenant's job schedules at most; one more is refused (409 SCHEDULE_LIMIT_REACHED). */
  @IntSetting({ min: 1, max: 100_000 })
  JOBS_MAX_SCHEDULES_PER_TENANT: number = 100;

  /** HTTP Basic password (user `ops`) of the queue dashboard at /admin/queues; unset: no dashboard. */
  @IsOptional()
  @IsString()
  QUEUE_DASHBOARD_PASSWORD: string = '';

  /**
   * Failed dashboard logins one client address may make per QUEUE_DASHBOARD_FAILURE_WINDOW_S;
   * after them it gets 429 (even with the right password) until the window ends.
   */
  @IntSetting({ min: 1, max: 1000 })
  QUEUE_DASHBOARD_MAX_FAILURES: number = 10;

  /** The window of QUEUE_DASHBOARD_MAX_FAILURES, from a client's first failed login. */
  @IntSetting({ min: 1, max: 86_400, unit: 'seconds' })
  QUEUE_DASHBOARD_FAILURE_WINDOW_S: number = 900;

  /**
   * `true`: webhooks may reach loopback, private, link-local and metadata addresses, and use
   * http (development and tests, whose receivers listen on 127.0.0.1). Refused in production.
   */
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  WEBHOOKS_ALLOW_PRIVATE: string = 'false';

  /** One delivery attempt at most this long (connect, send, response); then it is a TIMEOUT, retried. */
  @IntSetting({ min: 100, max: 60_000, unit: 'milliseconds' })
  WEBHOOKS_TIMEOUT_MS: number = 10_000;

  /** Attempts of one delivery (a replay starts a new series); after the last it is `dead`. */
  @IntSetting({ min: 1, max: 30 })
  WEBHOOKS_MAX_ATTEMPTS: number = 8;

  /** The backoff's base: the wait before attempt n+1 is random in [0, base × 2^(n−1)] (full jitter). */
  @IntSetting({ min: 10, unit: 'milliseconds' })
  WEBHOOKS_RETRY_BASE_MS: number = 30_000;

  /** The longest wait between attempts, a receiver's Retry-After included. */
  @IntSetting({ min: 10, unit: 'milliseconds' })
  WEBHOOKS_RETRY_MAX_MS: number = 3_600_000;

  /** After a secret rotation, the previous secret still signs (beside the new one) this long. */
  @IntSetting({ min: 0, unit: 'milliseconds' })
  WEBHOOKS_SECRET_GRACE_MS: number = 86_400_000;

  /** A subscription whose attempts have all failed for this long is disabled, with the reason. */
  @IntSetting({ min: 1000, unit: 'milliseconds' })
  WEBHOOKS_DISABLE_AFTER_FAILING_MS: number = 86_400_000;

  /** Deliveries stay in the log this many days. */
  @IntSetting({ min: 1, unit: 'days' })
  WEBHOOKS_DELIVERY_RETENTION_DAYS: number = 30;

  /** Deliveries one worker process sends at once. */
  @IntSetting({ min: 1, max: 1000 })
  WEBHOOKS_CONCURRENCY: number = 20;

  /** A tenant's subscriptions at most; one more is refused (409 WEBHOOK_LIMIT_REACHED). */
  @IntSetting({ min: 1, max: 10_000 })
  WEBHOOKS_MAX_PER_TENANT: number = 20;

  override crossCheck(): string[] {
    const problems = super.crossCheck();
    // The dashboard shows every tenant's jobs: in production its password must not be guessable.
    const weak = this.isProduction && this.QUEUE_DASHBOARD_PASSWORD ? weakSecretProblem('QUEUE_DASHBOARD_PASSWORD', this.QUEUE_DASHBOARD_PASSWORD, PASSWORD_RULES) : null;
    if (weak) problems.push(weak);
    if (this.isProduction && this.WEBHOOKS_ALLOW_PRIVATE === 'true') {
      problems.push('WEBHOOKS_ALLOW_PRIVATE must not be true in production: webhooks could reach the private network and metadata services');
    }
    const latest = this.SHUTDOWN_TIMEOUT_MS - this.SHUTDOWN_DRAIN_MS - SHUTDOWN_ROOM_AFTER_GRACE_MS;
    if (Number.isInteger(this.JOBS_SHUTDOWN_GRACE_MS) && this.JOBS_SHUTDOWN_GRACE_MS > latest) {
      problems.push(
        `JOBS_SHUTDOWN_GRACE_MS must end ${SHUTDOWN_ROOM_AFTER_GRACE_MS} ms before SHUTDOWN_TIMEOUT_MS after SHUTDOWN_DRAIN_MS: at most ${latest} here (got ${this.JOBS_SHUTDOWN_GRACE_MS})`,
      );
    }
    return problems;
  }

  get runsApi(): boolean {
    return this.JOBS_ROLE !== 'worker';
  }

  get webhooksAllowPrivate(): boolean {
    return this.WEBHOOKS_ALLOW_PRIVATE === 'true';
  }

  /** https only, except in development and tests or with WEBHOOKS_ALLOW_PRIVATE (receivers on a laptop). */
  get webhooksHttpsOnly(): boolean {
    return this.isProduction && !this.webhooksAllowPrivate;
  }

  get runsWorkers(): boolean {
    return this.JOBS_ROLE !== 'api';
  }
}
