// The healthcare security (医保) subgraph: subsidised insurance premiums (参保资助)
// and medical assistance (医疗救助).
import { defineSubgraph, type Subgraph } from '../../graphql/subgraph';
import { builder } from './builder';
import './types';
import './queries';
import './mutations';
import { permissions } from './permissions';

let subgraph: Subgraph | undefined;

export function healthcareSecuritySubgraph(): Subgraph {
  subgraph ??= defineSubgraph('healthcare-security', builder, permissions);
  return subgraph;
}
