// Who may read healthcare security's details. Every medical detail needs a
// purpose (src/access/sensitivity.ts); the key `id` stays readable so the
// gateway can join.
import { allow, canReadRecords, federationRules, subgraphShield } from '../../graphql/shield';

export const permissions = subgraphShield({
  Query: { ...federationRules, healthcareSecurityPrograms: canReadRecords },
  _Service: allow,
  ProgramDescription: allow,
  Person: canReadRecords,
  HealthcareSecurityRecord: canReadRecords,
});
