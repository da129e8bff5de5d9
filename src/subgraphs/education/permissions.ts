// Who may read education's details. Deny by default; nothing here needs a
// purpose beyond what every record reader may see.
import { allow, canReadRecords, federationRules, subgraphShield } from '../../graphql/shield';

export const permissions = subgraphShield({
  Query: { ...federationRules, educationPrograms: canReadRecords },
  _Service: allow,
  ProgramDescription: allow,
  Person: canReadRecords,
  EducationRecord: canReadRecords,
});
