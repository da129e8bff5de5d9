// G4 POOR_DISABLED_WITHOUT_LIVING_SUBSIDY (RULES.md): a living person with any
// disability grade, covered by DIBAO on D, not the beneficiary of a TEKUN
// covering D, with no DISABILITY_LIVING_SUBSIDY covering D.
import { g4PoorDisabledWithoutLivingSubsidy as G4 } from '../../src/detection/gaps/g4PoorDisabledWithoutLivingSubsidy';
import type { RuleRow } from '../../src/detection/types';
import { D, Fixture, JINJIANG, openRuleDatabase, personsNamed, type RuleDatabase } from './gapFixtures';

const f = new Fixture();
const disabled = (grade: number | null, fields: Record<string, unknown> = {}) =>
  f.person('1990-01-01', { disabilityGrade: grade, disabilityType: grade === null ? null : 'VISUAL', ...fields });
const livingSubsidy = (id: string, fields: Record<string, unknown> = {}) =>
  f.record('DISABILITY_LIVING_SUBSIDY', id, { amount: '80.00', ...fields });
/** A disabled person in a household on 低保. */
function poorDisabled(grade: number | null = 3, dibaoFields: Record<string, unknown> = {}) {
  const id = disabled(grade);
  return { id, ...f.onDibao(id, dibaoFields) };
}

const found = poorDisabled(3);
const gradeFour = poorDisabled(4);
const gradeOne = poorDisabled(1);
const noGrade = poorDisabled(null);

const notOnDibao = disabled(3);
f.household([f.person('1966-06-06'), notOnDibao]);
const dibaoEndedYesterday = poorDisabled(3, { endDate: '2026-06-29', status: 'ENDED' });
const dibaoCancelled = poorDisabled(3, { status: 'CANCELLED' });
const leftHousehold = disabled(3);
const stayingHead = f.person('1967-07-07');
const leftHome = f.household([stayingHead, leftHousehold]);
f.dibao(leftHome);
f.household([stayingHead], {}, leftHome);
const tekunOnly = disabled(3);
f.record('TEKUN', tekunOnly);

const alsoTekun = poorDisabled(3);
f.record('TEKUN', alsoTekun.id);
const tekunEndedYesterday = poorDisabled(3);
f.record('TEKUN', tekunEndedYesterday.id, { endDate: '2026-06-29', status: 'ENDED' });
const tekunCancelled = poorDisabled(3);
f.record('TEKUN', tekunCancelled.id, { status: 'CANCELLED' });

const subsidyCoversD = poorDisabled(3);
livingSubsidy(subsidyCoversD.id, { startDate: D });
const subsidyEndedYesterday = poorDisabled(3);
livingSubsidy(subsidyEndedYesterday.id, { endDate: '2026-06-29', status: 'ENDED' });
const subsidyCancelled = poorDisabled(3);
livingSubsidy(subsidyCancelled.id, { status: 'CANCELLED' });
const nursingInstead = poorDisabled(2);
f.record('DISABILITY_NURSING_SUBSIDY', nursingInstead.id);

const diedOnD = poorDisabled(3);
f.add({ type: 'person', idNumber: diedOnD.id, deathDate: D });

let db: RuleDatabase;
let rows: RuleRow[];
const named = (id: string) => personsNamed(rows).includes(db.keyOf(id));

beforeAll(async () => {
  db = await openRuleDatabase(f);
  rows = await db.run(G4);
});
afterAll(() => db.drop());

describe('G4 POOR_DISABLED_WITHOUT_LIVING_SUBSIDY', () => {
  it('names exactly the disabled people on 低保 without the living subsidy', () => {
    const expected = [found, gradeFour, gradeOne, tekunEndedYesterday, tekunCancelled, subsidyEndedYesterday, subsidyCancelled,
      nursingInstead].map((p) => p.id);
    expect([...personsNamed(rows)].sort()).toEqual(expected.map(db.keyOf).sort());
  });

  it('gives the finding row: the 低保 household and record, the living subsidy of the disabled persons’ federation', () => {
    expect(rows.find((r) => r.person_key === db.keyOf(found.id))).toEqual({
      person_key: db.keyOf(found.id),
      household_source_id: found.household,
      region_code: JINJIANG,
      region_codes: [JINJIANG],
      area: null,
      records: [found.dibao],
      overpayment: null,
      suggested_programs: ['DISABILITY_LIVING_SUBSIDY'],
      departments: ['DISABLED_PERSONS_FEDERATION'],
    });
  });

  it('takes any disability grade (1 to 4), not a person without one', () => {
    expect(named(gradeOne.id)).toBe(true);
    expect(named(gradeFour.id)).toBe(true);
    expect(named(noGrade.id)).toBe(false);
  });

  it('needs 低保 covering D through a current listing; 特困 alone does not count', () => {
    expect(named(notOnDibao)).toBe(false);
    expect(named(dibaoEndedYesterday.id)).toBe(false);
    expect(named(dibaoCancelled.id)).toBe(false);
    expect(named(leftHousehold)).toBe(false);
    expect(named(tekunOnly)).toBe(false);
  });

  it('leaves out a 特困 beneficiary on D, but not one whose 特困 ended the day before or was cancelled', () => {
    expect(named(alsoTekun.id)).toBe(false);
    expect(named(tekunEndedYesterday.id)).toBe(true);
    expect(named(tekunCancelled.id)).toBe(true);
  });

  it('is closed by a living subsidy covering D (from D on), not one ended the day before, cancelled, or the nursing subsidy', () => {
    expect(named(subsidyCoversD.id)).toBe(false);
    expect(named(subsidyEndedYesterday.id)).toBe(true);
    expect(named(subsidyCancelled.id)).toBe(true);
    expect(named(nursingInstead.id)).toBe(true);
  });

  it('never names a person dead on D', () => {
    expect(named(found.id)).toBe(true);
    expect(named(diedOnD.id)).toBe(false);
  });
});
