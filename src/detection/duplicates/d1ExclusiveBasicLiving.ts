// D1 EXCLUSIVE_BASIC_LIVING: a person covered by a 低保 (DIBAO) record who is
// also the beneficiary of a 特困 (TEKUN) record for an overlapping period.
// Policy: extreme-poverty support already pays a person's whole basic living,
// so the two are exclusive; while both run, the household's 低保 pays for
// someone 特困 already supports.
//
// DIBAO is household-level: it covers everyone on its household's current
// member list, so an old parent in a 低保 household who is also registered as
// 特困 is found. One finding per (DIBAO, TEKUN) pair. Overpayment: the smaller
// monthly equivalent (a ONE_OFF counts with its whole amount) times the months
// the overlap touches up to D.
import { COUNTS, COVERAGE_CTE, PERIOD } from '../sql';
import type { Rule } from '../types';
import { DUPLICATE_FINDING_ROWS, OVERLAP_OVERPAYMENT } from './findingRows';

export const d1ExclusiveBasicLiving: Rule = {
  id: 'D1',
  kind: 'DUPLICATE',
  name: 'EXCLUSIVE_BASIC_LIVING',
  sql: `
WITH ${COVERAGE_CTE},
-- who each counting DIBAO covers (CANCELLED never counts: coverage leaves it out)
dibao_covered AS (
  SELECT c.record_id AS dibao_id, c.person_key
    FROM coverage c
   WHERE c.program = 'DIBAO'
),
found AS (
  SELECT ARRAY[dibao.id, tekun.id] AS record_ids,
         tekun.beneficiary_key AS person_key,
         ${OVERLAP_OVERPAYMENT('dibao', 'tekun')} AS overpayment
    FROM dibao_covered dc
    JOIN assistance_record dibao ON dibao.id = dc.dibao_id
    JOIN assistance_record tekun
      ON tekun.beneficiary_key = dc.person_key
     AND tekun.program = 'TEKUN'
     AND tekun.${COUNTS}
   -- periods are inclusive: an end on the 31st and a start on the 1st do not overlap
   WHERE ${PERIOD('dibao')} && ${PERIOD('tekun')}
)${DUPLICATE_FINDING_ROWS}`,
};
