// Who may read civil affairs' details. Deny by default; income needs a purpose.
import { allow, and, canReadRecords, federationRules, hasPurpose, subgraphShield } from '../../lib/auth/rules';

export const permissions = subgraphShield({
  Query: { ...federationRules, civilAffairsPrograms: canReadRecords },
  _Service: allow,
  ProgramDescription: allow,
  Person: canReadRecords,
  CivilAffairsRecord: {
    '*': canReadRecords,
    assessedIncomePerCapita: and(canReadRecords, hasPurpose),
    // Free text about what happened to a family.
    temporaryAssistanceReason: and(canReadRecords, hasPurpose),
  },
});
