// The gateway: Apollo Gateway over the composed supergraph. Each subgraph runs
// either in this process (CachedLocalDataSource, which hands the gateway's
// context straight to the subgraph) or as a remote service reached over HTTP
// with the caller's identity signed (src/access/forwarding.ts). A province
// can move subgraphs out one at a time: those given a URL are remote, the rest
// stay in process.
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { GraphQLDataSource } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { context as otelContext, propagation } from '@opentelemetry/api';
import { subgraphFetches } from '../lib/metrics';
import { identityHeaders } from '../access/forwarding';
import type { HubContext } from '../graphql/context';
import type { Subgraph } from '../graphql/subgraph';
import { composeSupergraph } from './compose';
import { CachedLocalDataSource } from './localDataSource';

/** Remote subgraphs: their URLs by name, the secret that signs the caller for them, and how long a fetch may take. */
export interface Remotes {
  urls: Record<string, string>;
  forwardingSecret: string;
  fetchTimeoutMs: number;
}

export function createGateway(subgraphs: Subgraph[], remotes?: Remotes): ApolloGateway {
  // Apollo Gateway otherwise sends usage metrics of the host (CPU, memory, architecture) to Apollo's
  // servers every minute: a hub on a government network sends nothing out (src/lib/metrics.ts serves them locally).
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const remoteUrls = remotes?.urls ?? {};
  const unknown = Object.keys(remoteUrls).filter((name) => !subgraphs.some((s) => s.name === name));
  if (unknown.length) throw new Error(`no such subgraph: ${unknown.join(', ')}`);
  const byName = new Map(subgraphs.map((s) => [s.name, s]));
  return new ApolloGateway({
    supergraphSdl: composeSupergraph(subgraphs.map((s) => ({ ...s, url: remoteUrls[s.name] }))),
    buildService: ({ name, url }) =>
      timed(name, remoteUrls[name] ? remoteDataSource(name, url!, remotes!) : new CachedLocalDataSource(byName.get(name)!.schema)),
  });
}

/**
 * The caller's own Authorization header is not passed on: the subgraph trusts
 * only the signed identity. Without a caller nothing is signed, and the
 * subgraph refuses (the gateway lets anonymous callers reach none anyway).
 */
function remoteDataSource(name: string, url: string, { forwardingSecret, fetchTimeoutMs }: Remotes) {
  return new RemoteGraphQLDataSource<HubContext>({
    url,
    fetcher: timedFetcher(name, fetchTimeoutMs),
    errorFromResponse: subgraphRefusal(name),
    willSendRequest: ({ request, context }) => {
      const headers = request.http?.headers;
      if (!headers) return;
      headers.set('x-request-id', context.requestId);
      // W3C trace context: the subgraph's spans join this request's trace (src/lib/tracing.ts).
      const carrier: Record<string, string> = {};
      propagation.inject(otelContext.active(), carrier);
      for (const [name, value] of Object.entries(carrier)) headers.set(name, value);
      if (!context.caller) return;
      const signed = identityHeaders(context.caller, context.requestId, forwardingSecret, Date.now(), context.callerRequestId ?? null, context.callerUntil ?? null);
      for (const [name, value] of Object.entries(signed)) {
        headers.set(name, value);
      }
    },
  });
}

/**
 * Fetches that fail fast and say why: a subgraph that does not answer within
 * the timeout (frozen, or its database frozen) or cannot be reached is
 * reported with a code of its own and the subgraph's name, which production
 * keeps (src/server/errors.ts), instead of "internal error".
 */
type Fetcher = NonNullable<NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher']>;

function timedFetcher(serviceName: string, timeoutMs: number): Fetcher {
  const fetcher = async (url: string, init?: RequestInit) => {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      return await fetch(url, { ...init, signal }).catch((error: unknown) => {
        if (signal.aborted || !isQuery(init)) throw error;
        // No answer on this connection (a replica draining or stopped closed it, or refused it):
        // a query is asked once more, on a new connection, within the same timeout. A mutation is not:
        // it may have been applied.
        return fetch(url, { ...init, signal });
      });
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') {
        throw new GraphQLError(`the subgraph did not answer within ${timeoutMs} ms`, { extensions: { code: 'SUBGRAPH_TIMEOUT', serviceName } });
      }
      throw new GraphQLError('the subgraph cannot be reached', { extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName } });
    }
  };
  return fetcher as unknown as Fetcher;
}

/**
 * A subgraph's answer that is not 2xx but says why in GraphQL errors (503
 * DATABASE_UNAVAILABLE when its database is out of reach, 429 RATE_LIMITED)
 * keeps its own message and code, instead of Apollo's "503: Service
 * Unavailable" as an internal error.
 */
function subgraphRefusal(serviceName: string) {
  return async function (this: RemoteGraphQLDataSource<HubContext>, response: Response): Promise<GraphQLError> {
    const body = (await response.clone().json().catch(() => null)) as { errors?: { message?: string; extensions?: { code?: unknown } }[] } | null;
    const said = body?.errors?.find((e) => typeof e.extensions?.code === 'string');
    if (!said) return RemoteGraphQLDataSource.prototype.errorFromResponse.call(this, response);
    return new GraphQLError(said.message ?? String(said.extensions!.code), { extensions: { code: said.extensions!.code, serviceName } });
  };
}

/** Whether a subgraph request (Apollo Gateway's JSON body) only reads: a query, not a mutation. */
function isQuery(init?: RequestInit): boolean {
  if (typeof init?.body !== 'string') return false;
  const { query } = JSON.parse(init.body) as { query?: string };
  return typeof query === 'string' && !/^\s*mutation\b/.test(query);
}

/** Times each fetch from the subgraph for GET /metrics: `error` when it failed or answered with errors. */
function timed<S extends GraphQLDataSource<HubContext>>(subgraph: string, source: S): S {
  const process = source.process.bind(source);
  source.process = async (options) => {
    const end = subgraphFetches.startTimer({ subgraph });
    try {
      const response = await process(options);
      end({ outcome: response.errors?.length ? 'error' : 'ok' });
      return response;
    } catch (error) {
      end({ outcome: 'error' });
      throw error;
    }
  };
  return source;
}
