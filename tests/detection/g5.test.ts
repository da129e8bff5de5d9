// G5 ZERO_EMPLOYMENT_HOUSEHOLD (RULES.md): a household whose own DIBAO covers D,
// with a living member aged 16-59, UNEMPLOYED, not enrolled and not grade 1/2
// disabled; no living member EMPLOYED; no living member with employment aid
// (HUMAN_RESOURCES) covering D or started in [D-365, D]. The finding names
// the household.
import { g5ZeroEmploymentHousehold as G5 } from '../../src/detection/gaps/g5ZeroEmploymentHousehold';
import type { RuleRow } from '../../src/detection/types';
import { D, Fixture, householdsNamed, JINJIANG, openRuleDatabase, QINGYANG, type RuleDatabase } from './gapFixtures';

const f = new Fixture();
const idle = (fields: Record<string, unknown> = {}, birth = '1990-01-01') =>
  f.person(birth, { employmentStatus: 'UNEMPLOYED', ...fields });
const retired = () => f.person('1950-01-01', { employmentStatus: 'NOT_IN_LABOUR_FORCE' });
/** A household on 低保 from 2026-01-01: a retired head and the given members. */
function onDibao(members: string[], dibaoFields: Record<string, unknown> = {}, householdFields: Record<string, unknown> = {}) {
  const head = retired();
  const household = f.household([head, ...members], householdFields);
  return { head, household, dibao: f.dibao(household, dibaoFields) };
}
const oneOff = (date: string) => ({ frequency: 'ONE_OFF', startDate: date, endDate: date });

const found = onDibao([idle(), f.person('2016-01-01', { schoolStage: 'PRIMARY' })], {}, { regionCode: QINGYANG });

// Ages 16 to 59 inclusive; a birthday on D counts.
const sixteenToday = onDibao([idle({}, '2010-06-30')]);
const sixteenTomorrow = onDibao([idle({}, '2010-07-01')]);
const fiftyNine = onDibao([idle({}, '1966-07-01')]);
const sixtyToday = onDibao([idle({}, '1966-06-30')]);

const onlyEnrolled = onDibao([idle({ schoolStage: 'VOCATIONAL' }, '2009-03-03')]);
const onlyGradeTwo = onDibao([idle({ disabilityGrade: 2, disabilityType: 'PHYSICAL' })]);
const gradeThree = onDibao([idle({ disabilityGrade: 3, disabilityType: 'PHYSICAL' })]);
const notInLabourForce = onDibao([f.person('1990-02-02', { employmentStatus: 'NOT_IN_LABOUR_FORCE' })]);
const onlyIdleIsDead = onDibao([idle({ deathDate: '2026-05-01' })]);

const someoneEmployed = onDibao([idle(), f.person('1988-08-08', { employmentStatus: 'EMPLOYED' })]);
const employedIsDead = onDibao([idle(), f.person('1988-08-09', { employmentStatus: 'EMPLOYED', deathDate: '2026-03-01' })]);

// Employment aid of any living member: covering D, recent, too old, cancelled, after D.
const idleWithJob = idle();
const jobCoversD = onDibao([idleWithJob]);
f.record('PUBLIC_WELFARE_JOB', idleWithJob, { amount: '1800.00' });
const retiredWithTraining = f.person('1960-03-03', { employmentStatus: 'NOT_IN_LABOUR_FORCE' });
const trainingRecentOnOtherMember = onDibao([idle(), retiredWithTraining]);
f.record('EMPLOYMENT_TRAINING', retiredWithTraining, { ...oneOff('2025-06-30') });
const idleTrainedTooLongAgo = idle();
const trainingTooOld = onDibao([idleTrainedTooLongAgo]);
f.record('EMPLOYMENT_TRAINING', idleTrainedTooLongAgo, { ...oneOff('2025-06-29') });
const idleWithCancelledJob = idle();
const jobCancelled = onDibao([idleWithCancelledJob]);
f.record('PUBLIC_WELFARE_JOB', idleWithCancelledJob, { status: 'CANCELLED' });
const idleWithFutureJob = idle();
const jobAfterD = onDibao([idleWithFutureJob]);
f.record('PUBLIC_WELFARE_JOB', idleWithFutureJob, { startDate: '2026-08-01' });

// The household's own 低保 must cover D.
const dibaoEndedYesterday = onDibao([idle()], { endDate: '2026-06-29', status: 'ENDED' });
const dibaoEndsOnD = onDibao([idle()], { endDate: D, status: 'ENDED' });
const dibaoCancelled = onDibao([idle()], { status: 'CANCELLED' });
const noDibao = f.household([retired(), idle()]);
// An idle person listed in two households: only the one on 低保 is named.
const listedTwice = idle();
const ownHouseholdWithoutDibao = f.household([listedTwice]);
const otherHouseholdOnDibao = onDibao([listedTwice]);
// The idle member has left the household on 低保.
const leaver = idle();
const left = onDibao([leaver]);
f.household([left.head], {}, left.household);

let db: RuleDatabase;
let rows: RuleRow[];
const named = (household: string) => householdsNamed(rows).includes(household);

beforeAll(async () => {
  db = await openRuleDatabase(f);
  rows = await db.run(G5);
});
afterAll(() => db.drop());

describe('G5 ZERO_EMPLOYMENT_HOUSEHOLD', () => {
  it('names exactly the 低保 households with an idle working-age member and no work or employment aid', () => {
    const expected = [found, sixteenToday, fiftyNine, gradeThree, employedIsDead, trainingTooOld, jobCancelled, jobAfterD,
      dibaoEndsOnD, otherHouseholdOnDibao].map((h) => h.household);
    expect([...householdsNamed(rows)].sort()).toEqual(expected.sort());
  });

  it('names the household, not a person: its region, its 低保 as evidence, public-welfare jobs and training', () => {
    expect(rows.find((r) => r.household_source_id === found.household)).toEqual({
      person_key: null,
      household_source_id: found.household,
      region_code: QINGYANG,
      region_codes: [JINJIANG, QINGYANG],
      area: null,
      records: [found.dibao],
      overpayment: null,
      suggested_programs: ['PUBLIC_WELFARE_JOB', 'EMPLOYMENT_TRAINING'],
      departments: ['HUMAN_RESOURCES'],
    });
  });

  it('counts a member who turns 16 on D, not one who turns 16 the day after', () => {
    expect(named(sixteenToday.household)).toBe(true);
    expect(named(sixteenTomorrow.household)).toBe(false);
  });

  it('counts a member aged 59, not one who turns 60 on D', () => {
    expect(named(fiftyNine.household)).toBe(true);
    expect(named(sixtyToday.household)).toBe(false);
  });

  it('does not count a member enrolled in school, disabled grade 2, or out of the labour force; grade 3 does count', () => {
    expect(named(onlyEnrolled.household)).toBe(false);
    expect(named(onlyGradeTwo.household)).toBe(false);
    expect(named(notInLabourForce.household)).toBe(false);
    expect(named(gradeThree.household)).toBe(true);
  });

  it('counts living members only: a dead idle member makes no finding, a dead employed member does not prevent one', () => {
    expect(named(onlyIdleIsDead.household)).toBe(false);
    expect(named(employedIsDead.household)).toBe(true);
  });

  it('leaves out a household with an employed member', () => {
    expect(named(someoneEmployed.household)).toBe(false);
  });

  it('is closed by employment aid of any member covering D or started 365 days before, not 366', () => {
    expect(named(jobCoversD.household)).toBe(false);
    expect(named(trainingRecentOnOtherMember.household)).toBe(false);
    expect(named(trainingTooOld.household)).toBe(true);
  });

  it('is not closed by cancelled employment aid or aid starting after D', () => {
    expect(named(jobCancelled.household)).toBe(true);
    expect(named(jobAfterD.household)).toBe(true);
  });

  it("needs the household's own 低保 covering D: ending on D counts, ended the day before or cancelled does not", () => {
    expect(named(dibaoEndsOnD.household)).toBe(true);
    expect(named(dibaoEndedYesterday.household)).toBe(false);
    expect(named(dibaoCancelled.household)).toBe(false);
    expect(named(noDibao)).toBe(false);
  });

  it('names only the household on 低保 of an idle person listed twice', () => {
    expect(named(otherHouseholdOnDibao.household)).toBe(true);
    expect(named(ownHouseholdWithoutDibao)).toBe(false);
  });

  it('does not count a member no longer on the household list', () => {
    expect(named(left.household)).toBe(false);
  });
});
