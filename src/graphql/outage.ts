// A database outage, said as one: DATABASE_UNAVAILABLE (HTTP 503 where callers
// come in, src/server/outage.ts) instead of "internal error", so a caller
// knows to retry and an operator what broke. Errors are turned where the
// original is still at hand: in the subgraph that ran the resolver.
import { GraphQLError } from 'graphql';
import { isDatabaseOutage } from '../db/outage';

export const DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE';
export const DATABASE_UNAVAILABLE_MESSAGE = 'the database is unavailable: try again shortly';

/** The error itself, or DATABASE_UNAVAILABLE at its path when the database behind it is out of reach. */
export function outageError(error: GraphQLError): GraphQLError {
  if (error.extensions?.code === DATABASE_UNAVAILABLE || !isDatabaseOutage(error.originalError)) return error;
  return new GraphQLError(DATABASE_UNAVAILABLE_MESSAGE, {
    path: error.path,
    extensions: { code: DATABASE_UNAVAILABLE },
  });
}
