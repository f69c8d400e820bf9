import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TenantCredentials } from '../harness/auth.js';
import { inDays } from '../harness/campaigns.js';
import { Deployment, Member } from '../harness/deployment.js';
import { eventually } from '../harness/http.js';
import type { Product } from '../harness/product.js';

type LogLine = Record<string, any>;

function lines(process: Member): LogLine[] {
  return process.spawned.output.split('\n').flatMap((line) => {
    try {
      return [JSON.parse(line) as LogLine];
    } catch {
      return [];
    }
  });
}

/** Log lines of `process` in trace `traceId`, once there is one matching `msg`. */
function traced(process: Member, traceId: string, msg: RegExp): Promise<LogLine[]> {
  return eventually(async () => {
    const inTrace = lines(process).filter((line) => line.traceId === traceId);
    return inTrace.some((line) => msg.test(line.msg)) ? inTrace : undefined;
  }, 20_000, 100);
}

/**
 * One request, one trace, across processes: the split deployment (gateway, campaigns, jobs API,
 * jobs worker as separate OS processes, logging at debug) is followed through its logs. A
 * campaign created with the caller's `traceparent` shows that trace id in the gateway's access
 * log, in the campaigns process that handled the request and in the event consumer that took
 * its `campaign.created`; a job submitted without one gets a trace from the gateway that its
 * jobs API, its scheduler (an event consumer) and the worker process that ran it all log.
 */
describe('tracing across the split deployment', () => {
  let deployment: Deployment;
  let product: Product;
  let t: TenantCredentials;
  const processes: Record<string, Member> = {};

  beforeAll(async () => {
    deployment = await Deployment.create({ LOG_LEVEL: 'debug', RATE_LIMIT: 'off' });
    processes.campaigns = await deployment.start('campaigns');
    processes.jobsApi = await deployment.start('jobs', { JOBS_ROLE: 'api' });
    processes.jobsWorker = await deployment.start('jobs', { JOBS_ROLE: 'worker' });
    processes.gateway = await deployment.start('gateway');
    ({ product, t } = await deployment.open(processes.gateway));
  }, 60_000);

  afterAll(async () => {
    await deployment?.destroy();
  });

  it("a campaign write continues the caller's trace in the gateway, the campaigns service and the event consumer", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await product.request('POST', '/v1/campaign-events', {
      headers: { ...t.headers.editor, traceparent: `00-${traceId}-00f067aa0ba902b7-01`, 'x-request-id': 'trace-test-campaign' },
      body: { name: 'Traced', startDate: inDays(1), endDate: inDays(2) },
    });
    expect(res.status).toBe(201);

    const gateway = await traced(processes.gateway!, traceId, /^consumed campaign\.created /);
    expect(gateway.find((line) => line.msg === 'request completed')).toMatchObject({ requestId: 'trace-test-campaign', method: 'POST', route: '/v1/campaign-events', statusCode: 201 });
    const campaigns = await traced(processes.campaigns!, traceId, /^handled campaigns\./);
    expect(campaigns.every((line) => line.requestId === 'trace-test-campaign' && line.service === processes.campaigns!.name)).toBe(true);
    // The event consumer's line is the same trace, its own span.
    const consumed = gateway.find((line) => /^consumed campaign\.created /.test(line.msg))!;
    expect(consumed.requestId).toBe('trace-test-campaign');
    expect(consumed.spanId).not.toBe(gateway.find((line) => line.msg === 'request completed')!.spanId);
    // Nothing of this trace in processes it never reached.
    expect(lines(processes.jobsWorker!).some((line) => line.traceId === traceId)).toBe(false);
    // A mobile app reads it (through the read cache: its metrics are checked below).
    expect((await product.get(`/v1/campaign-events/${res.body.id}`, t.headers.apiKey)).status).toBe(200);
  });

  it('a job submitted without a traceparent is one trace from the gateway to the worker process that runs it', async () => {
    const res = await product.request('POST', '/v1/jobs', { headers: { ...t.headers.editor, 'x-request-id': 'trace-test-job' }, body: { name: 'sleep', params: { ms: 10 } } });
    expect(res.status).toBe(202);
    const access = await eventually(async () => lines(processes.gateway!).find((line) => line.requestId === 'trace-test-job' && line.msg === 'request completed'), 10_000, 100);
    expect(access.traceId).toMatch(/^[0-9a-f]{32}$/);

    const api = await traced(processes.jobsApi!, access.traceId, /^consumed job\.registered /);
    expect(api.some((line) => /^handled jobs\./.test(line.msg))).toBe(true);
    const worker = await traced(processes.jobsWorker!, access.traceId, /^job sleep .* succeeded/);
    expect(worker.every((line) => line.service === processes.jobsWorker!.name)).toBe(true);
    expect((await product.get(`/v1/jobs/${res.body.id}`, t.headers.viewer)).body.status).toBe('succeeded');
  });

  // What operators scrape from each process (after the traffic above, so the series exist).
  const METRICS: Record<string, RegExp[]> = {
    gateway: [
      /http_request_duration_seconds_count\{method="POST",route="\/v1\/campaign-events",status="201"\} [1-9]/,
      /messaging_request_duration_seconds_count\{pattern="campaigns\.[a-z.]+",outcome="ok"\} [1-9]/,
      /read_cache_(hits|misses)_total\{level="(memory|redis)"\}/,
      /dead_letters\{consumer="identity"\} 0/,
      /event_consumer_pending\{group="identity"\} \d+/,
      /nodejs_eventloop_lag_seconds \d/,
    ],
    campaigns: [/outbox_lag_seconds\{source="marketing"\} \d/, /outbox_unpublished_events\{source="marketing"\} \d/, /process_resident_memory_bytes \d/],
    jobsApi: [
      /jobs_queue_jobs\{queue="sleep",state="completed"\} [1-9]/,
      /jobs_queue_jobs\{queue="sleep",state="waiting"\} \d/,
      /outbox_lag_seconds\{source="jobs"\} \d/,
      /dead_letters\{consumer="jobs"\} 0/,
    ],
    jobsWorker: [/process_cpu_seconds_total \d/],
  };

  it.each(Object.keys(METRICS))('%s serves its metrics on /metrics', async (name) => {
    const res = await fetch(`${processes[name]!.url}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const pattern of METRICS[name]!) expect(text).toMatch(pattern);
  });
});
