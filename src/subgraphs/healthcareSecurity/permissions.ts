// Who may read healthcare security's details. Deny by default; every detail is
// medical data and needs a purpose (ACCESS.md, Personal data). The key `id`
// stays readable so the gateway can join.
import { allow, canReadRecords, federationRules, personalDetail, subgraphShield } from '../../lib/auth/rules';

const medicalDetail = personalDetail(canReadRecords);

export const permissions = subgraphShield({
  Query: { ...federationRules, healthcareSecurityPrograms: canReadRecords },
  _Service: allow,
  ProgramDescription: allow,
  Person: canReadRecords,
  HealthcareSecurityRecord: {
    '*': canReadRecords,
    hospitalName: medicalDetail,
    billTotal: medicalDetail,
    insurancePaid: medicalDetail,
    outOfPocket: medicalDetail,
    admissionDate: medicalDetail,
    dischargeDate: medicalDetail,
  },
});
