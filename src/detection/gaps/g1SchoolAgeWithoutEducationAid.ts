// G1 SCHOOL_AGE_WITHOUT_EDUCATION_AID: a child of school age in a poor family
// (covered by 低保 or 特困 on D), enrolled below higher education, whom no
// education aid reaches. Poor families' pupils are entitled to student grants
// (助学金); a child the education department has not reached this year is
// most likely missed, not refused.
//
// Suggested programs: the student grant and the fee waiver (学费减免). Any
// education aid closes the gap, so both are listed; where schooling is free
// already (primary, junior secondary) the department will choose the grant.
import type { Program } from '../../db/client/prisma/enums';
import { AGE_AT_AS_OF, COVERS_AS_OF, LIVING_AT_AS_OF, RECENT_AS_OF } from '../sql';
import { BASIC_LIVING_CTES, personGapSelect, suggestion, type GapRule } from './shared';

export const G1_SUGGESTED_PROGRAMS: readonly Program[] = ['EDU_GRANT', 'EDU_FEE_WAIVER'];

const sql = `
WITH ${BASIC_LIVING_CTES},
-- Living pupils below higher education (school_stage null = not enrolled), aged 6 to 18 inclusive.
pupils AS (
  SELECT p.person_key
    FROM person p
   WHERE ${LIVING_AT_AS_OF('p')}
     AND p.school_stage IS NOT NULL AND p.school_stage <> 'HIGHER'
     AND ${AGE_AT_AS_OF('p')} BETWEEN 6 AND 18
),
-- Education aid: any EDUCATION record, or a charity grant for an education need,
-- that covers D or started within the last 365 days (a grant paid last term still counts).
education_aid AS (
  SELECT r.beneficiary_key AS person_key
    FROM assistance_record r
   WHERE (r.department = 'EDUCATION' OR (r.program = 'CHARITY_GRANT' AND r.need_category = 'EDUCATION'))
     AND (${COVERS_AS_OF('r')} OR ${RECENT_AS_OF('r')})
),
candidates AS (
  SELECT u.person_key
    FROM pupils u
   WHERE EXISTS (SELECT 1 FROM basic_living b WHERE b.person_key = u.person_key)
     AND NOT EXISTS (SELECT 1 FROM education_aid a WHERE a.person_key = u.person_key)
),
-- Evidence: the 低保 / 特困 records that cover the child on D.
evidence AS (
  SELECT b.person_key, b.record_id FROM basic_living b WHERE b.person_key IN (SELECT person_key FROM candidates)
)${personGapSelect(suggestion(G1_SUGGESTED_PROGRAMS))}`;

export const g1SchoolAgeWithoutEducationAid: GapRule = {
  id: 'G1',
  kind: 'GAP',
  name: 'SCHOOL_AGE_WITHOUT_EDUCATION_AID',
  suggestedPrograms: G1_SUGGESTED_PROGRAMS,
  sql,
};
