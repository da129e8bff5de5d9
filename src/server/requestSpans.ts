// One span per HTTP request to the hub, joined to the caller's W3C
// `traceparent` (a gateway's, when this is a subgraph served alone), and made
// the active context for everything the request does (src/lib/tracing.ts).
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type express from 'express';
import { tracer } from '../lib/tracing';

export function requestSpans(): express.RequestHandler {
  return (req, res, next) => {
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer().startSpan(
      `${req.method} ${req.path}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': req.path } },
      parent,
    );
    const active = trace.setSpan(parent, span);
    // The body arrives in the socket's events: bound, they run in the request's context too.
    context.bind(active, req);
    context.bind(active, res);
    res.on('finish', () => {
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(active, next);
  };
}
