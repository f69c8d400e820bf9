import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

type HttpDurationChild = ReturnType<Histogram<'method' | 'route' | 'status'>['labels']>;

/**
 * This process's Prometheus registry. One registry per application instance (not prom-client's
 * global one) so that several instances in one process, as in the tests, do not collide.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  /**
   * The histogram's child of each (method, route pattern, status) seen: resolved once, so an
   * answer costs one Map lookup instead of prom-client turning a labels object into a child on
   * every call. Bounded: routes are patterns, never raw paths.
   */
  private readonly httpChildren = new Map<string, HttpDurationChild>();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
  }

  observeHttp(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let child = this.httpChildren.get(key);
    if (!child) this.httpChildren.set(key, (child = this.httpDuration.labels(method, route, String(status))));
    child.observe(seconds);
  }
}
