// D2 SAME_PROGRAM_TWICE: two counting records of the same program (not
// TEMPORARY, not CHARITY_GRANT, neither a ONE_OFF) covering one person on a
// common day. Planted: 低保 drawn in two counties through two household
// listings, the same pair of households listing two shared people (still one
// finding), two schools' term grants (rounding half up of 750.01 / 6 × 3), two
// annual premiums sharing one day, a nursing subsidy registered twice ahead.
import { addDays, monthEnd, monthStart, yearEnd, yearStart } from '../dates';
import { comfortableIncome, family, onDibao } from '../kit';
import { pairOverpayment } from '../money';
import type { World } from '../world';

export function plantD2(w: World): void {
  const D = w.asOf;
  twoCounties(w);
  threeCounties(w);
  {
    // The same two households list both the head and a child: one pair of records, one finding.
    const first = onDibao(w, '510105', [
      { relation: 'HEAD', age: 41, employment: 'EMPLOYED' },
      { relation: 'CHILD', age: 3 },
    ], { dibao: { start: monthStart(D, -16) } });
    const [head, child] = first.people as [typeof first.people[0], typeof first.people[0]];
    const second = onDibao(w, '510121', [
      { existing: head, relation: 'HEAD', withhold: ['premium'] },
      { existing: child, relation: 'CHILD', withhold: ['premium'] },
    ], { area: 'RURAL', dibao: { start: monthStart(D, -7) } });
    w.expectDuplicate('D2', {
      person: head, household: first.household, records: [first.dibao, second.dibao], overpayment: pairOverpayment(first.dibao, second.dibao, D),
      note: 'two households list the same head and child, each on 低保: one finding for the pair, named after the shared beneficiary',
    });
  }
  {
    const { household, people } = family(w, '511302', [
      { relation: 'HEAD', age: 44 }, { relation: 'CHILD', age: 13 },
    ], { area: 'URBAN', income: comfortableIncome(w, '511302', 'URBAN') });
    const child = people[1]!;
    const term = { beneficiary: child, household, frequency: 'PER_TERM' as const, start: monthStart(D, -2), end: monthEnd(D, 3), details: { schoolStage: 'JUNIOR_SECONDARY' } };
    const a = w.record({ ...term, program: 'EDU_GRANT', amount: '750.01' });
    const b = w.record({ ...term, program: 'EDU_GRANT', amount: '800.00' });
    w.expectDuplicate('D2', { person: child, records: [a, b], overpayment: pairOverpayment(a, b, D), note: 'two term grants for one child: 750.01 / 6 × 3 months = 375.005, rounded half up to 375.01' });
  }
  {
    const { people } = family(w, '510104', [{ relation: 'HEAD', age: 58 }], { area: 'URBAN', income: comfortableIncome(w, '510104', 'URBAN') });
    const p = people[0]!;
    const a = w.record({ program: 'MEDICAL_PREMIUM_SUBSIDY', beneficiary: p, amount: '380.00', frequency: 'ANNUAL', start: yearStart(w.year - 1), end: yearStart(w.year) });
    const b = w.record({ program: 'MEDICAL_PREMIUM_SUBSIDY', beneficiary: p, amount: '400.00', frequency: 'ANNUAL', start: yearStart(w.year), end: yearEnd(w.year) });
    w.expectDuplicate('D2', { person: p, records: [a, b], overpayment: pairOverpayment(a, b, D), note: 'last year\'s premium ends on 1 January, this year\'s starts then: one common day, 380.00 / 12' });
  }
  {
    const { household, people } = family(w, '513401', [{ relation: 'HEAD', age: 46, disabilityGrade: 1, employment: 'NOT_IN_LABOUR_FORCE' }], { area: 'URBAN', income: comfortableIncome(w, '513401', 'URBAN') });
    const p = people[0]!;
    const a = w.record({ program: 'DISABILITY_NURSING_SUBSIDY', beneficiary: p, household, amount: '100.00', frequency: 'MONTHLY', start: monthStart(D, -14) });
    const b = w.record({ program: 'DISABILITY_NURSING_SUBSIDY', beneficiary: p, household, amount: '100.00', frequency: 'MONTHLY', start: addDays(D, 15) });
    w.expectDuplicate('D2', { person: p, records: [a, b], overpayment: pairOverpayment(a, b, D), note: 'nursing subsidy registered a second time, starting after D: overpayment 0.00' });
  }
  nearMisses(w);
}

/** One man listed by a household in 锦江区 and by his mother's in 顺庆区, both on 低保. */
function twoCounties(w: World): void {
  const D = w.asOf;
  const first = onDibao(w, '510104', [
    { relation: 'HEAD', age: 46, employment: 'EMPLOYED' },
    { relation: 'SPOUSE', age: 44, employment: 'EMPLOYED' },
  ], { dibao: { start: monthStart(D, -18) } });
  const man = first.people[0]!;
  const second = onDibao(w, '511302', [
    { relation: 'HEAD', age: 71 },
    { existing: man, relation: 'CHILD', withhold: ['premium'] },
  ], { area: 'RURAL', dibao: { start: monthStart(D, -9) } });
  w.expectDuplicate('D2', {
    person: man, household: first.household, records: [first.dibao, second.dibao], overpayment: pairOverpayment(first.dibao, second.dibao, D),
    note: '低保 drawn in two counties through two household listings',
  });
}

/** A woman on the lists of three 低保 households at once: three pairs, three findings. */
function threeCounties(w: World): void {
  const D = w.asOf;
  const own = onDibao(w, '510107', [{ relation: 'HEAD', age: 34, employment: 'EMPLOYED' }], { dibao: { start: monthStart(D, -24) } });
  const woman = own.people[0]!;
  const made = [own];
  for (const [county, months] of [['511321', -15], ['513401', -5]] as const) {
    made.push(onDibao(w, county, [
      { relation: 'HEAD', age: 66 },
      { existing: woman, relation: 'CHILD', withhold: ['premium'] },
    ], { area: 'RURAL', dibao: { start: monthStart(D, months) } }));
  }
  for (let i = 0; i < made.length; i++) {
    for (let j = i + 1; j < made.length; j++) {
      const [a, b] = [made[i]!, made[j]!];
      w.expectDuplicate('D2', {
        person: woman, household: a.household, records: [a.dibao, b.dibao], overpayment: pairOverpayment(a.dibao, b.dibao, D),
        note: 'on the lists of three 低保 households: each pair of allowances is a finding',
      });
    }
  }
}

function nearMisses(w: World): void {
  const D = w.asOf;
  const someone = (county: string, age: number, grade: 1 | 2 | 3 | 4 | null = null) =>
    family(w, county, [{ relation: 'HEAD', age, disabilityGrade: grade }], { area: 'URBAN', income: comfortableIncome(w, county, 'URBAN') });

  let { household, people } = someone('510105', 70, 3);
  w.record({ program: 'ASSISTIVE_DEVICE', beneficiary: people[0]!, household, amount: '1200.00', frequency: 'ONE_OFF', start: addDays(D, -40) });
  w.record({ program: 'ASSISTIVE_DEVICE', beneficiary: people[0]!, household, amount: '1200.00', frequency: 'ONE_OFF', start: addDays(D, -40) });
  w.nearMiss('D2', 'two ONE_OFF payments of the same program on the same day');

  ({ household, people } = family(w, '510105', [{ relation: 'HEAD', age: 42 }, { relation: 'CHILD', age: 16 }], { area: 'URBAN', income: comfortableIncome(w, '510105', 'URBAN') }));
  w.record({ program: 'EDU_GRANT', beneficiary: people[1]!, amount: '500.00', frequency: 'ONE_OFF', start: addDays(D, -20) });
  w.record({ program: 'EDU_GRANT', beneficiary: people[1]!, amount: '1250.00', frequency: 'PER_TERM', start: monthStart(D, -2), end: monthEnd(D, 3) });
  w.nearMiss('D2', 'a ONE_OFF grant inside a term grant of the same program');

  ({ household, people } = someone('510107', 39));
  w.record({ program: 'TEMPORARY', beneficiary: people[0]!, amount: '600.00', frequency: 'MONTHLY', start: monthStart(D, -2), end: monthEnd(D, 1) });
  w.record({ program: 'TEMPORARY', beneficiary: people[0]!, amount: '400.00', frequency: 'MONTHLY', start: monthStart(D, -1), end: monthEnd(D, 1) });
  w.nearMiss('D2', 'two overlapping TEMPORARY streams (TEMPORARY is excluded)');

  ({ household, people } = someone('511302', 35));
  w.record({ program: 'CHARITY_GRANT', beneficiary: people[0]!, amount: '300.00', frequency: 'MONTHLY', start: monthStart(D, -3), end: monthEnd(D, 2), needCategory: 'MEDICAL' });
  w.record({ program: 'CHARITY_GRANT', beneficiary: people[0]!, amount: '200.00', frequency: 'MONTHLY', start: monthStart(D, -2), end: monthEnd(D, 2), needCategory: 'MEDICAL' });
  w.nearMiss('D2', 'two overlapping CHARITY_GRANT streams (CHARITY_GRANT is excluded)');

  ({ household, people } = someone('510121', 50, 3));
  w.record({ program: 'REHABILITATION', beneficiary: people[0]!, amount: '300.00', frequency: 'MONTHLY', start: monthStart(D, -6), end: monthEnd(D, -4) });
  w.record({ program: 'REHABILITATION', beneficiary: people[0]!, amount: '300.00', frequency: 'MONTHLY', start: monthStart(D, -3) });
  w.nearMiss('D2', 'same program, one period ends on the last day of a month and the next starts on the first: no common day');

  ({ household, people } = someone('511321', 48));
  w.record({ program: 'RENTAL_SUBSIDY', beneficiary: people[0]!, household, amount: '500.00', frequency: 'MONTHLY', start: monthStart(D, -10) });
  w.record({ program: 'RENTAL_SUBSIDY', beneficiary: people[0]!, household, amount: '500.00', frequency: 'MONTHLY', start: monthStart(D, -4), status: 'CANCELLED' });
  w.nearMiss('D2', 'the same household program twice, the second CANCELLED');

  ({ household, people } = family(w, '513401', [{ relation: 'HEAD', age: 40 }, { relation: 'CHILD', age: 12 }], { area: 'URBAN', income: comfortableIncome(w, '513401', 'URBAN') }));
  w.record({ program: 'EDU_GRANT', beneficiary: people[1]!, amount: '1250.00', frequency: 'PER_TERM', start: monthStart(D, -2), end: monthEnd(D, 3) });
  w.record({ program: 'EDU_FEE_WAIVER', beneficiary: people[1]!, amount: '800.00', frequency: 'PER_TERM', start: monthStart(D, -2), end: monthEnd(D, 3) });
  w.nearMiss('D2', 'two programs of the same department at once (grant and fee waiver): different programs');

  // Listed by two 低保 households, but the second one's current list no longer has her.
  const first = onDibao(w, '510104', [{ relation: 'HEAD', age: 63 }], { dibao: { start: monthStart(D, -20) } });
  const second = onDibao(w, '510105', [
    { relation: 'HEAD', age: 38, employment: 'EMPLOYED' },
    { existing: first.people[0]!, relation: 'PARENT', withhold: ['premium'] },
  ], { dibao: { start: monthStart(D, -6) } });
  w.relist(second.household, [second.people[0]!]);
  w.nearMiss('D2', 'two 低保 households listed the same person, but the second has re-sent its list without her');
}
