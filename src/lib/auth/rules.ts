// Moved to src/access/shield.ts; kept while the charity subgraph's rules move over.
export {
  allow,
  and,
  audited,
  canReadRecords,
  canReadRegistry,
  chain,
  deny,
  federationRules,
  hasPurpose,
  hasRole,
  isAdmin,
  or,
  personalDetail,
  subgraphShield,
} from '../../access/shield';
