// The registry's entities are loaded by the subgraph kit (src/graphql/visibility.ts):
// the row rule folded into the one statement that loads them, so `_entities`
// of many keys costs one query and an invisible key comes back exactly like an
// unknown one, and the other subgraphs' scope checks reuse the same rows.
export { visibleHouseholdById, visiblePersonByKey } from '../../graphql/visibility';
