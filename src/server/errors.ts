// Production answers carry no internal detail: an error that is not one of the
// hub's own (input, not found, conflict, access, validation) becomes "internal
// error" with the request id, so an operator can find it in the logs and a
// caller learns no SQL, stack or file name. A caller's own mistake keeps its
// code and message (ACCESS.md v2), also when a subgraph raised it: the
// gateway passes a subgraph error's code on (adding `serviceName`), and
// uncoded library errors that are caller mistakes get their code where they
// arise (src/lib/errors.ts).
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { CALLER_MISTAKE_CODES } from '../lib/errors';
import type { HubContext } from '../graphql/context';

const CALLER_FACING_CODES = new Set<string>([
  ...CALLER_MISTAKE_CODES,
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'AUDIT_UNAVAILABLE',
  // The database out of reach (src/graphql/outage.ts), a remote subgraph that timed out or cannot be
  // reached (src/gateway/gateway.ts): an outage, said as one.
  'DATABASE_UNAVAILABLE',
  'SUBGRAPH_TIMEOUT',
  'SUBGRAPH_UNAVAILABLE',
  // Request limits (src/server/rateLimit.ts, src/server/introspection.ts).
  'RATE_LIMITED',
  'MAX_COST_EXCEEDED',
  'INTROSPECTION_DISABLED',
]);

export function maskInternalErrors(log: (requestId: string, error: GraphQLFormattedError) => void): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          const requestId = contextValue?.requestId ?? 'unknown';
          response.body.singleResult.errors = response.body.singleResult.errors.map((error) => {
            const code = error.extensions?.code;
            if (typeof code === 'string' && CALLER_FACING_CODES.has(code)) {
              const { stacktrace: _dropped, exception: _alsoDropped, ...extensions } = error.extensions ?? {};
              return { ...error, extensions };
            }
            log(requestId, error);
            return { message: 'internal error', path: error.path, extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } };
          });
        },
      };
    },
  };
}
