import { Injectable } from '@nestjs/common';
import { Gauge, Histogram, Registry } from 'prom-client';
import { MetricsService } from '#common';

/** One reading at scrape time: its labels and the values of the gauges it feeds. */
export interface Sample {
  labels: Record<string, string>;
  values: Record<string, number>;
}

type Probe = () => Promise<Sample[]>;

/**
 * The messaging metrics of one process: request latency over the transport, and gauges read
 * at scrape time (outbox lag, pending events per consumer group, dead letters), to which each
 * relay and consumer adds its probe. One set per process, so several relays share them.
 */
@Injectable()
export class MessagingMetrics {
  readonly requestDuration: Histogram<'pattern' | 'outcome'>;
  private readonly probes: Probe[] = [];

  constructor(metrics: MetricsService) {
    this.requestDuration = new Histogram({
      name: 'messaging_request_duration_seconds',
      help: 'Requests to other services over the transport, by pattern and outcome (ok or the error code)',
      labelNames: ['pattern', 'outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers: [metrics.registry],
    });
    const gauges: Array<[string, string, string[]]> = [
      ['outbox_unpublished_events', 'Committed events not yet on their stream', ['source']],
      ['outbox_lag_seconds', 'Age of the oldest committed event not yet on its stream', ['source']],
      ['event_consumer_pending', 'Events delivered to a consumer group and not yet acknowledged', ['group']],
      ['dead_letters', 'Events a consumer gave up on, awaiting an operator', ['consumer']],
    ];
    for (const [name, help, labelNames] of gauges) this.gauge(metrics.registry, name, help, labelNames);
  }

  /** Adds a reading to the scrape; its samples' `values` are keyed by gauge name. */
  addProbe(probe: Probe): void {
    this.probes.push(probe);
  }

  private gauge(registry: Registry, name: string, help: string, labelNames: string[]): void {
    const probes = this.probes;
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        for (const probe of probes) {
          // A dependency away at scrape time leaves the gauge empty rather than failing the scrape.
          const samples = await probe().catch(() => [] as Sample[]);
          for (const { labels, values } of samples) if (values[name] !== undefined) this.set(labels, values[name]);
        }
      },
    });
  }
}
