// The disabled persons' federation (残联) subgraph: living and nursing subsidies
// (困难残疾人生活补贴, 重度残疾人护理补贴), rehabilitation and assistive devices.
import { defineSubgraph, type Subgraph } from '../../graphql/subgraph';
import { builder } from './builder';
import './types';
import './queries';
import './mutations';
import { permissions } from './permissions';

let subgraph: Subgraph | undefined;

export function disabledPersonsFederationSubgraph(): Subgraph {
  subgraph ??= defineSubgraph('disabled-persons-federation', builder, permissions);
  return subgraph;
}
