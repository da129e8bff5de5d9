// D4 HOUSING_DOUBLE: a household living in public rental housing (公租房实物配租,
// PUBLIC_RENTAL) that also draws the rental subsidy (租赁补贴, RENTAL_SUBSIDY)
// for an overlapping period. Policy: housing support is in kind or in cash,
// not both; the subsidy should stop when the family moves in.
//
// Both programs are household-level, so "the same household" is the records'
// householdSourceId. The finding names the household and its head (the head
// on the current member list; the subsidy's beneficiary if none is listed).
// One finding per pair. Overpayment: the smaller monthly equivalent (a
// ONE_OFF counts with its whole amount) times the months the overlap touches
// up to D.
import { COUNTS, PERIOD } from '../sql';
import type { Rule } from '../types';
import { DUPLICATE_FINDING_ROWS, OVERLAP_OVERPAYMENT } from './findingRows';

export const d4HousingDouble: Rule = {
  id: 'D4',
  kind: 'DUPLICATE',
  name: 'HOUSING_DOUBLE',
  sql: `
WITH found AS (
  SELECT ARRAY[rental.id, subsidy.id] AS record_ids,
         coalesce(
           (SELECT m.person_key FROM household_member m
             WHERE m.household_source_id = rental.household_source_id AND m.relation = 'HEAD'
             LIMIT 1),
           subsidy.beneficiary_key
         ) AS person_key,
         ${OVERLAP_OVERPAYMENT('rental', 'subsidy')} AS overpayment
    FROM assistance_record rental
    JOIN assistance_record subsidy
      ON subsidy.household_source_id = rental.household_source_id
     AND subsidy.program = 'RENTAL_SUBSIDY'
     AND subsidy.${COUNTS}
   WHERE rental.program = 'PUBLIC_RENTAL'
     AND rental.${COUNTS}
     -- periods are inclusive: an end on the 31st and a start on the 1st do not overlap
     AND ${PERIOD('rental')} && ${PERIOD('subsidy')}
)${DUPLICATE_FINDING_ROWS}`,
};
