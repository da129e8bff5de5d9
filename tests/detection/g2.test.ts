// G2 NO_MEDICAL_PREMIUM_SUBSIDY (RULES.md): a living person covered by DIBAO or
// TEKUN on D with no MEDICAL_PREMIUM_SUBSIDY covering D or starting in D's
// calendar year. Also where a person-level gap is filed when the person has
// several listings: one row, the 低保 household first by source id, the region
// of the first listing, and the region of a record when nothing else places them.
import { g2NoMedicalPremiumSubsidy as G2 } from '../../src/detection/gaps/g2NoMedicalPremiumSubsidy';
import type { RuleRow } from '../../src/detection/types';
import { D, Fixture, JINJIANG, openRuleDatabase, personsNamed, QINGYANG, type RuleDatabase } from './gapFixtures';

const f = new Fixture();
/** An adult alone in a household on 低保 (so no one else in it is covered). */
function aloneOnDibao(fields: Record<string, unknown> = {}): { id: string; household: string; dibao: string } {
  const id = f.person('1970-01-01', fields);
  const household = f.household([id]);
  return { id, household, dibao: f.dibao(household) };
}
const premium = (id: string, fields: Record<string, unknown>) =>
  f.record('MEDICAL_PREMIUM_SUBSIDY', id, { frequency: 'ANNUAL', amount: '380.00', ...fields });

const found = aloneOnDibao();
const coveredByPremium = aloneOnDibao();
premium(coveredByPremium.id, { startDate: '2026-01-01', endDate: '2026-12-31' });
const premiumLaterThisYear = aloneOnDibao();
premium(premiumLaterThisYear.id, { startDate: '2026-09-01', endDate: '2027-08-31' });
const premiumLastYearStillRunning = aloneOnDibao();
premium(premiumLastYearStillRunning.id, { startDate: '2025-07-01', endDate: D });
const premiumLastYearEnded = aloneOnDibao();
premium(premiumLastYearEnded.id, { startDate: '2025-01-01', endDate: '2025-12-31' });
const premiumNextYear = aloneOnDibao();
premium(premiumNextYear.id, { startDate: '2027-01-01', endDate: '2027-12-31' });
const premiumCancelled = aloneOnDibao();
premium(premiumCancelled.id, { startDate: '2026-01-01', endDate: '2026-12-31', status: 'CANCELLED' });

const neitherDibaoNorTekun = f.person('1970-02-02');
const onTekun = f.person('1940-03-03');
f.record('TEKUN', onTekun, { regionCode: QINGYANG });
const tekunCancelled = f.person('1940-04-04');
f.record('TEKUN', tekunCancelled, { status: 'CANCELLED' });
const dead = aloneOnDibao({ deathDate: '2026-06-15' });

// Head of a Jinjiang household on 低保 and also listed by a Qingyang household on 低保.
const twiceListed = f.person('1972-05-05');
const qingyangHead = f.person('1960-06-06');
const qingyang = f.household([qingyangHead, twiceListed], { regionCode: QINGYANG }, 'HH-B-QINGYANG');
const jinjiang = f.household([twiceListed], {}, 'HH-A-JINJIANG');
const qingyangDibao = f.dibao(qingyang, { regionCode: QINGYANG });
const jinjiangDibao = f.dibao(jinjiang);
premium(qingyangHead, { startDate: '2026-01-01', endDate: '2026-12-31' });

// Listed first (by source id) in a Qingyang household not on 低保, covered through a later one.
const coveredThroughLaterListing = f.person('1975-07-07');
f.household([f.person('1961-01-01'), coveredThroughLaterListing], { regionCode: QINGYANG }, 'HH-C-NO-DIBAO');
const laterHead = f.person('1962-02-02');
const later = f.household([laterHead, coveredThroughLaterListing], {}, 'HH-D-DIBAO');
const laterDibao = f.dibao(later);
premium(laterHead, { startDate: '2026-01-01', endDate: '2026-12-31' });

let db: RuleDatabase;
let rows: RuleRow[];
const named = (id: string) => personsNamed(rows).includes(db.keyOf(id));
const rowOf = (id: string) => rows.find((r) => r.person_key === db.keyOf(id));

beforeAll(async () => {
  db = await openRuleDatabase(f);
  rows = await db.run(G2);
});
afterAll(() => db.drop());

describe('G2 NO_MEDICAL_PREMIUM_SUBSIDY', () => {
  it('names exactly the covered people whose premium is not subsidised this year, once each', () => {
    const expected = [found.id, premiumLastYearEnded.id, premiumNextYear.id, premiumCancelled.id, onTekun, twiceListed,
      coveredThroughLaterListing];
    expect([...personsNamed(rows)].sort()).toEqual(expected.map(db.keyOf).sort());
  });

  it('gives the finding row: household, region, 低保 as evidence, the premium subsidy of healthcare security', () => {
    expect(rowOf(found.id)).toEqual({
      person_key: db.keyOf(found.id),
      household_source_id: found.household,
      region_code: JINJIANG,
      region_codes: [JINJIANG],
      area: null,
      records: [found.dibao],
      overpayment: null,
      suggested_programs: ['MEDICAL_PREMIUM_SUBSIDY'],
      departments: ['HEALTHCARE_SECURITY'],
    });
  });

  it('is closed by a subsidy covering D, even one that started last year', () => {
    expect(named(coveredByPremium.id)).toBe(false);
    expect(named(premiumLastYearStillRunning.id)).toBe(false);
  });

  it("is closed by a subsidy starting later in D's year, not by one ended last year or starting next year", () => {
    expect(named(premiumLaterThisYear.id)).toBe(false);
    expect(named(premiumLastYearEnded.id)).toBe(true);
    expect(named(premiumNextYear.id)).toBe(true);
  });

  it('is not closed by a cancelled subsidy', () => {
    expect(named(premiumCancelled.id)).toBe(true);
  });

  it('needs 低保 or 特困: a person with neither, or with a cancelled 特困, is not named', () => {
    expect(named(onTekun)).toBe(true);
    expect(named(neitherDibaoNorTekun)).toBe(false);
    expect(named(tekunCancelled)).toBe(false);
  });

  it('files a 特困 person known by nothing else under the region of their record', () => {
    expect(rowOf(onTekun)).toMatchObject({ household_source_id: null, region_code: QINGYANG, region_codes: [QINGYANG] });
  });

  it('never names a person dead before D', () => {
    expect(named(found.id)).toBe(true);
    expect(named(dead.id)).toBe(false);
  });

  it('names a person on 低保 through two listings once, under the first household by source id, with both 低保 records', () => {
    expect(rowOf(twiceListed)).toEqual(expect.objectContaining({
      household_source_id: 'HH-A-JINJIANG',
      region_code: JINJIANG,
      region_codes: [JINJIANG, QINGYANG],
      records: [jinjiangDibao, qingyangDibao].sort(),
    }));
    expect(rows.filter((r) => r.person_key === db.keyOf(twiceListed))).toHaveLength(1);
  });

  it('names the household that covers the person by 低保, but files them under their first listing', () => {
    expect(rowOf(coveredThroughLaterListing)).toMatchObject({
      household_source_id: 'HH-D-DIBAO',
      region_code: QINGYANG,
      region_codes: [JINJIANG, QINGYANG],
      records: [laterDibao],
    });
  });
});
