// OpenTelemetry traces, exported over OTLP/HTTP to a collector on loopback
// (set by the standard OTEL_EXPORTER_OTLP_TRACES_ENDPOINT): a household query
// through a gateway whose registry subgraph is a service of its own makes one
// trace, with the gateway's request span, Apollo Gateway's spans, the
// subgraph's request span (joined by the W3C traceparent the gateway sent)
// and the SQL statements' spans; log lines written inside carry the trace id.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { trace } from '@opentelemetry/api';
import { createLogger } from '../../src/lib/logger';
import { startTracing, type Tracing } from '../../src/lib/tracing';
import { startTestHub, type TestHub } from '../helpers/hub';

interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  serviceName: string;
}

let collector: http.Server;
const spans: ExportedSpan[] = [];
let tracing: Tracing;
let registry: TestHub;
let gateway: TestHub;

beforeAll(async () => {
  collector = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      // OTLP/HTTP JSON: resourceSpans → scopeSpans → spans.
      for (const resource of JSON.parse(body).resourceSpans ?? []) {
        const service = resource.resource?.attributes?.find((a: { key: string }) => a.key === 'service.name')?.value?.stringValue;
        for (const scope of resource.scopeSpans ?? []) for (const span of scope.spans ?? []) spans.push({ ...span, serviceName: service });
      }
      res.setHeader('content-type', 'application/json').end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT = `http://127.0.0.1:${(collector.address() as AddressInfo).port}/v1/traces`;
  process.env.OTEL_SERVICE_NAME = 'assist-hub-tracing-test';
  tracing = startTracing()!;
  registry = await startTestHub({ demo: true, mode: { kind: 'subgraph', name: 'registry' } });
  gateway = await startTestHub({ mode: { kind: 'gateway', remotes: { registry: `${registry.url}/graphql` } } });
});
afterAll(async () => {
  await gateway?.stop();
  await registry?.stop();
  await tracing?.shutdown();
  collector.close();
  delete process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  delete process.env.OTEL_SERVICE_NAME;
});

test('a household query through the gateway is one trace: gateway, remote subgraph and SQL spans', async () => {
  const token = await gateway.token({ role: 'ADMIN', purpose: 'tracing test' });
  const { body } = await gateway.graphql(`query Households { households(first: 2) { edges { node { sourceId members { relation } } } } }`, { token });
  expect(body.errors).toBeUndefined();
  await tracing.flush();

  const root = spans.find((s) => s.name === 'gateway.request');
  expect(root).toBeDefined();
  const inTrace = spans.filter((s) => s.traceId === root!.traceId);
  const names = inTrace.map((s) => s.name);
  expect(names.filter((n) => n === 'POST /graphql').length).toBeGreaterThanOrEqual(2); // the gateway's and the subgraph's
  expect(names).toEqual(expect.arrayContaining(['gateway.plan', 'gateway.execute', 'gateway.fetch', 'db.query']));
  // The subgraph's request span is a child of the gateway's fetch: the traceparent crossed HTTP.
  const fetch = inTrace.find((s) => s.name === 'gateway.fetch')!;
  const subgraphRequest = inTrace.find((s) => s.name === 'POST /graphql' && s.parentSpanId === fetch.spanId);
  expect(subgraphRequest).toBeDefined();
  expect(inTrace.some((s) => s.name === 'db.query' && s.parentSpanId !== undefined)).toBe(true);
});

test('a log line written inside a span carries its trace and span ids', () => {
  const lines: string[] = [];
  const logger = createLogger('info', new Writable({ write: (chunk, _encoding, done) => (lines.push(chunk.toString()), done()) }));
  trace.getTracer('test').startActiveSpan('work', (span) => {
    logger.info('inside');
    expect(JSON.parse(lines[0]!)).toMatchObject({ trace_id: span.spanContext().traceId, span_id: span.spanContext().spanId });
    span.end();
  });
});
