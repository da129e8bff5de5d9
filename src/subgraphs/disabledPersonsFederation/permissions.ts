// Who may read the disabled persons' federation's details. The disability
// grade, type and device need a purpose (src/access/sensitivity.ts).
import { allow, canReadRecords, federationRules, subgraphShield } from '../../graphql/shield';

export const permissions = subgraphShield({
  Query: { ...federationRules, disabilityPrograms: canReadRecords },
  _Service: allow,
  ProgramDescription: allow,
  Person: canReadRecords,
  DisabilityRecord: canReadRecords,
});
