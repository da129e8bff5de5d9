// D1 EXCLUSIVE_BASIC_LIVING (RULES.md): a person covered by a DIBAO record
// (on its household's current member list) and the beneficiary of a TEKUN
// record whose period overlaps it. Every condition has a near miss next to a
// case that is found; one database for the file, D = 2026-06-30.
import type { RuleRow } from '../../src/detection/types';
import { d1ExclusiveBasicLiving as D1 } from '../../src/detection/duplicates/d1ExclusiveBasicLiving';
import type { TestDatabase } from '../helpers/database';
import { person } from '../ingest/builders';
import {
  OTHER_COUNTY, dibaoFor, family, keyOf, loadedDatabase, record, rowFor, rowsNaming, runRule, sortedKeys,
} from './duplicateFixtures';

const D = '2026-06-30';

// Found: an old parent in a 低保 household, on 特困 from mid-March; lives in another county.
const found = family();
const foundDibao = dibaoFor(found);
const foundTekun = record('TEKUN', found.parent, { amount: '800.00', startDate: '2026-03-15' });

// Periods: the 低保 ends on 31 March, 特困 starts on 1 April (no common day) ...
const adjacent = family();
const adjacentDibao = dibaoFor(adjacent, { endDate: '2026-03-31', status: 'ENDED' });
const adjacentTekun = record('TEKUN', adjacent.parent, { startDate: '2026-04-01' });
// ... and the 低保 ends on 1 April, the day 特困 starts: one common day, one month.
const oneDay = family();
const oneDayDibao = dibaoFor(oneDay, { endDate: '2026-04-01', status: 'ENDED' });
const oneDayTekun = record('TEKUN', oneDay.parent, { amount: '900.00', startDate: '2026-04-01' });

// CANCELLED never counts, on either side.
const cancelledTekunFamily = family();
const cancelledTekunDibao = dibaoFor(cancelledTekunFamily);
const cancelledTekun = record('TEKUN', cancelledTekunFamily.parent, { status: 'CANCELLED' });
const cancelledDibaoFamily = family();
const cancelledDibao = dibaoFor(cancelledDibaoFamily, { status: 'CANCELLED' });
const tekunBesideCancelled = record('TEKUN', cancelledDibaoFamily.parent);

// Another person: 特困 for someone on no 低保 household's list.
const outsider = family();
const outsiderDibao = dibaoFor(outsider);
const stranger = family();
const strangerTekun = record('TEKUN', stranger.parent);

// No longer on the member list: the household was re-sent without the parent.
const leftFamily = family();
const leftFamilyAfter = {
  ...leftFamily.household,
  members: (leftFamily.household.members as { relation: string }[]).filter((m) => m.relation !== 'PARENT'),
};
const leftDibao = dibaoFor(leftFamily);
const leftTekun = record('TEKUN', leftFamily.parent);

// Overlap starting after D: a finding still (it can be stopped), nothing paid yet.
const future = family();
const futureDibao = dibaoFor(future);
const futureTekun = record('TEKUN', future.parent, { startDate: '2026-08-01' });

// Arithmetic: annual 特困 1000.06 over three months is 250.015 exactly, rounded half up;
// a ONE_OFF 低保 payment counts with its whole amount, in its one month.
const annual = family();
const annualDibao = dibaoFor(annual);
const annualTekun = record('TEKUN', annual.parent, { amount: '1000.06', frequency: 'ANNUAL', startDate: '2026-04-10', endDate: '2026-12-31' });
const oneOff = family();
const oneOffDibao = dibaoFor(oneOff, { amount: '300.00', frequency: 'ONE_OFF', startDate: '2026-02-10', endDate: '2026-02-10' });
const oneOffTekun = record('TEKUN', oneOff.parent, { amount: '800.00' });

let test: TestDatabase;
let rows: RuleRow[];

beforeAll(async () => {
  test = await loadedDatabase([
    person(found.parent, { residenceRegionCode: OTHER_COUNTY }),
    ...[found, adjacent, oneDay, cancelledTekunFamily, cancelledDibaoFamily, outsider, stranger, leftFamily, future, annual, oneOff].map(
      (f) => f.household,
    ),
    leftFamilyAfter,
    foundDibao, foundTekun, adjacentDibao, adjacentTekun, oneDayDibao, oneDayTekun, cancelledTekunDibao, cancelledTekun,
    cancelledDibao, tekunBesideCancelled, outsiderDibao, strangerTekun, leftDibao, leftTekun, futureDibao, futureTekun,
    annualDibao, annualTekun, oneOffDibao, oneOffTekun,
  ]);
  rows = await runRule(test, D1, D);
});
afterAll(() => test.drop());

describe('D1 EXCLUSIVE_BASIC_LIVING', () => {
  it('finds a parent on a 低保 household\'s list who is also 特困: one row naming the person, the DIBAO household, both records', () => {
    expect(rowFor(rows, foundDibao, foundTekun)).toEqual({
      person_key: keyOf(test, found.parent),
      household_source_id: found.sourceId,
      region_code: '510104',
      region_codes: ['510104', OTHER_COUNTY],
      area: null,
      records: sortedKeys(foundDibao, foundTekun),
      // 800.00 (the smaller monthly amount) x March to June (4 months touched up to D)
      overpayment: '3200.00',
      suggested_programs: [],
      departments: ['CIVIL_AFFAIRS'],
    });
  });

  it('periods are inclusive: an end on 31 March and a start on 1 April do not overlap; an end on 1 April does (one month)', () => {
    expect(rowsNaming(rows, adjacentTekun)).toEqual([]);
    expect(rowFor(rows, oneDayDibao, oneDayTekun)?.overpayment).toBe('900.00');
  });

  it('a CANCELLED TEKUN or a CANCELLED DIBAO never counts, while the same pair without it is found', () => {
    expect(rowsNaming(rows, cancelledTekun)).toEqual([]);
    expect(rowsNaming(rows, cancelledDibao)).toEqual([]);
    expect(rowsNaming(rows, tekunBesideCancelled)).toEqual([]);
    expect(rowFor(rows, foundDibao, foundTekun)).toBeDefined();
  });

  it('another person\'s TEKUN is not a finding against a DIBAO that does not cover them', () => {
    expect(rowsNaming(rows, outsiderDibao)).toEqual([]);
    expect(rowsNaming(rows, strangerTekun)).toEqual([]);
  });

  it('a person no longer on the household\'s member list is not covered by its DIBAO', () => {
    expect(rowsNaming(rows, leftTekun)).toEqual([]);
    expect(rowsNaming(rows, leftDibao)).toEqual([]);
  });

  it('an overlap starting after D is still a finding, with overpayment 0.00', () => {
    expect(rowFor(rows, futureDibao, futureTekun)).toMatchObject({ person_key: keyOf(test, future.parent), overpayment: '0.00' });
  });

  it('prices exactly: annual 1000.06 / 12 x 3 months = 250.015, rounded half up to 250.02', () => {
    expect(rowFor(rows, annualDibao, annualTekun)?.overpayment).toBe('250.02');
  });

  it('a ONE_OFF DIBAO payment is priced at its whole amount, once (the smaller than 800.00 a month)', () => {
    expect(rowFor(rows, oneOffDibao, oneOffTekun)?.overpayment).toBe('300.00');
  });

  it('finds exactly the expected pairs, each once', () => {
    expect(rows.map((r) => r.records.join(' ')).sort()).toEqual(
      [
        [foundDibao, foundTekun], [oneDayDibao, oneDayTekun], [futureDibao, futureTekun],
        [annualDibao, annualTekun], [oneOffDibao, oneOffTekun],
      ].map((pair) => sortedKeys(...pair).join(' ')).sort(),
    );
  });
});
