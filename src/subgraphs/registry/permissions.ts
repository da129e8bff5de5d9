// Who may ask what of the registry subgraph (capabilities: src/access/permissions.ts).
// Which persons and households a caller sees is the row rules' business
// (src/access/filters.ts); names, disability and income need a purpose by
// the sensitivity table (src/access/sensitivity.ts). Entity types carry their
// own rules because `_entities` reaches them without passing any Query rule.
import { allow, canReadRegistry, capability, federationRules, isAdmin, subgraphShield } from '../../graphql/shield';

const canReadAuditLog = capability('readAuditLog');

export const permissions = subgraphShield({
  Query: {
    ...federationRules,
    region: canReadRegistry,
    regions: canReadRegistry,
    standard: canReadRegistry,
    person: canReadRegistry,
    personByIdNumber: canReadRegistry,
    household: canReadRegistry,
    households: canReadRegistry,
    auditEntries: canReadAuditLog,
    apiKeys: isAdmin,
  },
  Mutation: { issueApiKey: isAdmin, revokeApiKey: isAdmin },
  _Service: allow,
  Region: canReadRegistry,
  Standard: canReadRegistry,
  Person: canReadRegistry,
  Household: canReadRegistry,
  HouseholdMember: canReadRegistry,
  // Paging wrappers are only reachable through a field that passed its own rule.
  RegionConnection: allow,
  RegionEdge: allow,
  HouseholdConnection: allow,
  HouseholdEdge: allow,
  PageInfo: allow,
  AuditEntry: canReadAuditLog,
  AuditEntryConnection: allow,
  AuditEntryEdge: allow,
  ApiKey: isAdmin,
  IssuedApiKey: isAdmin,
  ApiKeyConnection: allow,
  ApiKeyEdge: allow,
});
