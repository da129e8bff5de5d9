// One Pothos builder per subgraph, all made here so that every subgraph has the
// same plugins, scalars and conventions. Plugins are declared once, in this file.
import SchemaBuilder from '@pothos/core';
import DirectivePlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import type { Decimal } from '@prisma/client/runtime/client';
import type PrismaTypes from '../db/client/pothos-types';
import { getDatamodel } from '../db/client/pothos-types';
import type { HubContext } from './context';
import { addScalars } from './scalars';

export interface HubSchemaTypes {
  Context: HubContext;
  PrismaTypes: PrismaTypes;
  DefaultFieldNullability: false;
  Scalars: {
    Date: { Input: string; Output: Date | string };
    Money: { Input: string; Output: Decimal | string };
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/**
 * Apollo Federation's `@listSize` (demand control, https://specs.apollo.dev/cost/v0.1)
 * of every connection field, declared once here for all of them: a page holds
 * `first` or `last` edges (at most MAX_PAGE_SIZE), else the default page. The
 * connection object itself (`totalCount`, `pageInfo`) is there once; only its
 * `edges` are the page. The gateway's cost estimate reads it from the
 * supergraph (src/server/queryCost.ts), as Apollo Router's demand control would.
 */
/**
 * Said of a field another subgraph answers: nullable, so that the subgraph's
 * outage costs that field, not its parent and everything around it
 * (tests/schema/outageNullability.test.ts holds the supergraph to it).
 */
export const whenSubgraphDown = (subgraph: string) => `Null only when the ${subgraph} subgraph cannot answer; the rest of the answer still comes.`;

export const CONNECTION_LIST_SIZE = {
  assumedSize: DEFAULT_PAGE_SIZE,
  slicingArguments: ['first', 'last'],
  sizedFields: ['edges'],
  requireOneSlicingArgument: false,
};

export function createBuilder() {
  const builder = new SchemaBuilder<HubSchemaTypes>({
    plugins: [PrismaPlugin, RelayPlugin, DirectivePlugin, FederationPlugin],
    defaultFieldNullability: false,
    prisma: {
      client: (ctx) => ctx.prisma,
      dmmf: getDatamodel(),
      exposeDescriptions: true,
      filterConnectionTotalCount: true,
      maxConnectionSize: MAX_PAGE_SIZE,
      defaultConnectionSize: DEFAULT_PAGE_SIZE,
      onUnusedQuery: null,
    },
    relay: {
      cursorType: 'String',
      clientMutationId: 'omit',
      // PageInfo is defined by every subgraph that pages; the supergraph merges them.
      pageInfoTypeOptions: { shareable: true },
      nodeQueryOptions: false,
      nodesQueryOptions: false,
      // Every connection field (t.connection, t.prismaConnection, t.relatedConnection).
      defaultConnectionFieldOptions: { listSize: CONNECTION_LIST_SIZE },
    },
  });
  addScalars(builder);
  builder.queryType({ description: 'Read the graph.' });
  return builder;
}

export type HubBuilder = ReturnType<typeof createBuilder>;
