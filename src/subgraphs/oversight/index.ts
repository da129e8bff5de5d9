// The oversight subgraph: findings of the duplicate and gap rules (RULES.md)
// with their reviews, and referrals from the one-window caseworker to the
// departments (一门受理、协同办理).
import { defineSubgraph, type Subgraph } from '../../graphql/subgraph';
import { builder } from './builder';
import './types';
import './referralTypes';
import './queries';
import './mutations';
import './referralMutations';
import { permissions } from './permissions';

let subgraph: Subgraph | undefined;

export function oversightSubgraph(): Subgraph {
  subgraph ??= defineSubgraph('oversight', builder, permissions);
  return subgraph;
}
