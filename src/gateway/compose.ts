// Composes the subgraphs' SDL into the supergraph (Apollo Federation 2), the
// same document Apollo Router or Apollo Gateway would load in a split deployment.
import { composeServices } from '@apollo/composition';
import { parse, printSchema } from 'graphql';

export interface SubgraphSdl {
  name: string;
  sdl: string;
  /** Where the gateway reaches the subgraph; a placeholder in one-process mode. */
  url?: string;
}

export class CompositionError extends Error {}

export function composeSupergraph(subgraphs: SubgraphSdl[]): string {
  return compose(subgraphs).supergraphSdl;
}

/** The schema clients see: the supergraph without federation's join machinery. */
export function composeApiSchema(subgraphs: SubgraphSdl[]): string {
  return printSchema(compose(subgraphs).schema.toAPISchema().toGraphQLJSSchema());
}

function compose(subgraphs: SubgraphSdl[]) {
  const result = composeServices(
    subgraphs.map(({ name, sdl, url }) => ({ name, typeDefs: parse(sdl), url: url ?? `local://${name}` })),
  );
  if (result.errors) {
    throw new CompositionError(`supergraph does not compose:\n${result.errors.map((e) => e.message).join('\n')}`);
  }
  return result;
}
