// A subgraph is a name plus a federation schema with its permissions applied.
// The same object serves a subgraph alone (its own server) or inside the
// one-process gateway.
import { printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import type { IMiddlewareGenerator } from 'graphql-middleware';
import type { HubBuilder } from './builder';

export interface Subgraph {
  name: string;
  /** The executable schema, with graphql-shield applied. */
  schema: GraphQLSchema;
  /** The subgraph SDL, with federation directives, as the gateway composes it. */
  sdl: string;
  /**
   * The same schema without its permissions. Never served: `npm run bench`
   * uses it to measure what authorisation and the audit log cost.
   */
  unguardedSchema: GraphQLSchema;
}

export function defineSubgraph(
  name: string,
  builder: HubBuilder,
  permissions: IMiddlewareGenerator<unknown, unknown, unknown>,
): Subgraph {
  const bare = builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6' });
  return { name, schema: applyMiddleware(bare, permissions), sdl: printSubgraphSchema(bare), unguardedSchema: bare };
}
