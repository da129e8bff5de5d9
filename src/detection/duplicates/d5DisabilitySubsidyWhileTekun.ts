// D5 DISABILITY_SUBSIDY_WHILE_TEKUN: a person drawing the living subsidy for
// poor disabled people (困难残疾人生活补贴, DISABILITY_LIVING_SUBSIDY) while 特困
// (TEKUN) supports them, for an overlapping period. Policy: 特困 people are
// supported in full, so the living subsidy duplicates it; the nursing subsidy
// (DISABILITY_NURSING_SUBSIDY) pays for care and stays allowed.
//
// Both are person-level records of the same beneficiary. One finding per
// pair. Overpayment: the smaller monthly equivalent (a ONE_OFF counts with its
// whole amount) times the months the overlap touches up to D.
import { COUNTS, PERIOD } from '../sql';
import type { Rule } from '../types';
import { DUPLICATE_FINDING_ROWS, OVERLAP_OVERPAYMENT } from './findingRows';

export const d5DisabilitySubsidyWhileTekun: Rule = {
  id: 'D5',
  kind: 'DUPLICATE',
  name: 'DISABILITY_SUBSIDY_WHILE_TEKUN',
  sql: `
WITH found AS (
  SELECT ARRAY[living.id, tekun.id] AS record_ids,
         living.beneficiary_key AS person_key,
         ${OVERLAP_OVERPAYMENT('living', 'tekun')} AS overpayment
    FROM assistance_record living
    JOIN assistance_record tekun
      ON tekun.beneficiary_key = living.beneficiary_key
     AND tekun.program = 'TEKUN'
     AND tekun.${COUNTS}
   WHERE living.program = 'DISABILITY_LIVING_SUBSIDY'
     AND living.${COUNTS}
     -- periods are inclusive: an end on the 31st and a start on the 1st do not overlap
     AND ${PERIOD('living')} && ${PERIOD('tekun')}
)${DUPLICATE_FINDING_ROWS}`,
};
