// A subgraph is a name plus a federation schema with its permissions applied.
// The same object serves a subgraph alone (its own server) or inside the
// one-process gateway.
import { printSubgraphSchema } from '@apollo/subgraph';
import { getNamedType, isObjectType, type GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import type { IMiddlewareFunction, IMiddlewareGenerator } from 'graphql-middleware';
import { checkOffsetCursors } from './cursors';
import { checkPageArgs, pagingMistake, type PageArgs } from '../lib/errors';
import { MAX_PAGE_SIZE, type HubBuilder } from './builder';

/**
 * Federation v2.9 or later has the demand-control directives `@cost` and
 * `@listSize`; Pothos imports those a subgraph uses into its `@link`.
 */
const FEDERATION_LINK = 'https://specs.apollo.dev/federation/v2.9';

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
  const bare = builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK });
  return { name, schema: applyMiddleware(bare, permissions, pagingArguments(bare)), sdl: printSubgraphSchema(bare), unguardedSchema: bare };
}

/**
 * Every connection field, once its permission allows it: a page size out of
 * bounds is refused before the resolver runs, and a bad cursor (thrown by
 * Pothos as an uncoded error) becomes the caller's BAD_USER_INPUT naming the
 * argument, in every mode and however the subgraph is reached (ACCESS.md v2,
 * Limits). Only connection fields are wrapped: nothing else pages.
 */
function pagingArguments(schema: GraphQLSchema): Record<string, Record<string, IMiddlewareFunction>> {
  const guard: IMiddlewareFunction = async (resolve, parent, args: PageArgs, ctx, info) => {
    checkPageArgs(args, MAX_PAGE_SIZE);
    try {
      checkOffsetCursors(args);
      return await resolve(parent, args, ctx, info);
    } catch (error) {
      throw pagingMistake(error, args) ?? error;
    }
  };
  const middleware: Record<string, Record<string, IMiddlewareFunction>> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!getNamedType(field.type).name.endsWith('Connection') || !field.args.some((arg) => arg.name === 'first')) continue;
      (middleware[type.name] ??= {})[field.name] = guard;
    }
  }
  return middleware;
}
