// Who may read what in the registry subgraph. Deny by default: a field that no
// rule names is refused. Entity types carry their own rules because
// `_entities` reaches them without passing any Query rule.
import { allow, and, canReadRegistry, federationRules, hasPurpose, subgraphShield } from '../../lib/auth/rules';

const personalDetail = and(canReadRegistry, hasPurpose);

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
  },
  _Service: allow,
  Region: canReadRegistry,
  Standard: canReadRegistry,
  Person: {
    '*': canReadRegistry,
    name: personalDetail,
    disabilityGrade: personalDetail,
    disabilityType: personalDetail,
  },
  Household: {
    '*': canReadRegistry,
    monthlyIncomePerCapita: personalDetail,
  },
  HouseholdMember: canReadRegistry,
  // Paging wrappers are only reachable through a field that passed its own rule.
  RegionConnection: allow,
  RegionEdge: allow,
  HouseholdConnection: allow,
  HouseholdEdge: allow,
  PageInfo: allow,
});
