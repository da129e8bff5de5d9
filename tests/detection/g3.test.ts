// G3 SEVERE_DISABILITY_WITHOUT_NURSING_SUBSIDY (RULES.md): a living person with
// disability grade 1 or 2 whom no DISABILITY_NURSING_SUBSIDY covers on D,
// poor or not (no 低保 condition).
import { g3SevereDisabilityWithoutNursingSubsidy as G3 } from '../../src/detection/gaps/g3SevereDisabilityWithoutNursingSubsidy';
import type { RuleRow } from '../../src/detection/types';
import { D, Fixture, JINJIANG, openRuleDatabase, personsNamed, QINGYANG, type RuleDatabase } from './gapFixtures';

const f = new Fixture();
const disabled = (grade: number | null, fields: Record<string, unknown> = {}) =>
  f.person('1960-01-01', { disabilityGrade: grade, disabilityType: grade === null ? null : 'PHYSICAL', ...fields });
const nursing = (id: string, fields: Record<string, unknown> = {}) =>
  f.record('DISABILITY_NURSING_SUBSIDY', id, { amount: '100.00', ...fields });

// Not on 低保, listed in a Jinjiang household, living in Qingyang.
const found = disabled(1, { residenceRegionCode: QINGYANG });
const home = f.household([found]);
const gradeTwo = disabled(2);
const gradeThree = disabled(3);
const noGrade = disabled(null);

const subsidyCoversD = disabled(1);
nursing(subsidyCoversD);
const subsidyEndedYesterday = disabled(1);
nursing(subsidyEndedYesterday, { endDate: '2026-06-29', status: 'ENDED' });
const subsidyEndsOnD = disabled(1);
nursing(subsidyEndsOnD, { endDate: D, status: 'ENDED' });
const subsidyStartsTomorrow = disabled(1);
nursing(subsidyStartsTomorrow, { startDate: '2026-07-01' });
const subsidyCancelled = disabled(2);
nursing(subsidyCancelled, { status: 'CANCELLED' });
const livingSubsidyInstead = disabled(2);
f.record('DISABILITY_LIVING_SUBSIDY', livingSubsidyInstead);
const spouseHasSubsidy = disabled(1);
const subsidisedSpouse = disabled(2);
f.household([spouseHasSubsidy, subsidisedSpouse]);
nursing(subsidisedSpouse);

const diedOnD = disabled(1, { deathDate: D });
const diesAfterD = disabled(1, { deathDate: '2026-07-01' });

let db: RuleDatabase;
let rows: RuleRow[];
const named = (id: string) => personsNamed(rows).includes(db.keyOf(id));

beforeAll(async () => {
  db = await openRuleDatabase(f);
  rows = await db.run(G3);
});
afterAll(() => db.drop());

describe('G3 SEVERE_DISABILITY_WITHOUT_NURSING_SUBSIDY', () => {
  it('names exactly the severely disabled people without a nursing subsidy on D', () => {
    const expected = [found, gradeTwo, subsidyEndedYesterday, subsidyStartsTomorrow, subsidyCancelled, livingSubsidyInstead,
      spouseHasSubsidy, diesAfterD];
    expect([...personsNamed(rows)].sort()).toEqual(expected.map(db.keyOf).sort());
  });

  it('names a person not on 低保, with their listing, residence region and no evidence record', () => {
    expect(rows.find((r) => r.person_key === db.keyOf(found))).toEqual({
      person_key: db.keyOf(found),
      household_source_id: home,
      region_code: QINGYANG,
      region_codes: [JINJIANG, QINGYANG],
      area: null,
      records: [],
      overpayment: null,
      suggested_programs: ['DISABILITY_NURSING_SUBSIDY'],
      departments: ['DISABLED_PERSONS_FEDERATION'],
    });
  });

  it('files a person known by nothing but their ID number under the city that issued it', () => {
    expect(rows.find((r) => r.person_key === db.keyOf(gradeTwo))).toMatchObject({
      household_source_id: null, region_code: '510100', region_codes: ['510100'], records: [],
    });
  });

  it('takes grades 1 and 2, not grade 3 or no grade', () => {
    expect(named(gradeTwo)).toBe(true);
    expect(named(gradeThree)).toBe(false);
    expect(named(noGrade)).toBe(false);
  });

  it('is closed by a nursing subsidy covering D (ending on D included), not one ended the day before or starting after', () => {
    expect(named(subsidyCoversD)).toBe(false);
    expect(named(subsidyEndsOnD)).toBe(false);
    expect(named(subsidyEndedYesterday)).toBe(true);
    expect(named(subsidyStartsTomorrow)).toBe(true);
  });

  it('is not closed by a cancelled nursing subsidy, by the living subsidy, or by a spouse’s subsidy', () => {
    expect(named(subsidyCancelled)).toBe(true);
    expect(named(livingSubsidyInstead)).toBe(true);
    expect(named(spouseHasSubsidy)).toBe(true);
    expect(named(subsidisedSpouse)).toBe(false);
  });

  it('never names a person dead on D, but names one who dies after D', () => {
    expect(named(diedOnD)).toBe(false);
    expect(named(diesAfterD)).toBe(true);
  });
});
