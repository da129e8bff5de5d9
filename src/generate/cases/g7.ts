// G7 EXPENDITURE_POVERTY_CANDIDATE (支出型贫困): a household not on 低保 at D,
// with income per head at most 1.5 × the local DIBAO standard (the county's, or
// its nearest registered ancestor's), whose members' medical bills of the last
// 365 days exceed half of a year's income of its living members, and who got
// neither temporary assistance nor medical assistance recently or at D.
// Every planted amount is worked out from the standard and the member count,
// and each boundary is planted on both sides.
import { addDays, monthStart } from '../dates';
import { dibaoFor, family, type MemberSpec, type StreamSpec } from '../kit';
import { formatFen, toFen } from '../money';
import { provide } from '../provide';
import { dibaoStandardFen } from '../registry';
import type { Household, World } from '../world';
import type { Area, NeedCategory } from '../../demo/types';

interface Bill {
  amount: string;
  daysBeforeD: number;
  category?: NeedCategory;
}

interface Candidate {
  county: string;
  area?: Area;
  /** Income per head; 'limit' is exactly 1.5 × the standard, 'limit+1' one fen more. */
  income: string | 'limit' | 'limit+1' | null;
  /** Bills, or 'threshold' / 'threshold+1' for exactly / one fen above half a year's income. */
  bills: Bill[] | 'threshold' | 'threshold+1';
  deadMember?: boolean;
  dibao?: StreamSpec;
  relief?: { program: 'TEMPORARY' | 'MEDICAL_ASSISTANCE'; daysBeforeD: number; status?: 'CANCELLED' };
}

export function plantG7(w: World): void {
  const yes = (note: string, c: Candidate) => w.expectHouseholdGap('G7', candidate(w, c), note);
  const no = (note: string, c: Candidate) => {
    candidate(w, c);
    w.nearMiss('G7', note);
  };
  const big: Bill[] = [{ amount: '30000.00', daysBeforeD: 100 }, { amount: '9000.00', daysBeforeD: 20 }];

  yes('near-poor family of three, 39,000 of hospital bills this year', { county: '510104', income: '900.00', bills: big });
  yes('income exactly 1.5 × the standard (inclusive)', { county: '510105', income: 'limit', bills: big });
  no('income one fen above 1.5 × the standard', { county: '510105', income: 'limit+1', bills: big });
  yes('bills one fen above half a year\'s income', { county: '510121', area: 'RURAL', income: '800.00', bills: 'threshold+1' });
  no('bills exactly half a year\'s income', { county: '510121', area: 'RURAL', income: '800.00', bills: 'threshold' });
  yes('武侯区 has no standard: 成都市\'s 780.00 applies (1100.00 ≤ 1170.00; the province\'s would give 900.00)', { county: '510107', income: '1100.00', bills: big });
  no('金牛区 has a standard only for last year (900.00): 成都市\'s 780.00 applies, 1300.00 > 1170.00', { county: '510106', income: '1300.00', bills: big });
  yes('昭觉县 and 凉山州 have none: the province\'s RURAL 450.00 applies (600.00 ≤ 675.00)', { county: '513431', area: 'RURAL', income: '600.00', bills: big });
  no('昭觉县: 700.00 > 1.5 × the province\'s 450.00', { county: '513431', area: 'RURAL', income: '700.00', bills: big });
  no('锦江区 RURAL: 1000.00 > 1.5 × 650.00 (it would pass as URBAN)', { county: '510104', area: 'RURAL', income: '1000.00', bills: big });
  no('income per head not known (null)', { county: '510104', income: null, bills: big });
  yes('one of three members died: only the two living count (bills 13,000 > 12,000)', { county: '510104', income: '1000.00', deadMember: true, bills: [{ amount: '13000.00', daysBeforeD: 50 }] });
  yes('a bill dated exactly 365 days before D counts', { county: '511302', income: '1000.00', bills: [{ amount: '10000.00', daysBeforeD: 365 }, { amount: '8000.01', daysBeforeD: 10 }] });
  no('the same bills, the older one dated 366 days before D', { county: '511302', income: '1000.00', bills: [{ amount: '10000.00', daysBeforeD: 366 }, { amount: '8000.01', daysBeforeD: 10 }] });
  no('a large bill dated after D', { county: '511302', income: '1000.00', bills: [{ amount: '30000.00', daysBeforeD: -5 }] });
  no('large costs, but for EDUCATION, not MEDICAL', { county: '511302', income: '1000.00', bills: [{ amount: '30000.00', daysBeforeD: 30, category: 'EDUCATION' }] });
  yes('its 低保 ended the day before D', { county: '510104', income: '700.00', bills: big, dibao: { start: monthStart(w.asOf, -20), end: addDays(w.asOf, -1) } });
  yes('its 低保 covering D is CANCELLED', { county: '510105', income: '700.00', bills: big, dibao: { start: monthStart(w.asOf, -6), status: 'CANCELLED' } });
  no('on 低保 at D', { county: '510104', income: '700.00', bills: big, dibao: { start: monthStart(w.asOf, -6) } });
  no('temporary assistance paid 100 days before D', { county: '513401', income: '700.00', bills: big, relief: { program: 'TEMPORARY', daysBeforeD: 100 } });
  no('medical assistance paid on D', { county: '513401', income: '700.00', bills: big, relief: { program: 'MEDICAL_ASSISTANCE', daysBeforeD: 0 } });
  yes('temporary assistance paid 400 days before D: not recent', { county: '513401', income: '700.00', bills: big, relief: { program: 'TEMPORARY', daysBeforeD: 400 } });
  yes('recent medical assistance, but CANCELLED', { county: '511321', income: '700.00', bills: big, relief: { program: 'MEDICAL_ASSISTANCE', daysBeforeD: 60, status: 'CANCELLED' } });
}

function candidate(w: World, c: Candidate): Household {
  const D = w.asOf;
  const area = c.area ?? 'URBAN';
  const limit = (dibaoStandardFen(c.county, area) * 3) / 2;
  const income = c.income === 'limit' ? formatFen(limit) : c.income === 'limit+1' ? formatFen(limit + 1) : c.income;
  const members: MemberSpec[] = [
    { relation: 'HEAD', age: 54 },
    { relation: 'SPOUSE', age: 51 },
    { relation: 'CHILD', age: 24, ...(c.deadMember ? { deathDate: addDays(D, -90) } : {}) },
  ];
  const { household, people } = family(w, c.county, members, { area, income });
  if (c.dibao) {
    const dibao = dibaoFor(w, household, c.dibao);
    const onDibaoAtD = dibao.status !== 'CANCELLED' && dibao.startDate <= D && (dibao.endDate === null || dibao.endDate >= D);
    if (onDibaoAtD) for (const p of people) provide(w, p, { poor: 'DIBAO', household });
  }
  const living = c.deadMember ? 2 : 3;
  const half = toFen(income ?? '0.00') * living * 6;
  const bills: Bill[] = c.bills === 'threshold' || c.bills === 'threshold+1'
    ? [{ amount: formatFen(half - 100_00 + (c.bills === 'threshold+1' ? 1 : 0)), daysBeforeD: 70 }, { amount: '100.00', daysBeforeD: 5 }]
    : c.bills;
  bills.forEach((b, i) => w.expense(people[i % 2]!, b.amount, addDays(D, -b.daysBeforeD), b.category ?? 'MEDICAL'));
  if (c.relief) {
    w.record({ program: c.relief.program, beneficiary: people[0]!, household, amount: '3000.00', frequency: 'ONE_OFF', start: addDays(D, -c.relief.daysBeforeD), status: c.relief.status, needCategory: 'MEDICAL' });
  }
  return household;
}
