import { JOB_SCHEMAS } from '#messaging';
import type { JobDefinition } from './job-definition.js';
import { JobError } from '../domain/job-error.js';

/**
 * Waits `ms` milliseconds: the stand-in for long work. It wakes as soon as the job is cancelled
 * (the worker aborts the signal when the cancellation is published), so a cancelled sleep stops
 * well within a second; progress is reported every second.
 */
export const sleep: JobDefinition<{ ms: number }, { sleptMs: number }> = {
  name: 'sleep',
  description: 'Waits `ms` milliseconds (0–600000); result `{sleptMs}`. A cancelled sleep stops within 1 s.',
  paramsSchema: JOB_SCHEMAS.sleep.params,
  timeoutMs: 660_000,
  attempts: 3,
  backoffMs: 1000,
  concurrency: 100,
  async run({ ms }, ctx) {
    const started = Date.now();
    await new Promise<void>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        clearInterval(ticker);
        ctx.signal.removeEventListener('abort', aborted);
      };
      const aborted = () => {
        done();
        reject(ctx.signal.reason instanceof Error ? ctx.signal.reason : new JobError('CANCELLED', 'The job was cancelled.'));
      };
      const timer = setTimeout(() => {
        done();
        resolve();
      }, ms);
      const ticker = setInterval(() => ctx.progress(Math.min(99, Math.floor(((Date.now() - started) / Math.max(ms, 1)) * 100))), 1000);
      if (ctx.signal.aborted) aborted();
      else ctx.signal.addEventListener('abort', aborted, { once: true });
    });
    return { sleptMs: ms };
  },
};
