// The housing (住建) subgraph: public rental housing (公租房), rental subsidies and
// rural housing renovation (农村危房改造).
import { defineSubgraph, type Subgraph } from '../../graphql/subgraph';
import { builder } from './builder';
import './types';
import './queries';
import './mutations';
import { permissions } from './permissions';

let subgraph: Subgraph | undefined;

export function housingSubgraph(): Subgraph {
  subgraph ??= defineSubgraph('housing', builder, permissions);
  return subgraph;
}
