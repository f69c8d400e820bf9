import { Injectable, OnModuleInit } from '@nestjs/common';
import { Broadcaster, JOB_CHANGES_TOPIC, type JobsChanged } from '#messaging';

/** What a `?wait` reader waits on: the next change of its job, or its time running out. */
export interface JobWatch {
  /** Resolves at the job's next change (at once if it changed since the last call), or after `ms`. */
  next(ms: number): Promise<void>;
  close(): void;
}

/**
 * The gateway's ear for job changes: the jobs service broadcasts the ids of the jobs whose
 * status it committed, and every waiting `GET /v1/jobs/{id}?wait=` on this replica is woken by
 * its job's change instead of reading the job again and again. Broadcasts are at most once:
 * a reader also reads again when `next` times out, which bounds what a lost message costs.
 */
@Injectable()
export class JobChanges implements OnModuleInit {
  private readonly watchers = new Map<string, Set<() => void>>();

  constructor(private readonly broadcaster: Broadcaster) {}

  onModuleInit(): void {
    this.broadcaster.subscribe<JobsChanged>(JOB_CHANGES_TOPIC, {
      onMessage: (message) => (Array.isArray(message?.ids) ? message.ids : []).forEach((id) => this.changed(String(id))),
      // Messages may have been missed: every reader looks again.
      onReset: () => [...this.watchers.keys()].forEach((id) => this.changed(id)),
    });
  }

  /** Starts listening before the caller's first read, so a change right after that read is not missed. */
  watch(id: string): JobWatch {
    let changed = false;
    let wake: (() => void) | null = null;
    const listener = () => {
      changed = true;
      wake?.();
    };
    const listeners = this.watchers.get(id) ?? new Set();
    this.watchers.set(id, listeners.add(listener));
    return {
      next: (ms) =>
        new Promise<void>((resolve) => {
          if (changed) {
            changed = false;
            return resolve();
          }
          const timer = setTimeout(() => wake?.(), Math.max(0, ms));
          wake = () => {
            clearTimeout(timer);
            wake = null;
            changed = false;
            resolve();
          };
        }),
      close: () => {
        listeners.delete(listener);
        if (listeners.size === 0) this.watchers.delete(id);
        wake?.();
      },
    };
  }

  private changed(id: string): void {
    this.watchers.get(id)?.forEach((listener) => listener());
  }
}
