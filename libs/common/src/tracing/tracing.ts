import {
  type Attributes,
  context,
  type Context,
  createContextKey,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOffSampler, BatchSpanProcessor, ConsoleSpanExporter, NodeTracerProvider, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-node';
import { ConfigError } from '../config/index.js';

/**
 * OpenTelemetry tracing of one process. Every process has a tracer provider, so each request,
 * message and event runs inside a span whose trace id reaches the logs and crosses the
 * transport and the event streams; spans leave the process only when the standard OTEL
 * variables ask for an exporter (OTEL_TRACES_EXPORTER=otlp|console, or an OTLP endpoint set).
 * OTEL_SDK_DISABLED=true turns tracing off altogether (no trace ids in logs then).
 *
 * Spans are made here by hand at the four doors (HTTP, transport request, event, job) rather
 * than by the auto-instrumentations: those patch modules at load time, which ESM processes only
 * allow through a loader flag and which the in-process tests (the monolith under Jest) cannot
 * use at all; four hand-made spans behave the same in every mode.
 */

const REQUEST_ID = createContextKey('campaigns-platform.request-id');
const TRACER = 'campaigns-platform';
let provider: NodeTracerProvider | null = null;

/** Starts this process's tracing once (the first app of a process names it). */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): void {
  if (provider || env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return;
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': serviceName }))
    .merge(detectResources({ detectors: [envDetector] })); // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win
  const exporting = spanProcessorFromEnv(env);
  // Without an exporter, spans are never sampled: they still carry trace and span ids (for the
  // logs and for propagation) but record nothing, which costs a fraction of a recorded span.
  provider = new NodeTracerProvider(exporting ? { resource, spanProcessors: [exporting] } : { resource, sampler: new AlwaysOffSampler() });
  provider.register();
}

/** Sends the spans still buffered (at shutdown). */
export async function flushTraces(): Promise<void> {
  await provider?.forceFlush().catch(() => undefined);
}

const EXPORTERS = ['otlp', 'console', 'none'];

/** Which exporter, if any, the standard OTEL variables ask for (null: none, the default). */
export function spanProcessorFromEnv(env: NodeJS.ProcessEnv): SpanProcessor | null {
  const names = (env.OTEL_TRACES_EXPORTER ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.find((name) => !EXPORTERS.includes(name));
  if (unknown) throw new ConfigError(`Invalid configuration: OTEL_TRACES_EXPORTER must be otlp, console or none (got "${unknown}")`);
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (names.includes('console')) return new SimpleSpanProcessor(new ConsoleSpanExporter());
  if (names.includes('otlp') || (names.length === 0 && endpoint)) return new BatchSpanProcessor(new OTLPTraceExporter());
  return null;
}

export interface SpanOptions {
  kind: SpanKind;
  /** W3C traceparent of the caller (a transport envelope, an event, a job); none: the active context. */
  traceparent?: string | null;
  /** The request id this work belongs to, for the logs written inside it. */
  requestId?: string | null;
  attributes?: Attributes;
}

/**
 * The context a new span starts in: the caller's, from a W3C `traceparent` or from carrier
 * headers, when it sent one; otherwise the active one.
 */
export function parentContext(caller: string | Record<string, unknown> | null | undefined): Context {
  if (!caller) return context.active();
  return propagation.extract(ROOT_CONTEXT, typeof caller === 'string' ? { traceparent: caller } : caller);
}

/** Starts a span and returns the context to run its work in (ended by the caller). */
export function startSpan(name: string, options: SpanOptions, parent = parentContext(options.traceparent)): { span: Span; context: Context } {
  const span = trace.getTracer(TRACER).startSpan(name, { kind: options.kind, attributes: options.attributes }, parent);
  let ctx = trace.setSpan(parent, span);
  if (options.requestId) ctx = ctx.setValue(REQUEST_ID, options.requestId);
  return { span, context: ctx };
}

/** Runs `work` inside a new span; a thrown error marks the span failed and is rethrown. */
export async function inSpan<T>(name: string, options: SpanOptions, work: (span: Span) => Promise<T>): Promise<T> {
  const { span, context: ctx } = startSpan(name, options);
  try {
    return await context.with(ctx, () => work(span));
  } catch (error) {
    failSpan(span, error);
    throw error;
  } finally {
    span.end();
  }
}

export function failSpan(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/** The active trace context as a W3C traceparent, to carry in an envelope, an outbox row or a job. */
export function activeTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** What every log line written inside a request, message or event carries. */
export function logCorrelation(): Record<string, string> {
  const active = context.active();
  const fields: Record<string, string> = {};
  const requestId = active.getValue(REQUEST_ID);
  if (typeof requestId === 'string') fields.requestId = requestId;
  const spanContext = trace.getSpanContext(active);
  if (spanContext && isSpanContextValid(spanContext)) {
    fields.traceId = spanContext.traceId;
    fields.spanId = spanContext.spanId;
  }
  return fields;
}

export { context, SpanKind, SpanStatusCode };
export type { Context, Span };
