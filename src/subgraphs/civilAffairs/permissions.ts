// Who may read civil affairs' details. Income and the reason for temporary
// assistance need a purpose (src/access/sensitivity.ts).
import { allow, canReadRecords, federationRules, subgraphShield } from '../../graphql/shield';

export const permissions = subgraphShield({
  Query: { ...federationRules, civilAffairsPrograms: canReadRecords },
  _Service: allow,
  ProgramDescription: allow,
  Person: canReadRecords,
  CivilAffairsRecord: canReadRecords,
});
