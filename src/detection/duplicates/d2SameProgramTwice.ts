// D2 SAME_PROGRAM_TWICE: two distinct counting records of the same program
// that cover the same person on at least one common day, e.g. 低保 drawn in
// two counties through two household listings, or a benefit registered twice.
// Policy: one person, one entitlement per program.
//
// Left out, as RULES.md says: TEMPORARY (临时救助 may be granted again for a new
// emergency), CHARITY_GRANT (several grants are normal) and ONE_OFF records
// (single payments, not streams). Coverage follows RULES.md: a household-level
// record covers every current member of its household, any other record its
// beneficiary. One finding per pair of records; when the pair shares several
// people, the finding names a beneficiary of the pair if shared, else the
// first shared person by key. Overpayment: the smaller monthly equivalent
// times the months the overlap touches up to D.
import { BYTEWISE, COVERAGE_CTE, PERIOD } from '../sql';
import type { Rule } from '../types';
import { DUPLICATE_FINDING_ROWS, OVERLAP_OVERPAYMENT } from './findingRows';

export const d2SameProgramTwice: Rule = {
  id: 'D2',
  kind: 'DUPLICATE',
  name: 'SAME_PROGRAM_TWICE',
  sql: `
WITH ${COVERAGE_CTE},
-- payment streams and whom they cover (CANCELLED never counts: coverage leaves it out)
stream_covered AS MATERIALIZED (
  SELECT c.record_id, c.person_key, r.program, ${PERIOD('r')} AS period, r.beneficiary_key
    FROM coverage c
    JOIN assistance_record r ON r.id = c.record_id
   WHERE c.program NOT IN ('TEMPORARY', 'CHARITY_GRANT')
     AND r.frequency <> 'ONE_OFF'
),
-- each pair once (a.record_id < b.record_id), with every person both cover
shared AS (
  SELECT a.record_id AS a_id, b.record_id AS b_id, a.person_key,
         (a.person_key IN (a.beneficiary_key, b.beneficiary_key)) AS is_beneficiary
    FROM stream_covered a
    JOIN stream_covered b
      ON b.person_key = a.person_key
     AND b.program = a.program
     AND b.record_id > a.record_id
   -- a common day, periods inclusive
   WHERE a.period && b.period
),
named AS (
  SELECT DISTINCT ON (a_id, b_id) a_id, b_id, person_key
    FROM shared
   ORDER BY a_id, b_id, is_beneficiary DESC, person_key ${BYTEWISE}
),
found AS (
  SELECT ARRAY[a.id, b.id] AS record_ids,
         n.person_key,
         ${OVERLAP_OVERPAYMENT('a', 'b')} AS overpayment
    FROM named n
    JOIN assistance_record a ON a.id = n.a_id
    JOIN assistance_record b ON b.id = n.b_id
)${DUPLICATE_FINDING_ROWS}`,
};
