// Structured logs (pino): one JSON line per event, which is what a province's
// log collection expects. Never log ID numbers or tokens.
import { trace } from '@opentelemetry/api';
import pino from 'pino';

/** `destination`: where the lines go (standard output by default; tests read them). */
export function createLogger(level: string, destination?: pino.DestinationStream) {
  return pino(
    {
      level,
      base: { service: 'assist-hub' },
      redact: { paths: ['req.headers.authorization', '*.idNumber', '*.token'], censor: '[redacted]' },
      // The trace a line was written in (src/lib/tracing.ts), so that logs and traces meet.
      mixin: traceIds,
    },
    destination,
  );
}

function traceIds(): Record<string, string> {
  const span = trace.getActiveSpan()?.spanContext();
  return span ? { trace_id: span.traceId, span_id: span.spanId } : {};
}

export type Logger = ReturnType<typeof createLogger>;
