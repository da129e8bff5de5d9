// G8 TEKUN_STANDARD_BELOW_POLICY: a region whose extreme-poverty support
// standard (特困 basic living standard) for year(D) and an area is below 1.3
// times its own 低保 standard. Policy sets the 特困 standard at no less than 1.3
// times the local 低保 standard; only standards registered for that exact
// region are compared (an inherited standard is the ancestor's finding, not
// the county's).
import type { Program } from '../../db/client/prisma/enums';
import { suggestion, YEAR_OF_AS_OF, type GapRule } from './shared';

export const G8_SUGGESTED_PROGRAMS: readonly Program[] = ['TEKUN'];
const suggested = suggestion(G8_SUGGESTED_PROGRAMS);

const sql = `
WITH tekun AS (
  SELECT region_code, area, monthly_amount FROM standard WHERE program = 'TEKUN' AND year = ${YEAR_OF_AS_OF}
),
dibao AS (
  SELECT region_code, area, monthly_amount FROM standard WHERE program = 'DIBAO' AND year = ${YEAR_OF_AS_OF}
)
SELECT NULL::text AS person_key,
       NULL::text AS household_source_id,
       t.region_code::text AS region_code,
       ARRAY[t.region_code::text] AS region_codes,
       t.area::text AS area,
       '{}'::text[] AS records,
       NULL::text AS overpayment,
       ${suggested.programs} AS suggested_programs,
       ${suggested.departments} AS departments
  FROM tekun t
  JOIN dibao d ON d.region_code = t.region_code AND d.area = t.area
 WHERE t.monthly_amount < 1.3 * d.monthly_amount
 ORDER BY t.region_code, t.area`;

export const g8TekunStandardBelowPolicy: GapRule = {
  id: 'G8',
  kind: 'GAP',
  name: 'TEKUN_STANDARD_BELOW_POLICY',
  suggestedPrograms: G8_SUGGESTED_PROGRAMS,
  sql,
};
