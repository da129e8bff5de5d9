// Who may read the disabled persons' federation's details. Deny by default;
// the disability grade and type are personal data and need a purpose.
import { allow, and, canReadRecords, federationRules, hasPurpose, subgraphShield } from '../../lib/auth/rules';

const personalDetail = and(canReadRecords, hasPurpose);

export const permissions = subgraphShield({
  Query: { ...federationRules, disabilityPrograms: canReadRecords },
  _Service: allow,
  ProgramDescription: allow,
  Person: canReadRecords,
  DisabilityRecord: { '*': canReadRecords, disabilityGrade: personalDetail, disabilityType: personalDetail },
});
