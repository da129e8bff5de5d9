// G5 ZERO_EMPLOYMENT_HOUSEHOLD: a 低保 household (its own DIBAO record covers
// D) with someone who could work but has no work, and nobody working or helped
// into work. Policy: zero-employment households (零就业家庭) are to get at least
// one member into work, by a public-welfare job (公益性岗位) for those hard to
// place or by vocational training; both are suggested. The employment subsidy
// is paid once someone has found work, so it is not.
//
// Only living members count: a member dead at D neither works, nor needs work,
// nor is helped by employment aid paid to them.
import type { Program } from '../../db/client/prisma/enums';
import { AGE_AT_AS_OF, COVERS_AS_OF, LIVING_AT_AS_OF, RECENT_AS_OF } from '../sql';
import { householdGapSelect, suggestion, type GapRule } from './shared';

export const G5_SUGGESTED_PROGRAMS: readonly Program[] = ['PUBLIC_WELFARE_JOB', 'EMPLOYMENT_TRAINING'];

const sql = `
WITH household_dibao AS (
  SELECT r.household_source_id, r.id AS record_id
    FROM assistance_record r
   WHERE r.program = 'DIBAO' AND ${COVERS_AS_OF('r')}
),
-- Not materialised: referenced three times, a materialised copy has no index and
-- each NOT EXISTS rescans it per household (over 10 minutes at 1M records).
living_member AS NOT MATERIALIZED (
  SELECT m.household_source_id, p.*
    FROM household_member m
    JOIN person p ON p.person_key = m.person_key
   WHERE ${LIVING_AT_AS_OF('p')}
),
-- Aged 16 to 59 inclusive, unemployed, not enrolled, and not severely disabled (grade 1 or 2).
idle_member AS (
  SELECT l.household_source_id, l.person_key
    FROM living_member l
   WHERE ${AGE_AT_AS_OF('l')} BETWEEN 16 AND 59
     AND l.employment_status = 'UNEMPLOYED'
     AND l.school_stage IS NULL
     AND (l.disability_grade IS NULL OR l.disability_grade NOT IN (1, 2))
),
-- Employment aid: any HUMAN_RESOURCES record covering D or recent (started within 365 days).
employment_aid AS (
  SELECT r.beneficiary_key AS person_key
    FROM assistance_record r
   WHERE r.department = 'HUMAN_RESOURCES' AND (${COVERS_AS_OF('r')} OR ${RECENT_AS_OF('r')})
),
candidates AS (
  SELECT h.source_id AS household_source_id
    FROM household h
   WHERE EXISTS (SELECT 1 FROM household_dibao d WHERE d.household_source_id = h.source_id)
     AND EXISTS (SELECT 1 FROM idle_member i WHERE i.household_source_id = h.source_id)
     AND NOT EXISTS (SELECT 1 FROM living_member l
                      WHERE l.household_source_id = h.source_id AND l.employment_status = 'EMPLOYED')
     AND NOT EXISTS (SELECT 1 FROM living_member l JOIN employment_aid a ON a.person_key = l.person_key
                      WHERE l.household_source_id = h.source_id)
),
-- Evidence: the household's 低保 records covering D.
household_evidence AS (
  SELECT d.household_source_id, d.record_id FROM household_dibao d
)${householdGapSelect(suggestion(G5_SUGGESTED_PROGRAMS))}`;

export const g5ZeroEmploymentHousehold: GapRule = {
  id: 'G5',
  kind: 'GAP',
  name: 'ZERO_EMPLOYMENT_HOUSEHOLD',
  suggestedPrograms: G5_SUGGESTED_PROGRAMS,
  sql,
};
