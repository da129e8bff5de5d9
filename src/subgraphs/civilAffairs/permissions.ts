// Who may read civil affairs' details. Deny by default; income needs a purpose.
import { allow, canReadRecords, federationRules, personalDetail, subgraphShield } from '../../lib/auth/rules';

export const permissions = subgraphShield({
  Query: { ...federationRules, civilAffairsPrograms: canReadRecords },
  _Service: allow,
  ProgramDescription: allow,
  Person: canReadRecords,
  CivilAffairsRecord: {
    '*': canReadRecords,
    assessedIncomePerCapita: personalDetail(canReadRecords),
    // Free text about what happened to a family.
    temporaryAssistanceReason: personalDetail(canReadRecords),
  },
});
