// The sensitivity table's department entries come from the department table
// (src/departments): every sensitive detail field, under its record type's
// name, spelled out here too so that a change to one shows in review.
import { DESCRIPTORS, graphqlNameOf } from '../departments';
import { SENSITIVE_FIELDS } from './sensitivity';

test('the sensitivity table holds every sensitive detail field under its record type', () => {
  for (const { graphql, fields } of Object.values(DESCRIPTORS)) {
    for (const [key, field] of Object.entries(fields)) {
      const name = `${graphql.recordType}.${graphqlNameOf(key, field)}`;
      expect({ [name]: SENSITIVE_FIELDS[name] }).toEqual({ [name]: field.sensitivity ?? undefined });
    }
  }
  expect(SENSITIVE_FIELDS).toMatchObject({
    'CivilAffairsRecord.assessedIncomePerCapita': 'income',
    'CivilAffairsRecord.temporaryAssistanceReason': 'circumstances',
    'HealthcareSecurityRecord.hospitalName': 'health',
    'HealthcareSecurityRecord.billTotal': 'health',
    'HealthcareSecurityRecord.insurancePaid': 'health',
    'HealthcareSecurityRecord.outOfPocket': 'health',
    'HealthcareSecurityRecord.admissionDate': 'health',
    'HealthcareSecurityRecord.dischargeDate': 'health',
    'DisabilityRecord.disabilityGrade': 'disability',
    'DisabilityRecord.disabilityType': 'disability',
    'DisabilityRecord.deviceName': 'disability',
    'CharityGrant.purpose': 'circumstances',
  });
});
