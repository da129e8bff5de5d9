// The gateway: Apollo Gateway over the composed supergraph. Each subgraph runs
// either in this process (CachedLocalDataSource, which hands the gateway's
// context straight to the subgraph) or as a remote service reached over HTTP
// with the caller's identity signed (src/access/forwarding.ts). A province
// can move subgraphs out one at a time: those given a URL are remote, the rest
// stay in process.
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { identityHeaders } from '../access/forwarding';
import type { HubContext } from '../graphql/context';
import type { Subgraph } from '../graphql/subgraph';
import { composeSupergraph } from './compose';
import { CachedLocalDataSource } from './localDataSource';

/** `forwardingSecret` signs the caller for remote subgraphs; required when there are any. */
export function createGateway(subgraphs: Subgraph[], remoteUrls: Record<string, string> = {}, forwardingSecret?: string): ApolloGateway {
  const unknown = Object.keys(remoteUrls).filter((name) => !subgraphs.some((s) => s.name === name));
  if (unknown.length) throw new Error(`no such subgraph: ${unknown.join(', ')}`);
  if (Object.keys(remoteUrls).length > 0 && !forwardingSecret) throw new Error('remote subgraphs need a forwarding secret');
  const byName = new Map(subgraphs.map((s) => [s.name, s]));
  return new ApolloGateway({
    supergraphSdl: composeSupergraph(subgraphs.map((s) => ({ ...s, url: remoteUrls[s.name] }))),
    buildService: ({ name, url }) =>
      remoteUrls[name] ? remoteDataSource(url!, forwardingSecret!) : new CachedLocalDataSource(byName.get(name)!.schema),
  });
}

/**
 * The caller's own Authorization header is not passed on: the subgraph trusts
 * only the signed identity. Without a caller nothing is signed, and the
 * subgraph refuses (the gateway lets anonymous callers reach none anyway).
 */
function remoteDataSource(url: string, forwardingSecret: string) {
  return new RemoteGraphQLDataSource<HubContext>({
    url,
    willSendRequest: ({ request, context }) => {
      const headers = request.http?.headers;
      if (!headers) return;
      headers.set('x-request-id', context.requestId);
      if (!context.caller) return;
      const signed = identityHeaders(context.caller, context.requestId, forwardingSecret, Date.now(), context.callerRequestId ?? null);
      for (const [name, value] of Object.entries(signed)) {
        headers.set(name, value);
      }
    },
  });
}
