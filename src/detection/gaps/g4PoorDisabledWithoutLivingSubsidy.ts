// G4 POOR_DISABLED_WITHOUT_LIVING_SUBSIDY: a disabled person (any grade) in a
// 低保 household on D who gets no living subsidy (困难残疾人生活补贴) that covers
// D. People on 特困 are supported in full and may not draw the living subsidy
// (see D5), so a TEKUN beneficiary on D is no gap.
import type { Program } from '../../db/client/prisma/enums';
import { COVERS_AS_OF, LIVING_AT_AS_OF } from '../sql';
import { BASIC_LIVING_CTES, personGapSelect, suggestion, type GapRule } from './shared';

export const G4_SUGGESTED_PROGRAMS: readonly Program[] = ['DISABILITY_LIVING_SUBSIDY'];

const sql = `
WITH ${BASIC_LIVING_CTES},
living_subsidy AS (
  SELECT r.beneficiary_key AS person_key
    FROM assistance_record r
   WHERE r.program = 'DISABILITY_LIVING_SUBSIDY' AND ${COVERS_AS_OF('r')}
),
candidates AS (
  SELECT p.person_key
    FROM person p
   WHERE ${LIVING_AT_AS_OF('p')}
     AND p.disability_grade IS NOT NULL
     AND EXISTS (SELECT 1 FROM basic_living b WHERE b.person_key = p.person_key AND b.program = 'DIBAO')
     -- Beneficiary of a TEKUN covering D, looked up through the (beneficiary_key, program)
     -- index: against the materialised basic_living the planner misjudges it (136 s at 1M).
     AND NOT EXISTS (SELECT 1 FROM assistance_record t
                      WHERE t.beneficiary_key = p.person_key AND t.program = 'TEKUN' AND ${COVERS_AS_OF('t')})
     AND NOT EXISTS (SELECT 1 FROM living_subsidy s WHERE s.person_key = p.person_key)
),
-- Evidence: the 低保 records that cover the person on D.
evidence AS (
  SELECT b.person_key, b.record_id
    FROM basic_living b
   WHERE b.program = 'DIBAO' AND b.person_key IN (SELECT person_key FROM candidates)
)${personGapSelect(suggestion(G4_SUGGESTED_PROGRAMS))}`;

export const g4PoorDisabledWithoutLivingSubsidy: GapRule = {
  id: 'G4',
  kind: 'GAP',
  name: 'POOR_DISABLED_WITHOUT_LIVING_SUBSIDY',
  suggestedPrograms: G4_SUGGESTED_PROGRAMS,
  sql,
};
