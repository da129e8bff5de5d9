// The HTTP surface: health, readiness, the playground, POST /graphql and the
// DCI facade, all on one port.
import { expressMiddleware } from '@as-integrations/express5';
import type { ApolloServer } from '@apollo/server';
import express from 'express';
import type { Database } from '../db/database';
import { checkReadiness } from '../db/readiness';
import { metrics } from '../lib/metrics';
import { tracingWanted } from '../lib/tracing';
import { requestSpans } from './requestSpans';
import type { HubConfig } from '../lib/config';
import type { HubContext } from '../graphql/context';
import { contextFunction } from './graphqlServer';
import type { CallerSource } from './auth';
import { playgroundRouter } from './playground';
import { PLAYGROUND_EXAMPLES } from './examples';

export const GRAPHQL_PATH = '/graphql';
/** Large enough for a batch of 5,000 exchange objects. */
export const MAX_BODY = '16mb';

export interface AppOptions {
  config: HubConfig;
  db: Database;
  graphql: ApolloServer<HubContext>;
  /** Serve the playground (the gateway does; a lone subgraph does not). */
  playground: boolean;
  /** Where callers come from: Authorization (default), or also the gateway's signed identity for a lone subgraph. */
  callers?: CallerSource;
  /** Set while the hub drains before stopping: /readyz answers 503, so a load balancer sends no more. */
  lifecycle?: { draining: boolean };
  /** The remote subgraphs a gateway reaches, by name: /readyz reports each one's own readiness. */
  subgraphs?: Record<string, string>;
  /** The DCI facade's routes (src/server/dci.ts), on the gateway. */
  dci?: express.Router;
}

export function createApp({ config, db, graphql, playground, callers, lifecycle, subgraphs = {}, dci }: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  if (tracingWanted()) app.use(requestSpans());
  // Every answer, on every route (GraphQL, health, playground, 404s): a browser
  // must take a response for the type it says, never sniff it into HTML or script.
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // Draining: the client (a gateway's connection pool) must not send another request on this connection.
    if (lifecycle?.draining) res.setHeader('Connection', 'close');
    next();
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Prometheus's scrape: counts and timings, no personal data (src/lib/metrics.ts). Like the probes, open
  // without a token: keep the port on the operators' network.
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.metrics());
  });
  app.get('/readyz', async (_req, res) => {
    if (lifecycle?.draining) {
      res.status(503).json({ ready: false, draining: true });
      return;
    }
    const [readiness, remote] = await Promise.all([checkReadiness(db), remoteReadiness(subgraphs)]);
    res.status(readiness.ready ? 200 : 503).json({ ...readiness, ...remote });
  });
  if (playground) {
    app.use(playgroundRouter({ endpoint: GRAPHQL_PATH, examples: PLAYGROUND_EXAMPLES }));
  }
  if (dci) app.use(dci);
  app.use(
    GRAPHQL_PATH,
    express.json({ limit: MAX_BODY }),
    expressMiddleware(graphql, { context: contextFunction(db.prisma, config, callers) }),
  );
  return app;
}

/** How long /readyz waits for a remote subgraph's own /readyz. */
const SUBGRAPH_READY_TIMEOUT_MS = 2_000;

/**
 * Each remote subgraph's readiness, asked at its /readyz. A subgraph that is
 * down degrades the gateway's answers (partial data with errors) but leaves
 * the gateway ready: taking every gateway replica out of a load balancer for
 * one subgraph would turn a partial outage into a whole one.
 */
async function remoteReadiness(subgraphs: Record<string, string>): Promise<{ subgraphs?: Record<string, string>; degraded?: true }> {
  const names = Object.keys(subgraphs);
  if (names.length === 0) return {};
  const states = await Promise.all(
    names.map(async (name): Promise<[string, string]> => {
      try {
        const response = await fetch(new URL('/readyz', subgraphs[name]), { signal: AbortSignal.timeout(SUBGRAPH_READY_TIMEOUT_MS) });
        return [name, response.ok ? 'ok' : 'not ready'];
      } catch {
        return [name, 'unreachable'];
      }
    }),
  );
  const degraded = states.some(([, state]) => state !== 'ok');
  return { subgraphs: Object.fromEntries(states), ...(degraded ? { degraded: true as const } : {}) };
}
