// D5 DISABILITY_SUBSIDY_WHILE_TEKUN (RULES.md): a DISABILITY_LIVING_SUBSIDY
// record and a TEKUN record with the same beneficiary whose periods overlap
// (the nursing subsidy is allowed). Every condition has a near miss next to a
// case that is found; one database for the file, D = 2026-06-30.
import type { RuleRow } from '../../src/detection/types';
import { d5DisabilitySubsidyWhileTekun as D5 } from '../../src/detection/duplicates/d5DisabilitySubsidyWhileTekun';
import type { TestDatabase } from '../helpers/database';
import { person } from '../ingest/builders';
import {
  COUNTY, OTHER_COUNTY, idNumber, keyOf, loadedDatabase, record, rowFor, rowsNaming, runRule, sortedKeys,
} from './duplicateFixtures';

const D = '2026-06-30';
const CARE = { needCategory: 'DISABILITY_CARE' };

// Found: 特困 from February, the living subsidy never stopped.
const supported = idNumber({ birth: '19580101' });
const tekun = record('TEKUN', supported, { amount: '900.00', startDate: '2026-02-01' });
const living = record('DISABILITY_LIVING_SUBSIDY', supported, { amount: '100.00', startDate: '2025-06-01', regionCode: OTHER_COUNTY, ...CARE });

// Found: a quarterly subsidy, 250.00 / 3 x 4 months = 333.333..., rounded to 333.33.
const quarterly = idNumber({ birth: '19590202' });
const quarterlyTekun = record('TEKUN', quarterly, { startDate: '2026-03-01' });
const quarterlyLiving = record('DISABILITY_LIVING_SUBSIDY', quarterly, { amount: '250.00', frequency: 'QUARTERLY', ...CARE });

// Near misses.
const nursed = idNumber({ birth: '19600303' });
const nursedTekun = record('TEKUN', nursed);
const nursing = record('DISABILITY_NURSING_SUBSIDY', nursed, CARE); // the nursing subsidy is allowed
const neighbour = idNumber({ birth: '19610404' });
const neighbourLiving = record('DISABILITY_LIVING_SUBSIDY', neighbour, CARE); // another beneficiary than any 特困
const adjacent = idNumber({ birth: '19620505' });
const adjacentLiving = record('DISABILITY_LIVING_SUBSIDY', adjacent, { endDate: '2026-01-31', status: 'ENDED', ...CARE });
const adjacentTekun = record('TEKUN', adjacent, { startDate: '2026-02-01' });
const oneDay = idNumber({ birth: '19630606' });
const oneDayLiving = record('DISABILITY_LIVING_SUBSIDY', oneDay, { amount: '120.00', endDate: '2026-02-01', status: 'ENDED', ...CARE });
const oneDayTekun = record('TEKUN', oneDay, { startDate: '2026-02-01' });
const cancelled = idNumber({ birth: '19640707' });
const cancelledTekun = record('TEKUN', cancelled, { status: 'CANCELLED' });
const cancelledLiving = record('DISABILITY_LIVING_SUBSIDY', cancelled, CARE);

// 特困 approved from 1 August, after D: a finding, the subsidy can still be stopped in time.
const future = idNumber({ birth: '19650808' });
const futureTekun = record('TEKUN', future, { startDate: '2026-08-01' });
const futureLiving = record('DISABILITY_LIVING_SUBSIDY', future, CARE);

let test: TestDatabase;
let rows: RuleRow[];

beforeAll(async () => {
  test = await loadedDatabase([
    person(supported, { residenceRegionCode: COUNTY, disabilityGrade: 2, disabilityType: 'PHYSICAL' }),
    tekun, living, quarterlyTekun, quarterlyLiving, nursedTekun, nursing, neighbourLiving, adjacentLiving, adjacentTekun,
    oneDayLiving, oneDayTekun, cancelledTekun, cancelledLiving, futureTekun, futureLiving,
  ]);
  rows = await runRule(test, D5, D);
});
afterAll(() => test.drop());

describe('D5 DISABILITY_SUBSIDY_WHILE_TEKUN', () => {
  it('finds the living subsidy running on under 特困: the person, no household, both records and departments', () => {
    expect(rowFor(rows, tekun, living)).toEqual({
      person_key: keyOf(test, supported),
      household_source_id: null,
      region_code: COUNTY, // the first record by key: CIVIL_AFFAIRS:… (特困)
      region_codes: [COUNTY, OTHER_COUNTY],
      area: null,
      records: sortedKeys(tekun, living),
      overpayment: '500.00', // 100.00 (the smaller) x February to June
      suggested_programs: [],
      departments: ['CIVIL_AFFAIRS', 'DISABLED_PERSONS_FEDERATION'],
    });
  });

  it('prices a quarterly subsidy by its monthly equivalent: 250.00 / 3 x 4 months = 333.33', () => {
    expect(rowFor(rows, quarterlyTekun, quarterlyLiving)?.overpayment).toBe('333.33');
  });

  it('the nursing subsidy under 特困 is allowed', () => {
    expect(rowsNaming(rows, nursing)).toEqual([]);
    expect(rowsNaming(rows, nursedTekun)).toEqual([]);
  });

  it('a living subsidy of someone who is not 特困 is not a finding', () => {
    expect(rowsNaming(rows, neighbourLiving)).toEqual([]);
  });

  it('periods are inclusive: ending 31 January does not overlap 特困 from 1 February; ending 1 February does', () => {
    expect(rowsNaming(rows, adjacentLiving)).toEqual([]);
    expect(rowFor(rows, oneDayLiving, oneDayTekun)?.overpayment).toBe('120.00');
  });

  it('a CANCELLED 特困 never counts', () => {
    expect(rowsNaming(rows, cancelledLiving)).toEqual([]);
  });

  it('特困 starting after D is still a finding, with overpayment 0.00', () => {
    expect(rowFor(rows, futureTekun, futureLiving)?.overpayment).toBe('0.00');
  });

  it('finds exactly the expected pairs, each once', () => {
    const expected = [[tekun, living], [quarterlyTekun, quarterlyLiving], [oneDayLiving, oneDayTekun], [futureTekun, futureLiving]];
    expect(rows.map((r) => r.records.join(' ')).sort()).toEqual(expected.map((pair) => sortedKeys(...pair).join(' ')).sort());
  });
});
