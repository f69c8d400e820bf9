/** What a BullMQ job carries: enough to run without reading the store. */
export interface QueuedJobData {
  tenant: string;
  params: unknown;
  /** Attempts made before this enqueue (an admin retry continues the count). */
  attemptBase: number;
  /**
   * The store position's attempt number before this enqueue; above `attemptBase` by the runs
   * handed back at a worker's shutdown (they start no attempt of their own). Absent: equal to
   * `attemptBase` (jobs enqueued before it existed, and every job never handed back).
   */
  positionBase?: number;
  /** The trace (W3C traceparent) of whatever enqueued it, continued by the worker that runs it. */
  traceparent?: string;
}

/** Where one run of a queued job stands in the store's two counts. */
export interface RunNumbers {
  /** The attempt of its status reports' `(attempt, step)` positions: grows with every run. */
  position: number;
  /** Attempts started, as the job's `attempts` shows them: a handed-back run is not one. */
  counted: number;
}

/** The numbers of the run BullMQ starts now, after `attemptsMade` finished (failed) attempts. */
export function runNumbers(data: QueuedJobData, attemptsMade: number): RunNumbers {
  const counted = data.attemptBase + attemptsMade + 1;
  const position = (data.positionBase ?? data.attemptBase) + attemptsMade + 1;
  return { position: Math.max(position, counted), counted };
}

/**
 * The data of a job whose run is handed back to the queue at shutdown: its next run reports at
 * the next position (so its `running` comes after this run's `queued`) while the attempt count
 * stays where it is (BullMQ does not count the run either).
 */
export function handedBack(data: QueuedJobData): QueuedJobData {
  return { ...data, positionBase: (data.positionBase ?? data.attemptBase) + 1 };
}

/**
 * The data of a job enqueued (again) from its stored row: `attempts` started so far and the
 * attempt of its last position (`attempt`), which may be ahead after runs were handed back.
 */
export function enqueuedData(tenant: string, params: unknown, attempts: number, attempt = attempts): QueuedJobData {
  return attempt > attempts ? { tenant, params, attemptBase: attempts, positionBase: attempt } : { tenant, params, attemptBase: attempts };
}
