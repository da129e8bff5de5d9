// D3 SAME_EVENT_OVER_COVERAGE: several payments for one event (the same
// hospital bill, school term or fire: the same non-null eventRef) to the same
// beneficiary that together pay more than the event cost. Policy: assistance
// for an event tops up what it cost, never beyond; typically medical
// assistance and a charity both paying the same bill in full.
//
// RULES.md asks for records from at least two distinct (department,
// sourceRecordId) pairs: every stored record is one such pair, so two counting
// records suffice. At least one must document the cost (expenseBasis); the
// largest documented cost is the one that counts. One finding per event and
// beneficiary, naming all its counting records. Overpayment: the sum of their
// amounts minus that largest expense basis.
import { AS_OF, COUNTS } from '../sql';
import type { Rule } from '../types';
import { DUPLICATE_FINDING_ROWS } from './findingRows';

export const d3SameEventOverCoverage: Rule = {
  id: 'D3',
  kind: 'DUPLICATE',
  name: 'SAME_EVENT_OVER_COVERAGE',
  sql: `
WITH event_payment AS (
  SELECT r.id, r.beneficiary_key, r.event_ref, r.amount, r.expense_basis
    FROM assistance_record r
   WHERE r.event_ref IS NOT NULL
     AND r.${COUNTS}
     -- RULES.md gives D3 no date: every counting payment for the event adds
     -- up, whenever paid. The statement still takes D ($1) like every rule.
     AND ${AS_OF} IS NOT NULL
),
found AS (
  SELECT array_agg(id ORDER BY id) AS record_ids,
         beneficiary_key AS person_key,
         sum(amount) - max(expense_basis) AS overpayment
    FROM event_payment
   GROUP BY beneficiary_key, event_ref
  HAVING count(*) >= 2
     -- max() ignores nulls: null only when no record documents the cost
     AND max(expense_basis) IS NOT NULL
     AND sum(amount) > max(expense_basis)
)${DUPLICATE_FINDING_ROWS}`,
};
