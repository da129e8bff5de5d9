// The human resources and social security (人社) subgraph: public-welfare jobs
// (公益性岗位), vocational training and employment subsidies.
import { defineSubgraph, type Subgraph } from '../../graphql/subgraph';
import { builder } from './builder';
import './types';
import './queries';
import './mutations';
import { permissions } from './permissions';

let subgraph: Subgraph | undefined;

export function humanResourcesSubgraph(): Subgraph {
  subgraph ??= defineSubgraph('human-resources', builder, permissions);
  return subgraph;
}
