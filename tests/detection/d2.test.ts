// D2 SAME_PROGRAM_TWICE (RULES.md): two distinct counting records of the same
// program (not TEMPORARY, not CHARITY_GRANT, neither a ONE_OFF) that cover the
// same person on a common day. Every condition has a near miss next to a case
// that is found; one database for the file, D = 2026-06-30.
import type { RuleRow } from '../../src/detection/types';
import { d2SameProgramTwice as D2 } from '../../src/detection/duplicates/d2SameProgramTwice';
import type { TestDatabase } from '../helpers/database';
import { household, person } from '../ingest/builders';
import {
  COUNTY, OTHER_COUNTY, dibaoFor, family, idNumber, keyOf, loadedDatabase, record, rowFor, rowsNaming, runRule, sortedKeys,
  type RecordObject,
} from './duplicateFixtures';

const D = '2026-06-30';

// 低保 in two counties: the head of a household here is listed as a parent by
// a household in the other county, and both households draw 低保.
const twoCounties = family();
const elsewhere = household(
  [{ idNumber: idNumber({ birth: '19700101' }), relation: 'HEAD' }, { idNumber: twoCounties.head, relation: 'PARENT' }],
  { sourceId: 'HH-510105-D2-0001', regionCode: OTHER_COUNTY },
);
const elsewhereHead = (elsewhere.members as { idNumber: string }[])[0]!.idNumber;
const hereDibao = dibaoFor(twoCounties);
const elsewhereDibao = record('DIBAO', elsewhereHead, {
  householdSourceId: elsewhere.sourceId, regionCode: OTHER_COUNTY, amount: '700.00', startDate: '2026-02-15',
});

// A person-level program twice: two term grants for one child; 750.01 / 6 x 3 months = 375.005.
const pupil = idNumber({ birth: '20120901' });
const grantA = record('EDU_GRANT', pupil, { amount: '750.01', frequency: 'PER_TERM', startDate: '2026-03-01', endDate: '2026-07-10', needCategory: 'EDUCATION' });
const grantB = record('EDU_GRANT', pupil, { amount: '900.00', frequency: 'PER_TERM', startDate: '2026-04-01', endDate: '2026-08-31', needCategory: 'EDUCATION' });

// Near misses, each beside what would be found without its difference.
const other = idNumber({ birth: '20110505' });
const grant = record('EDU_GRANT', other, { needCategory: 'EDUCATION' });
const feeWaiver = record('EDU_FEE_WAIVER', other, { needCategory: 'EDUCATION' }); // another program
const otherChild = idNumber({ birth: '20110606' });
const otherChildGrant = record('EDU_GRANT', otherChild, { needCategory: 'EDUCATION' }); // another person

const temporaryPerson = idNumber({ birth: '19600101' });
const temporaryA = record('TEMPORARY', temporaryPerson, { startDate: '2026-02-01', endDate: '2026-04-30', needCategory: 'EMERGENCY' });
const temporaryB = record('TEMPORARY', temporaryPerson, { startDate: '2026-03-01', endDate: '2026-05-31', needCategory: 'EMERGENCY' });

const CHARITY_PROGRAM = {
  type: 'charityProgram', code: 'D2-TEST-FUND', name: '测试基金', organization: 'D2-ORG', needCategory: 'LIVING',
  regionCodes: ['51'], budget: '100000.00', startDate: '2026-01-01', endDate: '2026-12-31',
};
const charityPerson = idNumber({ birth: '19620202' });
const charityA = record('CHARITY_GRANT', charityPerson, { charityProgramCode: 'D2-TEST-FUND' });
const charityB = record('CHARITY_GRANT', charityPerson, { charityProgramCode: 'D2-TEST-FUND', startDate: '2026-02-01' });

const deviceUser = idNumber({ birth: '19550303' });
const oneOffA = record('ASSISTIVE_DEVICE', deviceUser, { amount: '1200.00', frequency: 'ONE_OFF', startDate: '2026-05-10', endDate: '2026-05-10', needCategory: 'DISABILITY_CARE' });
const oneOffB = record('ASSISTIVE_DEVICE', deviceUser, { amount: '1200.00', frequency: 'ONE_OFF', startDate: '2026-05-10', endDate: '2026-05-10', needCategory: 'DISABILITY_CARE' });
const streamPupil = idNumber({ birth: '20100707' });
const termGrant = record('EDU_GRANT', streamPupil, { frequency: 'PER_TERM', startDate: '2026-03-01', endDate: '2026-07-10', needCategory: 'EDUCATION' });
const oneOffGrant = record('EDU_GRANT', streamPupil, { frequency: 'ONE_OFF', startDate: '2026-04-20', endDate: '2026-04-20', needCategory: 'EDUCATION' });

const nursed = idNumber({ birth: '19500404' });
const nursing = record('DISABILITY_NURSING_SUBSIDY', nursed, { needCategory: 'DISABILITY_CARE' });
const nursingCancelled = record('DISABILITY_NURSING_SUBSIDY', nursed, { status: 'CANCELLED', needCategory: 'DISABILITY_CARE' });

// Periods: ends 31 March / starts 1 April (no common day); ends 1 April / starts 1 April (one).
const adjacentPerson = idNumber({ birth: '19520505' });
const adjacentA = record('PRICE_SUBSIDY', adjacentPerson, { endDate: '2026-03-31', status: 'ENDED' });
const adjacentB = record('PRICE_SUBSIDY', adjacentPerson, { startDate: '2026-04-01' });
const oneDayPerson = idNumber({ birth: '19520606' });
const oneDayA = record('PRICE_SUBSIDY', oneDayPerson, { amount: '150.00', endDate: '2026-04-01', status: 'ENDED' });
const oneDayB = record('PRICE_SUBSIDY', oneDayPerson, { amount: '120.00', startDate: '2026-04-01' });

// A person no longer listed by the second household: its 低保 no longer covers them.
const moved = family();
const formerHome = household(
  [{ idNumber: idNumber({ birth: '19720101' }), relation: 'HEAD' }, { idNumber: moved.head, relation: 'SIBLING' }],
  { sourceId: 'HH-510105-D2-0002', regionCode: OTHER_COUNTY },
);
const formerHomeNow = { ...formerHome, members: (formerHome.members as unknown[]).slice(0, 1) };
const movedDibao = dibaoFor(moved);
const formerHomeDibao = record('DIBAO', (formerHome.members as { idNumber: string }[])[0]!.idNumber, {
  householdSourceId: formerHome.sourceId, regionCode: OTHER_COUNTY,
});

// Registered twice for one household: one finding for the pair, naming the head, not one per member.
const twice = family();
const twiceA = dibaoFor(twice);
const twiceB = dibaoFor(twice, { amount: '1100.00', startDate: '2026-05-01' });

// A second registration starting after D: a finding, nothing paid yet.
const laterPerson = idNumber({ birth: '19480808' });
const nursingNow = record('DISABILITY_NURSING_SUBSIDY', laterPerson, { needCategory: 'DISABILITY_CARE' });
const nursingLater = record('DISABILITY_NURSING_SUBSIDY', laterPerson, { startDate: '2026-09-01', needCategory: 'DISABILITY_CARE' });

let test: TestDatabase;
let rows: RuleRow[];

beforeAll(async () => {
  test = await loadedDatabase([
    person(twoCounties.head, { residenceRegionCode: COUNTY }),
    twoCounties.household, elsewhere, moved.household, formerHome, formerHomeNow, twice.household,
    CHARITY_PROGRAM,
    hereDibao, elsewhereDibao, grantA, grantB, grant, feeWaiver, otherChildGrant, temporaryA, temporaryB, charityA, charityB,
    oneOffA, oneOffB, termGrant, oneOffGrant, nursing, nursingCancelled, adjacentA, adjacentB, oneDayA, oneDayB,
    movedDibao, formerHomeDibao, twiceA, twiceB, nursingNow, nursingLater,
  ]);
  rows = await runRule(test, D2, D);
});
afterAll(() => test.drop());

const firstByKey = (a: RecordObject, b: RecordObject) => (sortedKeys(a, b)[0] === sortedKeys(a)[0] ? a : b);

describe('D2 SAME_PROGRAM_TWICE', () => {
  it('finds 低保 drawn in two counties through two household listings: the person, the first DIBAO\'s household, both counties', () => {
    const first = firstByKey(hereDibao, elsewhereDibao);
    expect(rowFor(rows, hereDibao, elsewhereDibao)).toEqual({
      person_key: keyOf(test, twoCounties.head),
      household_source_id: first.householdSourceId,
      region_code: first.regionCode,
      region_codes: [COUNTY, OTHER_COUNTY],
      area: null,
      records: sortedKeys(hereDibao, elsewhereDibao),
      // 700.00 (the smaller) x February to June (5 months touched up to D)
      overpayment: '3500.00',
      suggested_programs: [],
      departments: ['CIVIL_AFFAIRS'],
    });
  });

  it('finds a person-level program twice, priced exactly: 750.01 / 6 x 3 months = 375.005, rounded half up', () => {
    expect(rowFor(rows, grantA, grantB)).toEqual({
      person_key: keyOf(test, pupil),
      household_source_id: null,
      region_code: COUNTY,
      region_codes: [COUNTY],
      area: null,
      records: sortedKeys(grantA, grantB),
      overpayment: '375.01',
      suggested_programs: [],
      departments: ['EDUCATION'],
    });
  });

  it('two different programs, or the same program for two people, are not a finding', () => {
    expect(rowsNaming(rows, feeWaiver)).toEqual([]);
    expect(rowsNaming(rows, grant)).toEqual([]);
    expect(rowsNaming(rows, otherChildGrant)).toEqual([]);
  });

  it('leaves out TEMPORARY and CHARITY_GRANT, however they overlap', () => {
    expect(rowsNaming(rows, temporaryA)).toEqual([]);
    expect(rowsNaming(rows, charityA)).toEqual([]);
  });

  it('leaves out ONE_OFF records: two on the same day, or one inside a stream of the same program', () => {
    expect(rowsNaming(rows, oneOffA)).toEqual([]);
    expect(rowsNaming(rows, oneOffGrant)).toEqual([]);
    expect(rowsNaming(rows, termGrant)).toEqual([]);
  });

  it('a CANCELLED second registration never counts', () => {
    expect(rowsNaming(rows, nursingCancelled)).toEqual([]);
    expect(rowsNaming(rows, nursing)).toEqual([]);
  });

  it('periods are inclusive: 31 March then 1 April share no day; ending on 1 April shares one (one month at 120.00)', () => {
    expect(rowsNaming(rows, adjacentA)).toEqual([]);
    expect(rowFor(rows, oneDayA, oneDayB)?.overpayment).toBe('120.00');
  });

  it('a person no longer on the second household\'s list is not covered by its 低保', () => {
    expect(rowsNaming(rows, formerHomeDibao)).toEqual([]);
    expect(rowsNaming(rows, movedDibao)).toEqual([]);
  });

  it('one household registered twice is one finding for the pair, naming the head (the beneficiary)', () => {
    expect(rowFor(rows, twiceA, twiceB)).toMatchObject({
      person_key: keyOf(test, twice.head),
      household_source_id: twice.sourceId,
      overpayment: '2200.00', // 1100.00 x May and June
    });
  });

  it('a second registration starting after D is a finding with overpayment 0.00', () => {
    expect(rowFor(rows, nursingNow, nursingLater)?.overpayment).toBe('0.00');
  });

  it('finds exactly the expected pairs, each once', () => {
    const expected = [[hereDibao, elsewhereDibao], [grantA, grantB], [oneDayA, oneDayB], [twiceA, twiceB], [nursingNow, nursingLater]];
    expect(rows.map((r) => r.records.join(' ')).sort()).toEqual(expected.map((pair) => sortedKeys(...pair).join(' ')).sort());
  });
});
