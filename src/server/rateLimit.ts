// The cost of an operation (ACCESS.md, Limits), charged where callers come
// in: once the operation is known, and before any resolver runs, its
// requested cost (src/server/queryCost.ts, with the list sizes the supergraph
// declares) is held to the limit of one operation (HUB_MAX_COST; over it, HTTP
// 400), then taken from the caller's bucket; a caller whose bucket holds less
// is refused with HTTP 429 and told when to come back. Every answer reports
// the cost and the bucket in `extensions.cost`, as Shopify's and GitHub's
// APIs do.
import { HeaderMap, type ApolloServerPlugin, type GraphQLResponse } from '@apollo/server';
import { GraphQLError, getVariableValues, type GraphQLFormattedError } from 'graphql';
import type { HubContext } from '../graphql/context';
import type { CostStore, ThrottleStatus, Withdrawal } from './costBuckets';
import { NO_COST_DIRECTIVES, costDirectivesOf, requestedQueryCost, type CostDirectives } from './queryCost';

export interface CostExtension {
  requestedQueryCost: number;
  throttleStatus: ThrottleStatus;
}

/**
 * `buckets`: the callers' buckets (this process's, or shared in Redis);
 * `maxCost`: the largest requested cost of one operation (HUB_MAX_COST);
 * `subgraphSdl`: a subgraph served alone, whose own SDL declares its lists'
 * sizes (a gateway reads them from the supergraph it loads).
 */
export function rateLimitPlugin(buckets: CostStore, maxCost: number, subgraphSdl?: string): ApolloServerPlugin<HubContext> {
  // The list sizes and weights the schema declares (@listSize, @cost),
  // read again whenever the gateway loads a supergraph.
  let directives: CostDirectives = subgraphSdl ? costDirectivesOf(subgraphSdl) : NO_COST_DIRECTIVES;
  return {
    async serverWillStart() {
      return {
        schemaDidLoadOrUpdate({ coreSupergraphSdl }) {
          if (coreSupergraphSdl) directives = costDirectivesOf(coreSupergraphSdl);
        },
      };
    },
    async requestDidStart({ contextValue }) {
      // Charged where it came in, by the hub's gateway.
      if (contextValue?.chargedUpstream) return {};
      const caller = bucketKey(contextValue);
      // Stays 0 when the request fails before its operation is known (parse or
      // validation errors): nothing was asked of the bucket.
      let cost = 0;
      // The bucket as this operation left it (Shopify's currentlyAvailable): the
      // same for the same operation, however long the answer takes to build.
      let afterTake: ThrottleStatus | undefined;
      return {
        async didResolveOperation({ schema, document, operation, request, operationName }) {
          // Variables that do not fit their types: execution refuses them
          // before any resolver runs and says why, so there is nothing to charge.
          if (getVariableValues(schema, operation?.variableDefinitions ?? [], request.variables ?? {}).errors) return;
          cost = costOf({ schema, document, variables: request.variables, operationName: operationName ?? undefined, directives });
          // Refused whoever asks and however full the bucket: nothing is charged.
          if (cost > maxCost) throw overTheLimit(cost, maxCost);
        },
        // Runs once every plugin has accepted the operation and just before it
        // executes: an operation refused for another reason is not charged.
        async responseForOperation() {
          const withdrawal = await buckets.take(caller, cost);
          afterTake = withdrawal.status;
          return withdrawal.taken ? null : refusal(cost, withdrawal);
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          throttledBySubgraph(response);
          const extension: CostExtension = { requestedQueryCost: cost, throttleStatus: afterTake ?? (await buckets.status(caller)) };
          response.body.singleResult.extensions = { ...response.body.singleResult.extensions, cost: extension };
        },
      };
    },
  };
}

/** The token's subject and role; anonymous callers by the address they call from. */
function bucketKey(context: HubContext | undefined): string {
  const caller = context?.caller;
  return caller ? `${caller.role}:${caller.sub}` : `anonymous:${context?.remoteAddress ?? 'unknown'}`;
}

function costOf(operation: Parameters<typeof requestedQueryCost>[0]): number {
  try {
    return requestedQueryCost(operation);
  } catch (error) {
    // graphql-query-complexity gives up on documents of more than 10,000 nodes.
    throw new GraphQLError(`the cost of this operation cannot be computed: ${(error as Error).message}`, {
      extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
    });
  }
}

function overTheLimit(cost: number, maxCost: number): GraphQLError {
  return new GraphQLError(
    `Query cost limit of ${maxCost} exceeded: this operation's requested cost is ${cost} points; ` +
      'ask for smaller pages (first/last) or fewer nested lists',
    { extensions: { code: 'MAX_COST_EXCEEDED', requestedQueryCost: cost, maximumCost: maxCost, http: { status: 400 } } },
  );
}

function refusal(cost: number, withdrawal: Extract<Withdrawal, { taken: false }>): GraphQLResponse {
  const { status } = withdrawal;
  if (withdrawal.neverFits) {
    return refused(400, new HeaderMap(), {
      message:
        `this operation's requested cost of ${cost} points is more than a caller's bucket holds (${status.maximumAvailable}); ` +
        'ask for smaller pages (first/last) or fewer nested lists',
      extensions: { code: 'MAX_COST_EXCEEDED', requestedQueryCost: cost, maximumAvailable: status.maximumAvailable },
    });
  }
  const retryAfter = withdrawal.retryAfterSeconds;
  return refused(429, new HeaderMap([['retry-after', String(retryAfter)]]), {
    message:
      `rate limited: this operation costs ${cost} points and your bucket holds ${status.currentlyAvailable}; ` +
      `it refills at ${status.restoreRate} points a second, retry in ${retryAfter} s`,
    extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter },
  });
}

function refused(status: number, headers: HeaderMap, error: GraphQLFormattedError): GraphQLResponse {
  return { http: { status, headers }, body: { kind: 'single', singleResult: { errors: [error] } } };
}

/**
 * A subgraph's own bound (the charity pre-check's persons per hour) answers
 * RATE_LIMITED with 200, since a subgraph's 429 would read as a failure to a
 * gateway; where callers come in it becomes 429 with Retry-After.
 */
function throttledBySubgraph(response: GraphQLResponse) {
  if (response.body.kind !== 'single') return;
  const limited = response.body.singleResult.errors?.find((e) => e.extensions?.code === 'RATE_LIMITED');
  const retryAfter = limited?.extensions?.retryAfterSeconds;
  if (typeof retryAfter !== 'number') return;
  response.http.status = 429;
  response.http.headers.set('retry-after', String(retryAfter));
}
