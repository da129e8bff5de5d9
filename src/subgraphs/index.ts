// Every subgraph of the hub. The gateway composes them; each can also be
// served on its own. A department's subgraph is made from its descriptor
// (src/departments) unless the department has parts of its own.
import type { Department } from '../db/client/prisma/enums';
import { DEPARTMENT_VALUES } from '../departments/programs';
import { kebabName, type KebabName } from '../departments';
import { departmentSubgraph } from '../graphql/departmentSubgraph';
import type { Subgraph } from '../graphql/subgraph';
import { assistanceSubgraph } from './assistance';
import { charitySubgraph } from './charity';
import { housingSubgraph } from './housing';
import { oversightSubgraph } from './oversight';
import { registrySubgraph } from './registry';

/** Departments whose subgraph has parts of its own; every other one is its descriptor alone. */
const OWN: Partial<Record<Department, () => Subgraph>> = { HOUSING: housingSubgraph, CHARITY: charitySubgraph };

export type SubgraphName = 'registry' | 'assistance' | KebabName<Department> | 'oversight';

const factories = new Map<SubgraphName, () => Subgraph>([
  ['registry', registrySubgraph],
  ['assistance', assistanceSubgraph],
  ...DEPARTMENT_VALUES.map((d): [SubgraphName, () => Subgraph] => [kebabName(d), OWN[d] ?? (() => departmentSubgraph(d))]),
  ['oversight', oversightSubgraph],
]);

export const SUBGRAPH_NAMES: readonly SubgraphName[] = [...factories.keys()];

export function subgraph(name: SubgraphName): Subgraph {
  return factories.get(name)!();
}

export function allSubgraphs(): Subgraph[] {
  return SUBGRAPH_NAMES.map(subgraph);
}
