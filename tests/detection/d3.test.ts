// D3 SAME_EVENT_OVER_COVERAGE (RULES.md): two or more counting records (two
// distinct record keys at least) with the same beneficiary and the same
// non-null eventRef, at least one with an expenseBasis, paying more in total
// than the largest expense basis. Every condition has a near miss next to a
// case that is found; one database for the file, D = 2026-06-30.
import type { RuleRow } from '../../src/detection/types';
import { d3SameEventOverCoverage as D3 } from '../../src/detection/duplicates/d3SameEventOverCoverage';
import type { TestDatabase } from '../helpers/database';
import {
  COUNTY, OTHER_COUNTY, idNumber, keyOf, loadedDatabase, record, rowFor, rowsNaming, runRule, sortedKeys,
} from './duplicateFixtures';

const D = '2026-06-30';
const FUND = {
  type: 'charityProgram', code: 'D3-MEDICAL-FUND', name: '大病救助基金', organization: 'D3-ORG', needCategory: 'MEDICAL',
  regionCodes: ['51'], budget: '500000.00', startDate: '2026-01-01', endDate: '2026-12-31',
};

/** A ONE_OFF payment for a bill (eventRef), by medical assistance unless fields say otherwise. */
const payment = (beneficiary: string, eventRef: string | null, amount: string, expenseBasis: string | null, fields: Record<string, unknown> = {}) =>
  record('MEDICAL_ASSISTANCE', beneficiary, {
    amount, expenseBasis, eventRef, frequency: 'ONE_OFF', startDate: '2026-03-10', endDate: '2026-03-10', needCategory: 'MEDICAL', ...fields,
  });
const grant = (beneficiary: string, eventRef: string | null, amount: string, fields: Record<string, unknown> = {}) =>
  record('CHARITY_GRANT', beneficiary, {
    amount, eventRef, charityProgramCode: FUND.code, frequency: 'ONE_OFF', startDate: '2026-04-02', endDate: '2026-04-02', needCategory: 'MEDICAL', ...fields,
  });

// Found: medical assistance (bill documented at 10000.00) and a charity paying the same bill.
const patient = idNumber({ birth: '20100303' });
const assistance = payment(patient, 'BILL-0001', '6000.00', '10000.00');
const charity = grant(patient, 'BILL-0001', '7000.00', { regionCode: OTHER_COUNTY });

// Found: three payments for one fire; the largest documented cost (8000.00) counts.
const burnt = idNumber({ birth: '19700404' });
const fireA = payment(burnt, 'FIRE-0001', '3000.00', '5000.00');
const fireB = payment(burnt, 'FIRE-0001', '3000.00', '8000.00');
const fireC = record('TEMPORARY', burnt, { amount: '2500.00', eventRef: 'FIRE-0001', frequency: 'ONE_OFF', startDate: '2026-02-01', endDate: '2026-02-01', needCategory: 'EMERGENCY' });

// Near misses.
const exact = idNumber({ birth: '19800505' });
const exactA = payment(exact, 'BILL-0002', '4000.00', '10000.00');
const exactB = grant(exact, 'BILL-0002', '6000.00'); // adds up to the cost exactly: not beyond it
const undocumented = idNumber({ birth: '19810606' });
const undocumentedA = payment(undocumented, 'BILL-0003', '6000.00', null);
const undocumentedB = grant(undocumented, 'BILL-0003', '7000.00'); // no record documents the cost
const sibling = idNumber({ birth: '20120707' });
const siblingPayment = payment(sibling, 'BILL-0001', '9000.00', null); // the same eventRef, another beneficiary
const twoBills = idNumber({ birth: '19820808' });
const billA = payment(twoBills, 'BILL-0004', '6000.00', '10000.00');
const billB = grant(twoBills, 'BILL-0005', '7000.00'); // another event
const cancelledCase = idNumber({ birth: '19830909' });
const keptPayment = payment(cancelledCase, 'BILL-0006', '6000.00', '10000.00');
const cancelledGrant = grant(cancelledCase, 'BILL-0006', '7000.00', { status: 'CANCELLED' });
const alone = idNumber({ birth: '19841010' });
const onePayment = payment(alone, 'BILL-0007', '12000.00', '10000.00'); // over the cost, but alone
const resentFirst = payment(idNumber({ birth: '19851111' }), 'BILL-0008', '6000.00', '10000.00');
const resentAgain = { ...resentFirst, amount: '7000.00' }; // the same record key sent again: still one record
const noEvent = idNumber({ birth: '19861212' });
const noEventA = payment(noEvent, null, '6000.00', '10000.00');
const noEventB = grant(noEvent, null, '7000.00');

let test: TestDatabase;
let rows: RuleRow[];

beforeAll(async () => {
  test = await loadedDatabase([
    FUND, assistance, charity, fireA, fireB, fireC, exactA, exactB, undocumentedA, undocumentedB, siblingPayment, billA, billB,
    keptPayment, cancelledGrant, onePayment, resentFirst, resentAgain, noEventA, noEventB,
  ]);
  rows = await runRule(test, D3, D);
});
afterAll(() => test.drop());

describe('D3 SAME_EVENT_OVER_COVERAGE', () => {
  it('finds a bill paid by medical assistance and a charity beyond its cost: sum of amounts minus the expense basis', () => {
    expect(rowFor(rows, assistance, charity)).toEqual({
      person_key: keyOf(test, patient),
      household_source_id: null,
      region_code: OTHER_COUNTY, // the first record by key: CHARITY:…
      region_codes: [COUNTY, OTHER_COUNTY],
      area: null,
      records: sortedKeys(assistance, charity),
      overpayment: '3000.00', // 6000.00 + 7000.00 - 10000.00
      suggested_programs: [],
      departments: ['CHARITY', 'HEALTHCARE_SECURITY'],
    });
  });

  it('names every payment of the event once, and measures them against the largest documented cost', () => {
    expect(rowFor(rows, fireA, fireB, fireC)).toMatchObject({
      person_key: keyOf(test, burnt),
      overpayment: '500.00', // 3000.00 + 3000.00 + 2500.00 - 8000.00
      departments: ['CIVIL_AFFAIRS', 'HEALTHCARE_SECURITY'],
    });
  });

  it('paying exactly the cost is not over it', () => {
    expect(rowsNaming(rows, exactA)).toEqual([]);
  });

  it('needs a documented cost: payments without any expense basis are not compared', () => {
    expect(rowsNaming(rows, undocumentedA)).toEqual([]);
  });

  it('another beneficiary with the same eventRef, or another event of the same beneficiary, is not the same event', () => {
    expect(rowsNaming(rows, siblingPayment)).toEqual([]);
    expect(rowsNaming(rows, billA)).toEqual([]);
    expect(rowsNaming(rows, billB)).toEqual([]);
  });

  it('a CANCELLED payment never counts', () => {
    expect(rowsNaming(rows, keptPayment)).toEqual([]);
  });

  it('one record alone, even over the cost or sent twice under its key, is not two payments', () => {
    expect(rowsNaming(rows, onePayment)).toEqual([]);
    expect(rowsNaming(rows, resentFirst)).toEqual([]);
  });

  it('records without an eventRef are never grouped', () => {
    expect(rowsNaming(rows, noEventA)).toEqual([]);
  });

  it('finds exactly the two events, each once', () => {
    expect(rows.map((r) => r.records.join(' ')).sort()).toEqual(
      [sortedKeys(assistance, charity), sortedKeys(fireA, fireB, fireC)].map((keys) => keys.join(' ')).sort(),
    );
  });
});
