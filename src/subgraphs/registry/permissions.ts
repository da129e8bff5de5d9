// Who may read what in the registry subgraph. Deny by default: a field that no
// rule names is refused. Entity types carry their own rules because
// `_entities` reaches them without passing any Query rule.
import { allow, canReadRegistry, federationRules, hasRole, isAdmin, personalDetail, subgraphShield } from '../../lib/auth/rules';

const personal = personalDetail(canReadRegistry);
/** ACCESS.md: auditors read everything in their regions, the audit log included. */
const canReadAuditLog = hasRole('AUDITOR', 'ADMIN');

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
  // ACCESS.md: API keys are the administrator's to issue and revoke.
  Mutation: {
    issueApiKey: isAdmin,
    revokeApiKey: isAdmin,
  },
  _Service: allow,
  Region: canReadRegistry,
  Standard: canReadRegistry,
  Person: {
    '*': canReadRegistry,
    name: personal,
    disabilityGrade: personal,
    disabilityType: personal,
  },
  Household: {
    '*': canReadRegistry,
    monthlyIncomePerCapita: personal,
  },
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
