// D6 PAYMENT_AFTER_DEATH: a record still paying after its beneficiary died.
// Policy: a benefit ends with the month of death; anything reaching beyond it
// is paid to no one entitled (typically the death never reached the paying
// department).
//
// Grace: the month of death itself is paid in full, so a stream is found only
// when its period reaches past the last day of that month (an open end always
// does); a ONE_OFF is found when it is dated after the death date. CANCELLED
// never counts. The death date is the registry's as stored: RULES.md does not
// require it to be on or before D (a stream past a death after D is priced
// 0.00: no month after it has come yet). Overpayment: the monthly equivalent times the whole or part
// months after the death month, up to D and the record's end (0.00 when
// those months all lie after D); a ONE_OFF: its amount, as RULES.md says,
// even when dated after D (the payment is ordered for a dead person, to be
// stopped or recovered all the same). Household-level records are found
// through their beneficiary, the household head.
import { COUNTS, MONTHS_TOUCHED_UP_TO_AS_OF, PERIOD } from '../sql';
import type { Rule } from '../types';
import { DUPLICATE_FINDING_ROWS, MONTHLY_TIMES } from './findingRows';

export const d6PaymentAfterDeath: Rule = {
  id: 'D6',
  kind: 'DUPLICATE',
  name: 'PAYMENT_AFTER_DEATH',
  sql: `
WITH beneficiary_death AS (
  SELECT r.*,
         p.death_date,
         -- the first day after the month of death: the grace ends the day before
         (date_trunc('month', p.death_date) + interval '1 month')::date AS after_death_month
    FROM assistance_record r
    JOIN person p ON p.person_key = r.beneficiary_key
   WHERE p.death_date IS NOT NULL
     AND r.${COUNTS}
),
paid_after_death AS (
  SELECT b.*
    FROM beneficiary_death b
   WHERE CASE WHEN b.frequency = 'ONE_OFF' THEN b.start_date > b.death_date
              ELSE b.end_date IS NULL OR b.end_date >= b.after_death_month
         END
),
found AS (
  SELECT ARRAY[r.id] AS record_ids,
         r.beneficiary_key AS person_key,
         CASE WHEN r.frequency = 'ONE_OFF' THEN r.amount
              ELSE ${MONTHLY_TIMES('r', MONTHS_TOUCHED_UP_TO_AS_OF(`${PERIOD('r')} * daterange(r.after_death_month, NULL, '[)')`))}
         END AS overpayment
    FROM paid_after_death r
)${DUPLICATE_FINDING_ROWS}`,
};
