// The gateway: Apollo Gateway over the composed supergraph. Each subgraph runs
// either in this process (LocalGraphQLDataSource, which hands the gateway's
// context straight to the subgraph) or as a remote service reached over HTTP
// with the caller's token forwarded. A province can move subgraphs out one at
// a time: those given a URL are remote, the rest stay in process.
import { ApolloGateway, LocalGraphQLDataSource, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { HubContext } from '../lib/graphql/context';
import type { Subgraph } from '../lib/graphql/subgraph';
import { composeSupergraph } from './compose';

export function createGateway(subgraphs: Subgraph[], remoteUrls: Record<string, string> = {}): ApolloGateway {
  const unknown = Object.keys(remoteUrls).filter((name) => !subgraphs.some((s) => s.name === name));
  if (unknown.length) throw new Error(`no such subgraph: ${unknown.join(', ')}`);
  const byName = new Map(subgraphs.map((s) => [s.name, s]));
  return new ApolloGateway({
    supergraphSdl: composeSupergraph(subgraphs.map((s) => ({ ...s, url: remoteUrls[s.name] }))),
    buildService: ({ name, url }) =>
      remoteUrls[name] ? remoteDataSource(url!) : new LocalGraphQLDataSource(byName.get(name)!.schema),
  });
}

function remoteDataSource(url: string) {
  return new RemoteGraphQLDataSource<HubContext>({
    url,
    willSendRequest: ({ request, context }) => {
      if (context.authorization) request.http?.headers.set('authorization', context.authorization);
      request.http?.headers.set('x-request-id', context.requestId);
    },
  });
}
