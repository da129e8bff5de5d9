// The civil affairs (民政) subgraph: dibao, tekun, temporary assistance, price
// subsidies and the orphan guarantee.
import { defineSubgraph, type Subgraph } from '../../graphql/subgraph';
import { builder } from './builder';
import './types';
import './queries';
import './mutations';
import { permissions } from './permissions';

let subgraph: Subgraph | undefined;

export function civilAffairsSubgraph(): Subgraph {
  subgraph ??= defineSubgraph('civil-affairs', builder, permissions);
  return subgraph;
}
