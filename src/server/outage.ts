// An answer the database's outage emptied is HTTP 503 with Retry-After: the
// request may be sent again shortly, and a load balancer or client sees an
// outage, not a 200. An answer with data besides (another subgraph's fields)
// stays 200 with its errors: partial data is still data.
import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import type { HubContext } from '../graphql/context';
import { DATABASE_UNAVAILABLE, DATABASE_UNAVAILABLE_MESSAGE } from '../graphql/outage';
import { isDatabaseOutage } from '../db/outage';

const RETRY_AFTER_SECONDS = 5;

/** Apollo Server's formatError: an error of the database's outage (in this process) said as one. */
export function formatOutage(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (formatted.extensions?.code === DATABASE_UNAVAILABLE || !isDatabaseOutage(unwrapResolverError(error))) return formatted;
  return { message: DATABASE_UNAVAILABLE_MESSAGE, path: formatted.path, extensions: { code: DATABASE_UNAVAILABLE } };
}

export function outageStatusPlugin(): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (!errors?.some((e) => e.extensions?.code === DATABASE_UNAVAILABLE)) return;
          if (data && Object.values(data).some((value) => value !== null)) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
        },
      };
    },
  };
}
