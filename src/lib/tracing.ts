// OpenTelemetry traces, configured by the standard environment variables:
// with OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT set
// (or OTEL_TRACES_EXPORTER=otlp), spans go to that collector over OTLP/HTTP;
// OTEL_SERVICE_NAME names the process (default assist-hub). Without them
// nothing is started and the API's no-op tracer costs next to nothing.
//
// The spans: each HTTP request to the hub (src/server/app.ts), joined to the
// caller's W3C `traceparent`; Apollo Gateway's own (gateway.request, .plan,
// .execute, .fetch); the traceparent sent on to remote subgraphs
// (src/gateway/gateway.ts), whose request spans join the same trace; and one
// span per SQL statement (src/db/database.ts). Log lines carry the trace and
// span ids (src/lib/logger.ts).
import { trace, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export interface Tracing {
  /** Sends what is buffered (tests; before a process exits). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

let started: Tracing | null = null;

/** Whether the environment asks for traces to be exported. */
export function tracingWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_TRACES_EXPORTER === 'otlp');
}

/** Starts exporting traces when the environment asks for it (once per process); null otherwise. */
export function startTracing(env: NodeJS.ProcessEnv = process.env): Tracing | null {
  if (started || !tracingWanted(env)) return started;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || 'assist-hub' }),
    // The exporter reads the endpoint, headers and timeout from the OTEL_EXPORTER_OTLP_* variables itself.
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  // The AsyncLocalStorage context manager and the W3C trace-context propagator.
  provider.register();
  started = { flush: () => provider.forceFlush(), shutdown: () => provider.shutdown() };
  return started;
}

/** The hub's tracer (a no-op one until tracing is started). */
export function tracer(): Tracer {
  return trace.getTracer('assist-hub');
}
