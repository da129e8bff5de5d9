// Counts and times every GraphQL request for GET /metrics (src/lib/metrics.ts):
// by operation name, with the codes of the errors its answer carries.
import type { ApolloServerPlugin } from '@apollo/server';
import type { HubContext } from '../graphql/context';
import { graphqlDuration, graphqlErrors, graphqlRequests, operationLabel } from '../lib/metrics';

export function metricsPlugin(): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ response, operationName, request }) {
          const operation = operationLabel(operationName ?? request.operationName);
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          graphqlDuration.observe({ operation }, (performance.now() - started) / 1000);
          graphqlRequests.inc({ operation, outcome: errors.length > 0 ? 'error' : 'ok' });
          for (const error of errors) {
            const code = error.extensions?.code;
            graphqlErrors.inc({ operation, code: typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR' });
          }
        },
      };
    },
  };
}
