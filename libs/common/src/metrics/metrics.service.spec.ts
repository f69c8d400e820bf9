import { describe, expect, it } from '@jest/globals';
import { MetricsService } from './metrics.service.js';

describe('MetricsService.observeHttp', () => {
  it('counts each (method, route, status) in its own series of http_request_duration_seconds', async () => {
    const metrics = new MetricsService();
    metrics.observeHttp('GET', '/v1/campaign-events/live', 200, 0.002);
    metrics.observeHttp('GET', '/v1/campaign-events/live', 200, 0.02);
    metrics.observeHttp('GET', '/v1/campaign-events/live', 304, 0.001);
    metrics.observeHttp('POST', '/v1/campaign-events', 200, 0.3);
    const text = await metrics.registry.getSingleMetricAsString('http_request_duration_seconds');
    expect(text).toContain('http_request_duration_seconds_count{method="GET",route="/v1/campaign-events/live",status="200"} 2');
    expect(text).toContain('http_request_duration_seconds_bucket{le="0.0025",method="GET",route="/v1/campaign-events/live",status="200"} 1');
    expect(text).toContain('http_request_duration_seconds_count{method="GET",route="/v1/campaign-events/live",status="304"} 1');
    expect(text).toContain('http_request_duration_seconds_count{method="POST",route="/v1/campaign-events",status="200"} 1');
  });
});
