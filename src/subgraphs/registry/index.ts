// The registry subgraph: people, households, regions and standards.
import { defineSubgraph, type Subgraph } from '../../graphql/subgraph';
import { builder } from './builder';
import './types';
import './queries';
import './audit';
import './apiKeys';
import './events';
import { permissions } from './permissions';

let subgraph: Subgraph | undefined;

export function registrySubgraph(): Subgraph {
  subgraph ??= defineSubgraph('registry', builder, permissions);
  return subgraph;
}
