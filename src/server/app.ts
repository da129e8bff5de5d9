// The HTTP surface: health, readiness, the playground and POST /graphql, all
// on one port.
import { expressMiddleware } from '@as-integrations/express5';
import type { ApolloServer } from '@apollo/server';
import express from 'express';
import type { Database } from '../db/database';
import { checkReadiness } from '../db/readiness';
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
  /** Where callers come from: Authorization (default), or the gateway's signed identity for a lone subgraph. */
  callers?: CallerSource;
}

export function createApp({ config, db, graphql, playground, callers }: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Every answer, on every route (GraphQL, health, playground, 404s): a browser
  // must take a response for the type it says, never sniff it into HTML or script.
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const readiness = await checkReadiness(db);
    res.status(readiness.ready ? 200 : 503).json(readiness);
  });
  if (playground) {
    app.use(playgroundRouter({ endpoint: GRAPHQL_PATH, examples: PLAYGROUND_EXAMPLES }));
  }
  app.use(
    GRAPHQL_PATH,
    express.json({ limit: MAX_BODY }),
    expressMiddleware(graphql, { context: contextFunction(db.prisma, config, callers) }),
  );
  return app;
}
