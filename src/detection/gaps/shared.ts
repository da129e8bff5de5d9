// What the gap rules G1-G8 share: the programs each suggests (and the
// departments owning them), who is covered by DIBAO or TEKUN on D, and the
// closing SELECT that files a person or a household under a region the same
// way for every rule (RULES.md "Finding shape" and the project's conventions).
import type { Department, Program } from '../../db/client/prisma/enums';
import { PROGRAMS } from '../../departments/programs';
import { AS_OF, BYTEWISE, COUNTS, COVERAGE_CTE, COVERS_AS_OF, RECORD_KEY } from '../sql';
import type { Rule } from '../types';

/** A gap rule also says which programs would close its findings, so referrals can be opened. */
export interface GapRule extends Rule {
  kind: 'GAP';
  /** Every program the rule may suggest, in the order findings list them. */
  suggestedPrograms: readonly Program[];
}

/** The departments that own the programs, once each, sorted. */
export function departmentsOwning(programs: readonly Program[]): Department[] {
  return [...new Set(programs.map((p) => PROGRAMS[p].department))].sort();
}

const textArray = (values: readonly string[]) =>
  values.length === 0 ? `'{}'::text[]` : `ARRAY[${values.map((v) => `'${v}'`).join(', ')}]::text[]`;

/** SQL expressions for a finding's suggested_programs and departments columns. */
export interface SuggestionSql {
  programs: string;
  departments: string;
}

/** The same suggestion for every finding of a rule. */
export function suggestion(programs: readonly Program[]): SuggestionSql {
  return { programs: textArray(programs), departments: textArray(departmentsOwning(programs)) };
}

/**
 * `coverage` (RULES.md "covered by") and `basic_living(person_key, record_id,
 * program)`: the DIBAO and TEKUN records that cover a person on D. DIBAO
 * covers every current member of its household, TEKUN its beneficiary.
 */
export const BASIC_LIVING_CTES = `${COVERAGE_CTE},
basic_living AS (
  SELECT c.person_key, r.id AS record_id, r.program::text AS program
    FROM coverage c
    JOIN assistance_record r ON r.id = c.record_id
   WHERE r.program IN ('DIBAO', 'TEKUN') AND ${COVERS_AS_OF('r')}
)`;

/** For rules without evidence records: an `evidence` CTE with no rows. */
export const NO_EVIDENCE = `evidence AS (SELECT NULL::char(64) AS person_key, NULL::int AS record_id WHERE false)`;

/**
 * The closing SELECT of a person-level gap rule. The rule's CTEs define
 * `candidates(person_key, ...)` (one row per living person found) and
 * `evidence(person_key, record_id)` (the records that make them eligible).
 * The person is filed under their residence region, else the region of their
 * first household listing (by source id), else their hukou region, else the
 * region of their first counting record, else the city (or province) that
 * issued their ID number when registered; a person placed by none of these
 * cannot be filed and is left out. The household named is the one through
 * which DIBAO covers them on D (first by source id), else their first listing.
 */
export function personGapSelect(suggested: SuggestionSql): string {
  return `,
listing AS (
  SELECT m.person_key, h.source_id, h.region_code
    FROM household_member m
    JOIN household h ON h.source_id = m.household_source_id
   WHERE m.person_key IN (SELECT person_key FROM candidates)
),
dibao_listing AS (
  SELECT l.person_key, l.source_id
    FROM listing l
   WHERE EXISTS (SELECT 1 FROM assistance_record r
                  WHERE r.household_source_id = l.source_id AND r.program = 'DIBAO' AND ${COVERS_AS_OF('r')})
),
evidence_record AS (
  SELECT e.person_key, ${RECORD_KEY('r')} AS record_key, r.region_code
    FROM evidence e
    JOIN assistance_record r ON r.id = e.record_id
),
filed AS (
  SELECT c.*,
         coalesce(
           (SELECT min(d.source_id ${BYTEWISE}) FROM dibao_listing d WHERE d.person_key = c.person_key),
           (SELECT min(l.source_id ${BYTEWISE}) FROM listing l WHERE l.person_key = c.person_key)
         ) AS household_source_id,
         coalesce(
           p.residence_region_code,
           (SELECT l.region_code FROM listing l WHERE l.person_key = c.person_key ORDER BY l.source_id ${BYTEWISE} LIMIT 1),
           p.hukou_region_code,
           (SELECT r.region_code FROM assistance_record r
             WHERE r.beneficiary_key = c.person_key AND r.${COUNTS}
             ORDER BY ${RECORD_KEY('r')} ${BYTEWISE} LIMIT 1),
           -- The masked ID number keeps the first four digits: the issuing city, else its province.
           (SELECT g.code FROM region g
             WHERE g.code IN (substr(p.masked_id_number, 1, 4) || '00', substr(p.masked_id_number, 1, 2) || '0000')
             ORDER BY g.code DESC LIMIT 1)
         )::text AS region_code,
         ARRAY(
           SELECT DISTINCT code::text AS code FROM (
             SELECT p.residence_region_code AS code
             UNION ALL SELECT p.hukou_region_code
             UNION ALL SELECT l.region_code FROM listing l WHERE l.person_key = c.person_key
             UNION ALL SELECT e.region_code FROM evidence_record e WHERE e.person_key = c.person_key
           ) involved
            WHERE code IS NOT NULL
            ORDER BY code
         ) AS region_codes,
         ARRAY(
           SELECT DISTINCT e.record_key ${BYTEWISE} AS record_key FROM evidence_record e
            WHERE e.person_key = c.person_key ORDER BY record_key
         ) AS records
    FROM candidates c
    JOIN person p ON p.person_key = c.person_key
)
SELECT f.person_key::text AS person_key,
       f.household_source_id,
       f.region_code,
       -- The filing region is involved too (it may come from a record or the ID number alone).
       ARRAY(SELECT DISTINCT code FROM unnest(f.region_codes || f.region_code) AS code ORDER BY code) AS region_codes,
       NULL::text AS area,
       f.records,
       NULL::text AS overpayment,
       ${suggested.programs} AS suggested_programs,
       ${suggested.departments} AS departments
  FROM filed f
 WHERE f.region_code IS NOT NULL
 ORDER BY f.region_code, f.person_key`;
}

/**
 * The closing SELECT of a household-level gap rule (G5, G7). The rule's CTEs
 * define `candidates(household_source_id)` and `household_evidence(household_source_id,
 * record_id)`. The finding names the household, filed under its region; personKey is null.
 */
export function householdGapSelect(suggested: SuggestionSql): string {
  // The evidence is grouped once per household and joined: a subquery per
  // candidate over the evidence CTE would rescan all of it for every household.
  return `,
evidence_by_household AS (
  SELECT e.household_source_id,
         array_agg(DISTINCT ${RECORD_KEY('r')} ${BYTEWISE} ORDER BY ${RECORD_KEY('r')} ${BYTEWISE}) AS records,
         array_agg(DISTINCT r.region_code::text) AS region_codes
    FROM household_evidence e
    JOIN assistance_record r ON r.id = e.record_id
   GROUP BY e.household_source_id
)
SELECT NULL::text AS person_key,
       h.source_id AS household_source_id,
       h.region_code::text AS region_code,
       ARRAY(
         SELECT DISTINCT code FROM unnest(coalesce(eh.region_codes, '{}'::text[]) || h.region_code::text) AS code ORDER BY code
       ) AS region_codes,
       NULL::text AS area,
       coalesce(eh.records, '{}'::text[]) AS records,
       NULL::text AS overpayment,
       ${suggested.programs} AS suggested_programs,
       ${suggested.departments} AS departments
  FROM candidates c
  JOIN household h ON h.source_id = c.household_source_id
  LEFT JOIN evidence_by_household eh ON eh.household_source_id = h.source_id
 ORDER BY h.source_id ${BYTEWISE}`;
}

/** year(D), for standards. */
export const YEAR_OF_AS_OF = `extract(year FROM ${AS_OF})::int`;
