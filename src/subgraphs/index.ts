// Every subgraph of the hub. The gateway composes them; each can also be
// served on its own.
import type { Subgraph } from '../lib/graphql/subgraph';
import { assistanceSubgraph } from './assistance';
import { civilAffairsSubgraph } from './civilAffairs';
import { registrySubgraph } from './registry';

export const SUBGRAPH_NAMES = ['registry', 'assistance', 'civil-affairs'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

const factories: Record<SubgraphName, () => Subgraph> = {
  registry: registrySubgraph,
  assistance: assistanceSubgraph,
  'civil-affairs': civilAffairsSubgraph,
};

export function subgraph(name: SubgraphName): Subgraph {
  return factories[name]();
}

export function allSubgraphs(): Subgraph[] {
  return SUBGRAPH_NAMES.map(subgraph);
}
