// The assistance subgraph: every department's records in one view, and the
// batch path for exchange objects.
import { defineSubgraph, type Subgraph } from '../../graphql/subgraph';
import { builder } from './builder';
import './types';
import './queries';
import './mutations';
import { permissions } from './permissions';

let subgraph: Subgraph | undefined;

export function assistanceSubgraph(): Subgraph {
  subgraph ??= defineSubgraph('assistance', builder, permissions);
  return subgraph;
}
