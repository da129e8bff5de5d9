// Every subgraph of the hub. The gateway composes them; each can also be
// served on its own.
import type { Subgraph } from '../graphql/subgraph';
import { assistanceSubgraph } from './assistance';
import { charitySubgraph } from './charity';
import { civilAffairsSubgraph } from './civilAffairs';
import { disabledPersonsFederationSubgraph } from './disabledPersonsFederation';
import { educationSubgraph } from './education';
import { healthcareSecuritySubgraph } from './healthcareSecurity';
import { housingSubgraph } from './housing';
import { humanResourcesSubgraph } from './humanResources';
import { oversightSubgraph } from './oversight';
import { registrySubgraph } from './registry';

export const SUBGRAPH_NAMES = ['registry', 'assistance', 'civil-affairs', 'education', 'housing', 'healthcare-security', 'human-resources', 'disabled-persons-federation', 'charity', 'oversight'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

const factories: Record<SubgraphName, () => Subgraph> = {
  registry: registrySubgraph,
  assistance: assistanceSubgraph,
  'civil-affairs': civilAffairsSubgraph,
  education: educationSubgraph,
  housing: housingSubgraph,
  'healthcare-security': healthcareSecuritySubgraph,
  'human-resources': humanResourcesSubgraph,
  'disabled-persons-federation': disabledPersonsFederationSubgraph,
  charity: charitySubgraph,
  oversight: oversightSubgraph,
};

export function subgraph(name: SubgraphName): Subgraph {
  return factories[name]();
}

export function allSubgraphs(): Subgraph[] {
  return SUBGRAPH_NAMES.map(subgraph);
}
