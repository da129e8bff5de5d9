// The gateway: Apollo Gateway over the composed supergraph. In one-process mode
// each subgraph runs in memory (LocalGraphQLDataSource, which hands the
// gateway's context straight to the subgraph); in a split deployment each is a
// remote service and the caller's token travels with every subgraph request.
import { ApolloGateway, LocalGraphQLDataSource, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { Subgraph } from '../lib/graphql/subgraph';
import { composeSupergraph } from './compose';
import type { HubContext } from '../lib/graphql/context';

export function localGateway(subgraphs: Subgraph[]): ApolloGateway {
  const byName = new Map(subgraphs.map((s) => [s.name, s]));
  return new ApolloGateway({
    supergraphSdl: composeSupergraph(subgraphs),
    buildService: ({ name }) => new LocalGraphQLDataSource(byName.get(name)!.schema),
  });
}

export interface RemoteSubgraph {
  name: string;
  sdl: string;
  url: string;
}

export function remoteGateway(subgraphs: RemoteSubgraph[]): ApolloGateway {
  return new ApolloGateway({
    supergraphSdl: composeSupergraph(subgraphs),
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource<HubContext>({
        url,
        willSendRequest: ({ request, context }) => {
          if (context.authorization) request.http?.headers.set('authorization', context.authorization);
          request.http?.headers.set('x-request-id', context.requestId);
        },
      }),
  });
}
