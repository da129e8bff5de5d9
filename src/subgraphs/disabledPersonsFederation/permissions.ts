// Who may read the disabled persons' federation's details. Deny by default;
// the disability grade and type are personal data and need a purpose.
import { allow, canReadRecords, federationRules, personalDetail, subgraphShield } from '../../lib/auth/rules';

const personal = personalDetail(canReadRecords);

export const permissions = subgraphShield({
  Query: { ...federationRules, disabilityPrograms: canReadRecords },
  _Service: allow,
  ProgramDescription: allow,
  Person: canReadRecords,
  DisabilityRecord: { '*': canReadRecords, disabilityGrade: personal, disabilityType: personal },
});
