// D6 PAYMENT_AFTER_DEATH (RULES.md): a counting record whose beneficiary died
// on X and whose period reaches past the last day of X's month (open-ended
// counts), or a ONE_OFF dated after X. Every condition has a near miss next to
// a case that is found; one database for the file, D = 2026-06-30.
import type { RuleRow } from '../../src/detection/types';
import { d6PaymentAfterDeath as D6 } from '../../src/detection/duplicates/d6PaymentAfterDeath';
import type { TestDatabase } from '../helpers/database';
import { person } from '../ingest/builders';
import {
  COUNTY, OTHER_COUNTY, dibaoFor, family, idNumber, keyOf, loadedDatabase, record, rowFor, rowsNaming, runRule, sortedKeys,
} from './duplicateFixtures';

const D = '2026-06-30';
const DIED = '2026-02-15';
const deaths: Record<string, unknown>[] = [];
/** A person who died on `deathDate`, living in COUNTY. */
function dead(deathDate = DIED): string {
  const id = idNumber({ birth: '19400101' });
  deaths.push(person(id, { deathDate, residenceRegionCode: COUNTY }));
  return id;
}
const oneOff = (beneficiary: string, date: string, amount = '800.00') =>
  record('TEMPORARY', beneficiary, { amount, frequency: 'ONE_OFF', startDate: date, endDate: date, needCategory: 'EMERGENCY' });

// Found: 特困 never stopped after a death on 15 February.
const tekunDead = dead();
const tekun = record('TEKUN', tekunDead, { amount: '900.00', startDate: '2024-01-01', regionCode: OTHER_COUNTY });

// Grace: the month of death is paid in full.
const stoppedInTime = record('PRICE_SUBSIDY', dead(), { endDate: '2026-02-28', status: 'ENDED' });
const oneDayLate = record('PRICE_SUBSIDY', dead(), { amount: '100.00', endDate: '2026-03-01', status: 'ENDED' });

// ONE_OFF: on the day of death or before is fine; the day after (same month) is not.
const oneOffPerson = dead();
const onTheDay = oneOff(oneOffPerson, DIED);
const dayBefore = oneOff(oneOffPerson, '2026-02-14');
const dayAfter = oneOff(oneOffPerson, '2026-02-16');
// A ONE_OFF dated after D: found, priced at its amount all the same.
const afterD = oneOff(dead(), '2026-07-15');

// Death in D's own month: found (it will be paid on), overpayment 0.00; in the month before: one month.
const inThisMonth = record('DISABILITY_NURSING_SUBSIDY', dead('2026-06-05'), { amount: '200.00', needCategory: 'DISABILITY_CARE' });
const lastMonth = record('DISABILITY_NURSING_SUBSIDY', dead('2026-05-20'), { amount: '200.00', needCategory: 'DISABILITY_CARE' });

// A quarterly stream: 150.00 / 3 a month, March to June.
const quarterly = record('PRICE_SUBSIDY', dead(), { amount: '150.00', frequency: 'QUARTERLY' });
// A stream that started after the death: from April, ending in May (two months).
const startedAfter = record('PRICE_SUBSIDY', dead('2026-01-10'), { amount: '100.00', startDate: '2026-04-01', endDate: '2026-05-31', status: 'ENDED' });

// 低保 (household-level) still paid to a head who died; and a 低保 household whose parent died (the head is alive).
const deadHead = family();
const deadHeadDibao = dibaoFor(deadHead);
deaths.push(person(deadHead.head, { deathDate: DIED }));
const deadParent = family();
const deadParentDibao = dibaoFor(deadParent);
deaths.push(person(deadParent.parent, { deathDate: DIED }));

// Near misses.
const cancelled = record('TEKUN', dead(), { status: 'CANCELLED' });
const endedBefore = record('PRICE_SUBSIDY', dead(), { startDate: '2025-01-01', endDate: '2025-12-31', status: 'ENDED' });
const alive = record('TEKUN', idNumber({ birth: '19400202' }));

let test: TestDatabase;
let rows: RuleRow[];

beforeAll(async () => {
  test = await loadedDatabase([
    deadHead.household, deadParent.household, ...deaths,
    tekun, stoppedInTime, oneDayLate, onTheDay, dayBefore, dayAfter, afterD, inThisMonth, lastMonth, quarterly, startedAfter,
    deadHeadDibao, deadParentDibao, cancelled, endedBefore, alive,
  ]);
  rows = await runRule(test, D6, D);
});
afterAll(() => test.drop());

describe('D6 PAYMENT_AFTER_DEATH', () => {
  it('finds 特困 still paid after the death: the person, the record, months after the death month up to D', () => {
    expect(rowFor(rows, tekun)).toEqual({
      person_key: keyOf(test, tekunDead),
      household_source_id: null,
      region_code: OTHER_COUNTY,
      region_codes: [COUNTY, OTHER_COUNTY],
      area: null,
      records: sortedKeys(tekun),
      overpayment: '3600.00', // 900.00 x March to June
      suggested_programs: [],
      departments: ['CIVIL_AFFAIRS'],
    });
  });

  it('the month of death is paid in full: ending on its last day is fine, ending a day later is found (one month)', () => {
    expect(rowsNaming(rows, stoppedInTime)).toEqual([]);
    expect(rowFor(rows, oneDayLate)?.overpayment).toBe('100.00');
  });

  it('a ONE_OFF dated after the death is found at its amount, even in the same month; on the day or before is not', () => {
    expect(rowFor(rows, dayAfter)?.overpayment).toBe('800.00');
    expect(rowsNaming(rows, onTheDay)).toEqual([]);
    expect(rowsNaming(rows, dayBefore)).toEqual([]);
  });

  it('a ONE_OFF after the death and dated after D is found at its whole amount too (RULES.md: for a ONE_OFF, its amount)', () => {
    expect(rowFor(rows, afterD)?.overpayment).toBe('800.00');
  });

  it('a death in D\'s own month gives a finding at 0.00; a death the month before gives one month', () => {
    expect(rowFor(rows, inThisMonth)?.overpayment).toBe('0.00');
    expect(rowFor(rows, lastMonth)?.overpayment).toBe('200.00');
  });

  it('prices by the monthly equivalent, only the months after the death month within the record\'s own period', () => {
    expect(rowFor(rows, quarterly)?.overpayment).toBe('200.00'); // 150.00 / 3 x March to June
    expect(rowFor(rows, startedAfter)?.overpayment).toBe('200.00'); // 100.00 x April and May
  });

  it('finds 低保 paid to a dead head, naming the household; a dead member who is not the beneficiary is not a finding', () => {
    expect(rowFor(rows, deadHeadDibao)).toMatchObject({
      person_key: keyOf(test, deadHead.head),
      household_source_id: deadHead.sourceId,
      overpayment: '4800.00', // 1200.00 x March to June
    });
    expect(rowsNaming(rows, deadParentDibao)).toEqual([]);
  });

  it('a CANCELLED record, a record ended before the death, and a living beneficiary\'s record are not findings', () => {
    expect(rowsNaming(rows, cancelled)).toEqual([]);
    expect(rowsNaming(rows, endedBefore)).toEqual([]);
    expect(rowsNaming(rows, alive)).toEqual([]);
  });

  it('finds exactly the expected records, each once', () => {
    const expected = [tekun, oneDayLate, dayAfter, afterD, inThisMonth, lastMonth, quarterly, startedAfter, deadHeadDibao];
    expect(rows.map((r) => r.records.join(' ')).sort()).toEqual(expected.map((r) => sortedKeys(r).join(' ')).sort());
  });
});
