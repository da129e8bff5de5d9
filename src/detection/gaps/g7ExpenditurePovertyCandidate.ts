// G7 EXPENDITURE_POVERTY_CANDIDATE (支出型贫困): a household not on 低保 whose
// income is near the 低保 line (at most 1.5 times the local standard) but whose
// members' medical bills over the last year exceed half of what the living
// members earn in a year, and whom neither temporary assistance nor medical
// assistance has reached. Such families are poor because of what they must
// spend, not what they earn, and qualify for relief the income test misses.
//
// The members' bills count whoever paid them, a member who has since died
// included (the household bore them); the income is that of the living
// members only. Relief to any member, the dead included, closes the gap. A
// household with no living member is no finding: nobody is left to help.
import type { Program } from '../../db/client/prisma/enums';
import { AS_OF, COVERS_AS_OF, LIVING_AT_AS_OF, RECENT_AS_OF } from '../sql';
import { householdGapSelect, suggestion, YEAR_OF_AS_OF, type GapRule } from './shared';

export const G7_SUGGESTED_PROGRAMS: readonly Program[] = ['TEMPORARY', 'MEDICAL_ASSISTANCE'];

const sql = `
WITH RECURSIVE
-- Each region and its ancestors, nearest first (depth 0 = the region itself).
-- Walked over the few regions, not the many households, so it stays small.
region_ancestry AS (
  SELECT g.code AS region_code, g.code AS ancestor, 0 AS depth FROM region g
  UNION ALL
  SELECT a.region_code, g.parent_code, a.depth + 1
    FROM region_ancestry a
    JOIN region g ON g.code = a.ancestor
   WHERE g.parent_code IS NOT NULL AND a.depth < 10   -- the bound only guards against a cycle in bad data
),
-- standard(region, year(D), DIBAO, area): the region's own, else its nearest registered ancestor's.
dibao_standard AS MATERIALIZED (
  SELECT DISTINCT ON (a.region_code, s.area) a.region_code, s.area, s.monthly_amount
    FROM region_ancestry a
    JOIN standard s ON s.region_code = a.ancestor AND s.year = ${YEAR_OF_AS_OF} AND s.program = 'DIBAO'
   ORDER BY a.region_code, s.area, a.depth
),
living_members AS (
  SELECT m.household_source_id, count(*) AS how_many
    FROM household_member m
    JOIN person p ON p.person_key = m.person_key
   WHERE ${LIVING_AT_AS_OF('p')}
   GROUP BY m.household_source_id
),
-- Medical expenses of the members dated in [D - 365 days, D].
medical_bills AS (
  SELECT m.household_source_id, sum(e.amount) AS total
    FROM household_member m
    JOIN expense e ON e.person_key = m.person_key
   WHERE e.category = 'MEDICAL' AND e.date BETWEEN ${AS_OF} - 365 AND ${AS_OF}
   GROUP BY m.household_source_id
),
-- Households where a member has temporary or medical assistance that covers D or is recent.
relieved AS (
  SELECT DISTINCT m.household_source_id
    FROM household_member m
    JOIN assistance_record r ON r.beneficiary_key = m.person_key
   WHERE r.program IN ('TEMPORARY', 'MEDICAL_ASSISTANCE') AND (${COVERS_AS_OF('r')} OR ${RECENT_AS_OF('r')})
),
candidates AS (
  SELECT h.source_id AS household_source_id
    FROM household h
    JOIN dibao_standard s ON s.region_code = h.region_code AND s.area = h.area
    JOIN living_members l ON l.household_source_id = h.source_id
    JOIN medical_bills b ON b.household_source_id = h.source_id
   WHERE h.monthly_income_per_capita <= 1.5 * s.monthly_amount
     AND b.total > 0.5 * h.monthly_income_per_capita * l.how_many * 12
     -- Not on 低保: no DIBAO record of the household itself covers D.
     AND NOT EXISTS (SELECT 1 FROM assistance_record r
                      WHERE r.household_source_id = h.source_id AND r.program = 'DIBAO' AND ${COVERS_AS_OF('r')})
     AND NOT EXISTS (SELECT 1 FROM relieved x WHERE x.household_source_id = h.source_id)
),
-- No evidence record: what makes the household a candidate is its income, standard and expenses.
household_evidence AS (SELECT NULL::text AS household_source_id, NULL::int AS record_id WHERE false)
${householdGapSelect(suggestion(G7_SUGGESTED_PROGRAMS))}`;

export const g7ExpenditurePovertyCandidate: GapRule = {
  id: 'G7',
  kind: 'GAP',
  name: 'EXPENDITURE_POVERTY_CANDIDATE',
  suggestedPrograms: G7_SUGGESTED_PROGRAMS,
  sql,
};
