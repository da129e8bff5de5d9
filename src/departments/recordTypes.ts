// The GraphQL type of each department's records, shared by the assistance
// subgraph (which defines them) and the department subgraphs (which extend them).
import type { Department } from '../db/client/prisma/enums';

export const RECORD_TYPE_NAMES: Record<Department, string> = {
  CIVIL_AFFAIRS: 'CivilAffairsRecord',
  EDUCATION: 'EducationRecord',
  HOUSING: 'HousingRecord',
  HEALTHCARE_SECURITY: 'HealthcareSecurityRecord',
  HUMAN_RESOURCES: 'HumanResourcesRecord',
  DISABLED_PERSONS_FEDERATION: 'DisabilityRecord',
  CHARITY: 'CharityGrant',
};
