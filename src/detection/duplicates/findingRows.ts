// The closing part of every duplicate rule's SELECT: from the rule's own
// `found` CTE to RuleRow's columns, so that a finding's shape (sorted record
// keys, household, regions, departments, money text) is written once.
import { BYTEWISE, IS_HOUSEHOLD_LEVEL, MONEY_TEXT, MONTHS_TOUCHED_UP_TO_AS_OF, PERIOD, RECORD_KEY } from '../sql';

/**
 * Appended after a rule's CTEs (it starts with a comma). The rule defines
 * `found(record_ids int[], person_key, overpayment numeric)`: one row per
 * finding, `record_ids` the evidence records' ids (the same set never twice).
 *
 * - records: DEPARTMENT:sourceRecordId, sorted bytewise (as JavaScript sorts);
 * - household_source_id: the household of the first household-level record
 *   by sorted key (D1: the DIBAO's; D4: the household of both), else null;
 * - region_code: that household's region, else the first record's region;
 * - region_codes: the records', their households' and the person's residence region;
 * - departments: the departments owning the records.
 */
export const DUPLICATE_FINDING_ROWS = `,
evidence AS (
  SELECT f.record_ids,
         ${RECORD_KEY('r')} ${BYTEWISE} AS record_key,
         r.department::text ${BYTEWISE} AS department,
         r.region_code::text AS region_code,
         -- a lookup, not a join: most records name no household, and a hash
         -- join on that many equal (null) keys degrades badly on PostgreSQL
         (SELECT h.region_code::text FROM household h WHERE h.source_id = r.household_source_id) AS household_region_code,
         CASE WHEN ${IS_HOUSEHOLD_LEVEL('r')} THEN r.household_source_id END AS covered_household
    FROM found f
    CROSS JOIN LATERAL unnest(f.record_ids) AS e(record_id)
    JOIN assistance_record r ON r.id = e.record_id
),
evidence_summary AS (
  SELECT record_ids,
         array_agg(record_key ORDER BY record_key) AS records,
         array_agg(DISTINCT department ORDER BY department) AS departments,
         (array_agg(covered_household ORDER BY record_key) FILTER (WHERE covered_household IS NOT NULL))[1] AS household_source_id,
         (array_agg(region_code ORDER BY record_key))[1] AS first_region_code,
         array_agg(region_code) || array_agg(household_region_code) AS regions
    FROM evidence
   GROUP BY record_ids
)
SELECT f.person_key::text AS person_key,
       s.household_source_id,
       coalesce(h.region_code::text, s.first_region_code) AS region_code,
       ARRAY(
         SELECT DISTINCT code FROM unnest(s.regions || residence.code) AS involved(code)
          WHERE code IS NOT NULL
          ORDER BY code
       ) AS region_codes,
       NULL::text AS area,
       s.records,
       ${MONEY_TEXT('f.overpayment')} AS overpayment,
       '{}'::text[] AS suggested_programs,
       s.departments
  FROM found f
  JOIN evidence_summary s ON s.record_ids = f.record_ids
  LEFT JOIN household h ON h.source_id = s.household_source_id
  -- a lookup per finding: findings are few, persons many
  CROSS JOIN LATERAL (SELECT (SELECT p.residence_region_code::text FROM person p WHERE p.person_key = f.person_key) AS code) residence
 ORDER BY s.records`;

/**
 * Months one payment pays for (RULES.md: MONTHLY 1, QUARTERLY 3, PER_TERM 6,
 * ANNUAL 12). RULES.md is silent on a ONE_OFF's monthly equivalent (D1, D4,
 * D5); the project takes its whole amount (1): it is paid once, on its one
 * day, so an overlap with it touches one month and the estimate is that
 * payment, as D6 says for a ONE_OFF after death.
 */
const MONTHS_PER_PAYMENT = (alias: string) => `(CASE ${alias}.frequency
  WHEN 'QUARTERLY' THEN 3 WHEN 'PER_TERM' THEN 6 WHEN 'ANNUAL' THEN 12 ELSE 1 END)`;

/**
 * The monthly equivalent of record `alias` times `months`, multiplied before
 * dividing: amount / 6 would be cut to finitely many digits, and 0.05 / 6 * 3
 * would then round to 0.02 instead of the exact 0.025 rounded half up, 0.03.
 */
export const MONTHLY_TIMES = (alias: string, months: string) => `(${alias}.amount * (${months}) / ${MONTHS_PER_PAYMENT(alias)})`;

/**
 * D1, D2, D4, D5's estimate for two overlapping records `a` and `b`: the
 * smaller monthly equivalent (compared exactly, by cross-multiplying) times
 * the calendar months their overlap touches up to D (0 when the overlap
 * starts after D: still a finding, nothing paid yet).
 */
export function OVERLAP_OVERPAYMENT(a: string, b: string): string {
  const months = MONTHS_TOUCHED_UP_TO_AS_OF(`${PERIOD(a)} * ${PERIOD(b)}`);
  return `(CASE WHEN ${a}.amount * ${MONTHS_PER_PAYMENT(b)} <= ${b}.amount * ${MONTHS_PER_PAYMENT(a)}
      THEN ${MONTHLY_TIMES(a, months)} ELSE ${MONTHLY_TIMES(b, months)} END)`;
}
