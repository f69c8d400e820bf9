import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { bounded, MetricsService } from '#common';
import { JobQueues } from './job-queues.js';

const STATES = ['waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed'] as const;
/** A scrape does not wait on a Redis that does not answer (commands queue while it reconnects). */
const SCRAPE_BUDGET_MS = 1000;

/**
 * Queue depth on /metrics: BullMQ's job counts per queue and state, read at scrape time. Served
 * by the processes that run the jobs API (the queues are shared, so every API replica reports
 * the same numbers: aggregate with max, not sum). A Redis away leaves the gauge empty.
 */
@Injectable()
export class QueueMetrics {
  constructor(metrics: MetricsService, queues: JobQueues) {
    new Gauge({
      name: 'jobs_queue_jobs',
      help: 'BullMQ jobs per queue (job definition) and state',
      labelNames: ['queue', 'state'],
      registers: [metrics.registry],
      async collect() {
        this.reset();
        await Promise.all(
          queues.all().map(async (queue) => {
            const counts = await bounded(queue.getJobCounts(...STATES), SCRAPE_BUDGET_MS, { orElse: {} }).catch(() => ({}));
            for (const [state, count] of Object.entries(counts)) this.set({ queue: queue.name, state }, count);
          }),
        );
      },
    });
  }
}
