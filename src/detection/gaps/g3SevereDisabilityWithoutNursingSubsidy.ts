// G3 SEVERE_DISABILITY_WITHOUT_NURSING_SUBSIDY: a living person with a grade 1
// or 2 disability (the most severe) whom no nursing subsidy covers on D. The
// nursing subsidy (重度残疾人护理补贴) is for every severely disabled person,
// poor or not, so there is no 低保 condition here.
import type { Program } from '../../db/client/prisma/enums';
import { COVERS_AS_OF, LIVING_AT_AS_OF } from '../sql';
import { NO_EVIDENCE, personGapSelect, suggestion, type GapRule } from './shared';

export const G3_SUGGESTED_PROGRAMS: readonly Program[] = ['DISABILITY_NURSING_SUBSIDY'];

const sql = `
WITH nursing_subsidy AS (
  SELECT r.beneficiary_key AS person_key
    FROM assistance_record r
   WHERE r.program = 'DISABILITY_NURSING_SUBSIDY' AND ${COVERS_AS_OF('r')}
),
candidates AS (
  SELECT p.person_key
    FROM person p
   WHERE ${LIVING_AT_AS_OF('p')}
     AND p.disability_grade IN (1, 2)
     AND NOT EXISTS (SELECT 1 FROM nursing_subsidy s WHERE s.person_key = p.person_key)
),
${NO_EVIDENCE}${personGapSelect(suggestion(G3_SUGGESTED_PROGRAMS))}`;

export const g3SevereDisabilityWithoutNursingSubsidy: GapRule = {
  id: 'G3',
  kind: 'GAP',
  name: 'SEVERE_DISABILITY_WITHOUT_NURSING_SUBSIDY',
  suggestedPrograms: G3_SUGGESTED_PROGRAMS,
  sql,
};
