// The education (教育) subgraph: student grants, fee waivers, work-study and home
// teaching (送教上门).
import { defineSubgraph, type Subgraph } from '../../graphql/subgraph';
import { builder } from './builder';
import './types';
import './queries';
import './mutations';
import { permissions } from './permissions';

let subgraph: Subgraph | undefined;

export function educationSubgraph(): Subgraph {
  subgraph ??= defineSubgraph('education', builder, permissions);
  return subgraph;
}
