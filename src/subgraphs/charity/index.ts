// The charity (慈善组织) subgraph: registered charity programs, and what each
// charity grant pays for and which program it is paid from.
import { defineSubgraph, type Subgraph } from '../../graphql/subgraph';
import { builder } from './builder';
import './types';
import './queries';
import './mutations';
import './preCheck';
import './maskedName';
import { permissions } from './permissions';

let subgraph: Subgraph | undefined;

export function charitySubgraph(): Subgraph {
  subgraph ??= defineSubgraph('charity', builder, permissions);
  return subgraph;
}
