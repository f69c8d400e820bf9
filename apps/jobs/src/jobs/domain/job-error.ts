/**
 * A job's own failure, with the stable `code` its `error` carries (`DIVISION_BY_ZERO`,
 * `NOT_FINITE`, ...). `retryable: false` (the default) ends the job at once: running the same
 * parameters again cannot give another answer. Anything else a job throws is retried while
 * attempts remain, and ends as `JOB_FAILED` with its message.
 */
export class JobError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'JobError';
  }
}

export const JobErrorCodes = {
  failed: 'JOB_FAILED',
  timeout: 'JOB_TIMEOUT',
  stalled: 'JOB_STALLED',
  unknownDefinition: 'UNKNOWN_DEFINITION',
} as const;
