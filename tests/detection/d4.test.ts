// D4 HOUSING_DOUBLE (RULES.md): a PUBLIC_RENTAL record and a RENTAL_SUBSIDY
// record for the same household whose periods overlap. Every condition has a
// near miss next to a case that is found; one database for the file,
// D = 2026-06-30.
import type { RuleRow } from '../../src/detection/types';
import { d4HousingDouble as D4 } from '../../src/detection/duplicates/d4HousingDouble';
import type { TestDatabase } from '../helpers/database';
import { person } from '../ingest/builders';
import {
  COUNTY, OTHER_COUNTY, family, keyOf, loadedDatabase, record, rowFor, rowsNaming, runRule, sortedKeys, type Family,
} from './duplicateFixtures';

const D = '2026-06-30';

const housing = (program: 'PUBLIC_RENTAL' | 'RENTAL_SUBSIDY' | 'RURAL_HOUSING_RENOVATION', f: Family, fields: Record<string, unknown> = {}) =>
  record(program, f.head, { householdSourceId: f.sourceId, regionCode: f.household.regionCode, needCategory: 'HOUSING', ...fields });

// Found: moved into public rental housing in March; the subsidy (900.00 a quarter = 300.00 a month) ran on.
const moved = family();
const movedRental = housing('PUBLIC_RENTAL', moved, { amount: '350.00', startDate: '2026-03-01' });
const movedSubsidy = housing('RENTAL_SUBSIDY', moved, { amount: '900.00', frequency: 'QUARTERLY', startDate: '2025-10-01' });

// Found, naming the household's head today: the household was re-sent with the spouse as head.
const newHead = family();
const newHeadLater = {
  ...newHead.household,
  members: [
    { idNumber: newHead.spouse, relation: 'HEAD' },
    { idNumber: newHead.child, relation: 'CHILD' },
  ],
};
const newHeadRental = housing('PUBLIC_RENTAL', newHead, { startDate: '2026-05-01' });
const newHeadSubsidy = housing('RENTAL_SUBSIDY', newHead, { amount: '400.00' });

// Near misses.
const rentalOnly = family();
const subsidyOnly = family({ regionCode: OTHER_COUNTY });
const otherRental = housing('PUBLIC_RENTAL', rentalOnly);
const otherSubsidy = housing('RENTAL_SUBSIDY', subsidyOnly); // another household
const adjacent = family();
const adjacentSubsidy = housing('RENTAL_SUBSIDY', adjacent, { endDate: '2026-02-28', status: 'ENDED' });
const adjacentRental = housing('PUBLIC_RENTAL', adjacent, { startDate: '2026-03-01' });
const oneDay = family();
const oneDaySubsidy = housing('RENTAL_SUBSIDY', oneDay, { amount: '450.00', endDate: '2026-03-01', status: 'ENDED' });
const oneDayRental = housing('PUBLIC_RENTAL', oneDay, { amount: '500.00', startDate: '2026-03-01' });
const cancelled = family();
const cancelledSubsidy = housing('RENTAL_SUBSIDY', cancelled, { status: 'CANCELLED' });
const cancelledRental = housing('PUBLIC_RENTAL', cancelled);
const renovated = family();
const renovation = housing('RURAL_HOUSING_RENOVATION', renovated, { amount: '20000.00', frequency: 'ONE_OFF', startDate: '2026-04-01', endDate: '2026-04-01' });
const renovatedSubsidy = housing('RENTAL_SUBSIDY', renovated); // renovation is not public rental

// An allocation from 1 September, after D: a finding, nothing paid twice yet.
const future = family();
const futureRental = housing('PUBLIC_RENTAL', future, { startDate: '2026-09-01' });
const futureSubsidy = housing('RENTAL_SUBSIDY', future);

let test: TestDatabase;
let rows: RuleRow[];

beforeAll(async () => {
  test = await loadedDatabase([
    person(moved.head, { residenceRegionCode: OTHER_COUNTY }),
    ...[moved, newHead, rentalOnly, subsidyOnly, adjacent, oneDay, cancelled, renovated, future].map((f) => f.household),
    movedRental, movedSubsidy, newHeadRental, newHeadSubsidy, newHeadLater, otherRental, otherSubsidy, adjacentSubsidy, adjacentRental,
    oneDaySubsidy, oneDayRental, cancelledSubsidy, cancelledRental, renovation, renovatedSubsidy, futureRental, futureSubsidy,
  ]);
  rows = await runRule(test, D4, D);
});
afterAll(() => test.drop());

describe('D4 HOUSING_DOUBLE', () => {
  it('finds public rental and the rental subsidy of one household overlapping: the head, the household, both records', () => {
    expect(rowFor(rows, movedRental, movedSubsidy)).toEqual({
      person_key: keyOf(test, moved.head),
      household_source_id: moved.sourceId,
      region_code: COUNTY,
      region_codes: [COUNTY, OTHER_COUNTY],
      area: null,
      records: sortedKeys(movedRental, movedSubsidy),
      // 900.00 a quarter = 300.00 a month (smaller than 350.00) x March to June
      overpayment: '1200.00',
      suggested_programs: [],
      departments: ['HOUSING'],
    });
  });

  it('names the household\'s current head, not the head the records were sent for', () => {
    expect(rowFor(rows, newHeadRental, newHeadSubsidy)).toMatchObject({
      person_key: keyOf(test, newHead.spouse),
      household_source_id: newHead.sourceId,
      overpayment: '800.00', // 400.00 x May and June
    });
  });

  it('public rental in one household and a subsidy in another are not a finding', () => {
    expect(rowsNaming(rows, otherRental)).toEqual([]);
    expect(rowsNaming(rows, otherSubsidy)).toEqual([]);
  });

  it('periods are inclusive: a subsidy ending 28 February does not overlap rental from 1 March; one ending 1 March does', () => {
    expect(rowsNaming(rows, adjacentRental)).toEqual([]);
    expect(rowFor(rows, oneDaySubsidy, oneDayRental)?.overpayment).toBe('450.00');
  });

  it('a CANCELLED subsidy never counts', () => {
    expect(rowsNaming(rows, cancelledRental)).toEqual([]);
  });

  it('rural housing renovation is not public rental', () => {
    expect(rowsNaming(rows, renovatedSubsidy)).toEqual([]);
    expect(rowsNaming(rows, renovation)).toEqual([]);
  });

  it('an allocation starting after D is still a finding, with overpayment 0.00', () => {
    expect(rowFor(rows, futureRental, futureSubsidy)?.overpayment).toBe('0.00');
  });

  it('finds exactly the expected pairs, each once', () => {
    const expected = [[movedRental, movedSubsidy], [newHeadRental, newHeadSubsidy], [oneDaySubsidy, oneDayRental], [futureRental, futureSubsidy]];
    expect(rows.map((r) => r.records.join(' ')).sort()).toEqual(expected.map((pair) => sortedKeys(...pair).join(' ')).sort());
  });
});
