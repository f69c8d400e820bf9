import { describe, expect, it } from '@jest/globals';
import { BatchSpanProcessor, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { ConfigError } from '../config/index.js';
import { activeTraceparent, inSpan, logCorrelation, SpanKind, spanProcessorFromEnv, startTracing } from './tracing.js';

describe('spanProcessorFromEnv', () => {
  it('exports nothing unless asked', () => {
    expect(spanProcessorFromEnv({})).toBeNull();
    expect(spanProcessorFromEnv({ OTEL_TRACES_EXPORTER: 'none' })).toBeNull();
  });

  it('exports over OTLP when an endpoint or the otlp exporter is named, to the console when asked', () => {
    expect(spanProcessorFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBeInstanceOf(BatchSpanProcessor);
    expect(spanProcessorFromEnv({ OTEL_TRACES_EXPORTER: 'otlp' })).toBeInstanceOf(BatchSpanProcessor);
    expect(spanProcessorFromEnv({ OTEL_TRACES_EXPORTER: 'console' })).toBeInstanceOf(SimpleSpanProcessor);
  });

  it('refuses an exporter it does not know, in one line', () => {
    expect(() => spanProcessorFromEnv({ OTEL_TRACES_EXPORTER: 'jaeger' })).toThrow(ConfigError);
    expect(() => spanProcessorFromEnv({ OTEL_TRACES_EXPORTER: 'jaeger' })).toThrow('OTEL_TRACES_EXPORTER must be otlp, console or none (got "jaeger")');
  });
});

describe('spans and log correlation', () => {
  startTracing('tracing-spec', {});
  const caller = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

  it("continues the caller's trace, with the request id, inside the span only", async () => {
    expect(logCorrelation()).toEqual({});
    const inside = await inSpan('work', { kind: SpanKind.CONSUMER, traceparent: caller, requestId: 'req-7' }, async () => ({
      fields: logCorrelation(),
      traceparent: activeTraceparent(),
    }));
    expect(inside.fields).toEqual({ requestId: 'req-7', traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(inside.fields.spanId).not.toBe('00f067aa0ba902b7');
    // Not sampled (no exporter here), so the flags say so; the ids travel all the same.
    expect(inside.traceparent).toBe(`00-4bf92f3577b34da6a3ce929d0e0e4736-${inside.fields.spanId}-00`);
    expect(logCorrelation()).toEqual({});
  });

  it('starts a new trace without a caller, and a failure still rejects', async () => {
    const fields = await inSpan('root', { kind: SpanKind.INTERNAL }, async () => logCorrelation());
    expect(fields.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(fields.traceId).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    await expect(inSpan('failing', { kind: SpanKind.INTERNAL }, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });
});
