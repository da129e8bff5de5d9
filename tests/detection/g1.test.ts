// G1 SCHOOL_AGE_WITHOUT_EDUCATION_AID (RULES.md): a living pupil below higher
// education, aged 6 to 18, covered by DIBAO or TEKUN on D, with no education
// aid covering D or started in [D-365, D]. One child per condition, each
// differing from a found child in that condition only; run once as of D.
import { g1SchoolAgeWithoutEducationAid as G1 } from '../../src/detection/gaps/g1SchoolAgeWithoutEducationAid';
import type { RuleRow } from '../../src/detection/types';
import { charityProgram, D, Fixture, JINJIANG, openRuleDatabase, personsNamed, QINGYANG, type RuleDatabase } from './gapFixtures';

const f = new Fixture();
f.add(charityProgram());
const pupil = (birth: string, fields: Record<string, unknown> = {}) => f.person(birth, { schoolStage: 'PRIMARY', ...fields });

// The found child: 10, in primary school, on 低保, lives in Qingyang though listed in Jinjiang.
const found = pupil('2016-03-15', { residenceRegionCode: QINGYANG });
const foundHome = f.onDibao(found);

// 特困 instead of 低保, no household listing: filed under the hukou region.
const onTekun = pupil('2014-02-02', { schoolStage: 'JUNIOR_SECONDARY', hukouRegionCode: QINGYANG });
const tekun = f.record('TEKUN', onTekun);

const vocational = pupil('2009-01-20', { schoolStage: 'VOCATIONAL' });
f.onDibao(vocational);

// Ages: a birthday on D counts.
const sixToday = pupil('2020-06-30');
const sixTomorrow = pupil('2020-07-01', { schoolStage: 'PRESCHOOL' });
const eighteen = pupil('2007-07-01', { schoolStage: 'SENIOR_SECONDARY' });
const nineteenToday = pupil('2007-06-30', { schoolStage: 'SENIOR_SECONDARY' });
for (const child of [sixToday, sixTomorrow, eighteen, nineteenToday]) f.onDibao(child);

const higher = pupil('2008-01-01', { schoolStage: 'HIGHER' });
const notEnrolled = f.person('2016-05-05');
f.onDibao(higher);
f.onDibao(notEnrolled);

// 低保 periods are inclusive; a cancelled one never counts.
const dibaoEndedYesterday = pupil('2016-01-01');
const dibaoEndsOnD = pupil('2016-01-02');
const dibaoStartsTomorrow = pupil('2016-01-03');
const dibaoCancelled = pupil('2016-01-04');
f.onDibao(dibaoEndedYesterday, { endDate: '2026-06-29', status: 'ENDED' });
f.onDibao(dibaoEndsOnD, { endDate: D });
f.onDibao(dibaoStartsTomorrow, { startDate: '2026-07-01' });
f.onDibao(dibaoCancelled, { status: 'CANCELLED' });

// Listed when the household's 低保 began, no longer on its current member list.
const leftHousehold = pupil('2016-01-05');
const stayingHead = f.person('1984-08-08');
const leftHome = f.household([stayingHead, leftHousehold]);
f.dibao(leftHome);
f.household([stayingHead], {}, leftHome);

// Education aid: covering D, recent (start in [D-365, D]), too old, future, cancelled, charity.
const oneOff = (date: string) => ({ frequency: 'ONE_OFF', startDate: date, endDate: date });
const grantCoversD = pupil('2015-02-01');
const grantOnFirstRecentDay = pupil('2015-02-02');
const grantDayTooOld = pupil('2015-02-03');
const grantAfterD = pupil('2015-02-04');
const grantCancelled = pupil('2015-02-05');
const charityForSchool = pupil('2015-02-06');
const charityForHospital = pupil('2015-02-07');
f.record('EDU_GRANT', grantCoversD, { frequency: 'PER_TERM', startDate: '2026-03-01', endDate: '2026-07-10' });
f.record('EDU_FEE_WAIVER', grantOnFirstRecentDay, oneOff('2025-06-30'));
f.record('EDU_GRANT', grantDayTooOld, oneOff('2025-06-29'));
f.record('EDU_GRANT', grantAfterD, { frequency: 'PER_TERM', startDate: '2026-09-01', endDate: '2027-01-20' });
f.record('EDU_GRANT', grantCancelled, { frequency: 'PER_TERM', startDate: '2026-03-01', endDate: '2026-07-10', status: 'CANCELLED' });
f.record('CHARITY_GRANT', charityForSchool, { ...oneOff('2026-05-01'), needCategory: 'EDUCATION' });
f.record('CHARITY_GRANT', charityForHospital, { ...oneOff('2026-05-01'), needCategory: 'MEDICAL' });
for (const child of [grantCoversD, grantOnFirstRecentDay, grantDayTooOld, grantAfterD, grantCancelled, charityForSchool, charityForHospital]) {
  f.onDibao(child);
}

// Two children of one 低保 household: the aid of one does not reach the other.
const aidedSibling = pupil('2013-09-09');
const unaidedSibling = pupil('2015-10-10');
f.dibao(f.household([f.person('1983-03-03'), aidedSibling, unaidedSibling]));
f.record('EDU_GRANT', aidedSibling, { startDate: '2026-03-01', endDate: '2026-07-10', frequency: 'PER_TERM' });

// Dead people are never named; dying after D leaves the child living at D.
const diedOnD = pupil('2016-06-01', { deathDate: D });
const diesAfterD = pupil('2016-06-02', { deathDate: '2026-07-01' });
f.onDibao(diedOnD);
f.onDibao(diesAfterD);

let db: RuleDatabase;
let rows: RuleRow[];
const named = (id: string) => personsNamed(rows).includes(db.keyOf(id));

beforeAll(async () => {
  db = await openRuleDatabase(f);
  rows = await db.run(G1);
});
afterAll(() => db.drop());

describe('G1 SCHOOL_AGE_WITHOUT_EDUCATION_AID', () => {
  it('names exactly the children without education aid, once each', () => {
    const expected = [found, onTekun, vocational, sixToday, eighteen, dibaoEndsOnD, grantDayTooOld, grantAfterD, grantCancelled,
      charityForHospital, unaidedSibling, diesAfterD];
    expect([...personsNamed(rows)].sort()).toEqual(expected.map(db.keyOf).sort());
  });

  it('files a 低保 child under their residence region, with the household and its 低保 as evidence', () => {
    expect(rows.find((r) => r.person_key === db.keyOf(found))).toEqual({
      person_key: db.keyOf(found),
      household_source_id: foundHome.household,
      region_code: QINGYANG,
      region_codes: [JINJIANG, QINGYANG],
      area: null,
      records: [foundHome.dibao],
      overpayment: null,
      suggested_programs: ['EDU_GRANT', 'EDU_FEE_WAIVER'],
      departments: ['EDUCATION'],
    });
  });

  it('counts 特困 as well as 低保, filing a child with no listing under the hukou region', () => {
    expect(rows.find((r) => r.person_key === db.keyOf(onTekun))).toMatchObject({
      household_source_id: null, region_code: QINGYANG, region_codes: [JINJIANG, QINGYANG], records: [tekun],
    });
  });

  it('suggests the student grant and the fee waiver, both of the education department, at every stage', () => {
    for (const child of [vocational, sixToday]) {
      expect(rows.find((r) => r.person_key === db.keyOf(child))).toMatchObject({
        suggested_programs: ['EDU_GRANT', 'EDU_FEE_WAIVER'], departments: ['EDUCATION'],
      });
    }
  });

  it('names a child who turns 6 on D but not one who turns 6 the day after', () => {
    expect(named(sixToday)).toBe(true);
    expect(named(sixTomorrow)).toBe(false);
  });

  it('names an 18-year-old but not one who turns 19 on D', () => {
    expect(named(eighteen)).toBe(true);
    expect(named(nineteenToday)).toBe(false);
  });

  it('leaves out students in higher education and children not enrolled', () => {
    expect(named(found)).toBe(true);
    expect(named(higher)).toBe(false);
    expect(named(notEnrolled)).toBe(false);
  });

  it('needs 低保 covering D: ending on D counts, ending the day before or starting the day after does not', () => {
    expect(named(dibaoEndsOnD)).toBe(true);
    expect(named(dibaoEndedYesterday)).toBe(false);
    expect(named(dibaoStartsTomorrow)).toBe(false);
  });

  it('ignores a cancelled 低保', () => {
    expect(named(dibaoCancelled)).toBe(false);
  });

  it('ignores the 低保 of a household the child is no longer listed in', () => {
    expect(named(leftHousehold)).toBe(false);
  });

  it('is closed by education aid covering D or started exactly 365 days before, not by one started 366 days before', () => {
    expect(named(grantCoversD)).toBe(false);
    expect(named(grantOnFirstRecentDay)).toBe(false);
    expect(named(grantDayTooOld)).toBe(true);
  });

  it('is not closed by education aid starting after D or cancelled', () => {
    expect(named(grantAfterD)).toBe(true);
    expect(named(grantCancelled)).toBe(true);
  });

  it('counts a charity grant for an education need as education aid, not one for a medical need', () => {
    expect(named(charityForSchool)).toBe(false);
    expect(named(charityForHospital)).toBe(true);
  });

  it("does not let a sibling's aid close the gap", () => {
    expect(named(aidedSibling)).toBe(false);
    expect(named(unaidedSibling)).toBe(true);
  });

  it('never names a child dead on D, but names one who dies after D', () => {
    expect(named(diedOnD)).toBe(false);
    expect(named(diesAfterD)).toBe(true);
  });
});
