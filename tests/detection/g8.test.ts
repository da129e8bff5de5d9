// G8 TEKUN_STANDARD_BELOW_POLICY (RULES.md): for a region, area and year(D)
// with both standards registered for that exact region, TEKUN < 1.3 x DIBAO.
// The finding names the region and area.
import { g8TekunStandardBelowPolicy as G8 } from '../../src/detection/gaps/g8TekunStandardBelowPolicy';
import type { RuleRow } from '../../src/detection/types';
import { Fixture, JINJIANG, openRuleDatabase, QINGYANG, type RuleDatabase } from './gapFixtures';

const f = new Fixture();
const standard = (regionCode: string, program: string, area: string, monthlyAmount: string, year = 2026) =>
  ({ type: 'standard', regionCode, year, program, area, monthlyAmount });
f.add(
  // 锦江 URBAN: 1000.00 < 1.3 x 780.00 = 1014.00, a finding; RURAL: 780.00 = 1.3 x 600.00, none.
  standard(JINJIANG, 'DIBAO', 'URBAN', '780.00'),
  standard(JINJIANG, 'TEKUN', 'URBAN', '1000.00'),
  standard(JINJIANG, 'DIBAO', 'RURAL', '600.00'),
  standard(JINJIANG, 'TEKUN', 'RURAL', '780.00'),
  // 青羊 URBAN: 909.99 < 910.00, a finding (a cent under).
  standard(QINGYANG, 'DIBAO', 'URBAN', '700.00'),
  standard(QINGYANG, 'TEKUN', 'URBAN', '909.99'),
  // 青羊 RURAL has only a TEKUN standard; its DIBAO is the city's: not compared.
  standard(QINGYANG, 'TEKUN', 'RURAL', '500.00'),
  standard('510100', 'DIBAO', 'RURAL', '600.00'),
  // 成都 URBAN: above 1.3 x, none.
  standard('510100', 'DIBAO', 'URBAN', '700.00'),
  standard('510100', 'TEKUN', 'URBAN', '1000.00'),
  // 四川: URBAN TEKUN of 2026 against a DIBAO of 2025 or of the other area: not compared.
  standard('510000', 'TEKUN', 'URBAN', '100.00'),
  standard('510000', 'DIBAO', 'URBAN', '900.00', 2025),
  standard('510000', 'DIBAO', 'RURAL', '1000.00'),
  // 锦江 URBAN in 2025: far below, found only as of a 2025 date.
  standard(JINJIANG, 'DIBAO', 'URBAN', '700.00', 2025),
  standard(JINJIANG, 'TEKUN', 'URBAN', '100.00', 2025),
);

let db: RuleDatabase;
let rows: RuleRow[];
const regionsAndAreas = (found: RuleRow[]) => found.map((r) => `${r.region_code} ${r.area}`);

beforeAll(async () => {
  db = await openRuleDatabase(f);
  rows = await db.run(G8);
});
afterAll(() => db.drop());

describe('G8 TEKUN_STANDARD_BELOW_POLICY', () => {
  it('names exactly the regions and areas whose TEKUN standard is below 1.3 x their own DIBAO standard', () => {
    expect(regionsAndAreas(rows)).toEqual([`${JINJIANG} URBAN`, `${QINGYANG} URBAN`]);
  });

  it('gives the finding row: region and area, no person or household, TEKUN of civil affairs', () => {
    expect(rows[0]).toEqual({
      person_key: null,
      household_source_id: null,
      region_code: JINJIANG,
      region_codes: [JINJIANG],
      area: 'URBAN',
      records: [],
      overpayment: null,
      suggested_programs: ['TEKUN'],
      departments: ['CIVIL_AFFAIRS'],
    });
  });

  it('finds a standard a cent under 1.3 x, not one exactly at 1.3 x or above', () => {
    expect(regionsAndAreas(rows)).toContain(`${QINGYANG} URBAN`);
    expect(regionsAndAreas(rows)).not.toContain(`${JINJIANG} RURAL`);
    expect(regionsAndAreas(rows)).not.toContain('510100 URBAN');
  });

  it("compares standards of the exact region, area and year only (not an ancestor's, another area's or year's)", () => {
    expect(regionsAndAreas(rows)).not.toContain(`${QINGYANG} RURAL`);
    expect(regionsAndAreas(rows)).not.toContain('510000 URBAN');
  });

  it("uses the standards of D's year", async () => {
    expect(regionsAndAreas(await db.run(G8, '2025-06-30'))).toEqual([`${JINJIANG} URBAN`]);
  });
});
