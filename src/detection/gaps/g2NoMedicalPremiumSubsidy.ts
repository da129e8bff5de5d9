// G2 NO_MEDICAL_PREMIUM_SUBSIDY: a person covered by 低保 or 特困 on D whose
// medical-insurance premium is not subsidised. People on 低保 and 特困 are
// entitled to 参保资助 every year; the premium is paid yearly, so a subsidy
// that starts any time in D's calendar year (even after D, already granted)
// closes the gap, as does one that still covers D.
import type { Program } from '../../db/client/prisma/enums';
import { AS_OF, COUNTS, COVERS_AS_OF, LIVING_AT_AS_OF } from '../sql';
import { BASIC_LIVING_CTES, personGapSelect, suggestion, type GapRule } from './shared';

export const G2_SUGGESTED_PROGRAMS: readonly Program[] = ['MEDICAL_PREMIUM_SUBSIDY'];

const sql = `
WITH ${BASIC_LIVING_CTES},
premium_subsidy AS (
  SELECT r.beneficiary_key AS person_key
    FROM assistance_record r
   WHERE r.program = 'MEDICAL_PREMIUM_SUBSIDY'
     AND (${COVERS_AS_OF('r')}
          OR (r.${COUNTS} AND extract(year FROM r.start_date) = extract(year FROM ${AS_OF})))
),
candidates AS (
  SELECT p.person_key
    FROM person p
   WHERE ${LIVING_AT_AS_OF('p')}
     AND EXISTS (SELECT 1 FROM basic_living b WHERE b.person_key = p.person_key)
     AND NOT EXISTS (SELECT 1 FROM premium_subsidy s WHERE s.person_key = p.person_key)
),
-- Evidence: the 低保 / 特困 records that cover the person on D.
evidence AS (
  SELECT b.person_key, b.record_id FROM basic_living b WHERE b.person_key IN (SELECT person_key FROM candidates)
)${personGapSelect(suggestion(G2_SUGGESTED_PROGRAMS))}`;

export const g2NoMedicalPremiumSubsidy: GapRule = {
  id: 'G2',
  kind: 'GAP',
  name: 'NO_MEDICAL_PREMIUM_SUBSIDY',
  suggestedPrograms: G2_SUGGESTED_PROGRAMS,
  sql,
};
