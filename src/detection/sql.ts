// SQL fragments shared by the rules, so that RULES.md's shared definitions are
// written once. Every fragment is plain SQL that PGlite and PostgreSQL both run.
import { HOUSEHOLD_LEVEL_PROGRAMS } from '../departments/programs';

const sqlList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/** The record (alias) is of a household-level program: it covers the household's current members. */
export const IS_HOUSEHOLD_LEVEL = (alias: string) => `${alias}.program IN (${sqlList(HOUSEHOLD_LEVEL_PROGRAMS)})`;

/** The as-of date D, from the rule's only parameter. */
export const AS_OF = '$1::date';

/** A record counts unless CANCELLED (RULES.md, shared definitions). */
export const COUNTS = `status <> 'CANCELLED'`;

/** A record's period [startDate, endDate], inclusive; null end is open-ended. */
export const PERIOD = (alias: string) => `daterange(${alias}.start_date, ${alias}.end_date, '[]')`;

/** The record key of RULES.md's finding shape: DEPARTMENT:sourceRecordId. */
export const RECORD_KEY = (alias: string) => `(${alias}.department::text || ':' || ${alias}.source_record_id)`;

/**
 * `coverage(record_id, person_key, program)`: who each counting record covers.
 * A household-level record covers every current member of its household; any
 * other record covers its beneficiary. `program` is there so that a rule's
 * filter on it reaches both branches (PostgreSQL pushes it into the UNION ALL)
 * instead of expanding every record's coverage first.
 */
export const COVERAGE_CTE = `coverage AS (
  SELECT r.id AS record_id, r.beneficiary_key AS person_key, r.program
    FROM assistance_record r
   WHERE r.${COUNTS} AND NOT ${IS_HOUSEHOLD_LEVEL('r')}
  UNION ALL
  SELECT r.id AS record_id, m.person_key, r.program
    FROM assistance_record r
    JOIN household_member m ON m.household_source_id = r.household_source_id
   WHERE r.${COUNTS} AND ${IS_HOUSEHOLD_LEVEL('r')}
)`;

/** Monthly-equivalent amount (RULES.md, overpayment): ONE_OFF has none (null). */
export const MONTHLY_EQUIVALENT = (alias: string) => `(CASE ${alias}.frequency
  WHEN 'MONTHLY' THEN ${alias}.amount
  WHEN 'QUARTERLY' THEN ${alias}.amount / 3
  WHEN 'ANNUAL' THEN ${alias}.amount / 12
  WHEN 'PER_TERM' THEN ${alias}.amount / 6
END)`;

/**
 * Number of calendar months a date range touches, counting only days up to D
 * (0 when the range starts after D). `range` is a daterange expression.
 */
export const MONTHS_TOUCHED_UP_TO_AS_OF = (range: string) => `(CASE
  WHEN isempty((${range}) * daterange(NULL, ${AS_OF}, '[]')) THEN 0
  ELSE (extract(year FROM (upper((${range}) * daterange(NULL, ${AS_OF}, '[]')) - 1))::int * 12
      + extract(month FROM (upper((${range}) * daterange(NULL, ${AS_OF}, '[]')) - 1))::int)
     - (extract(year FROM lower((${range}) * daterange(NULL, ${AS_OF}, '[]')))::int * 12
      + extract(month FROM lower((${range}) * daterange(NULL, ${AS_OF}, '[]')))::int) + 1
END)`;

/** Money as RULES.md prints it: two places, rounded half up (positive amounts). */
export const MONEY_TEXT = (expression: string) => `round((${expression})::numeric, 2)::text`;

/** The record (alias of assistance_record) covers D: it counts and its inclusive period contains D. */
export const COVERS_AS_OF = (alias: string) =>
  `(${alias}.${COUNTS} AND ${alias}.start_date <= ${AS_OF} AND (${alias}.end_date IS NULL OR ${alias}.end_date >= ${AS_OF}))`;

/** The record is recent at D: it counts and starts in [D - 365 days, D]. */
export const RECENT_AS_OF = (alias: string) =>
  `(${alias}.${COUNTS} AND ${alias}.start_date BETWEEN ${AS_OF} - 365 AND ${AS_OF})`;

/** age(p, D): whole years from the birth date to D (a birthday on D counts). `alias` names person. */
export const AGE_AT_AS_OF = (alias: string) => `date_part('year', age(${AS_OF}, ${alias}.birth_date))::int`;

/**
 * The person (alias of person) is living at D: born on or before D and not
 * dead (a death date on or before D means dead at D).
 */
export const LIVING_AT_AS_OF = (alias: string) =>
  `(${alias}.birth_date <= ${AS_OF} AND (${alias}.death_date IS NULL OR ${alias}.death_date > ${AS_OF}))`;

/**
 * Text compared by code point, as JavaScript sorts: "first by source id" and
 * sorted record keys are then the same on every database, whatever its locale.
 */
export const BYTEWISE = `COLLATE "C"`;
