// D1 EXCLUSIVE_BASIC_LIVING: a person covered by a 低保 record (as a current
// member of its household) who is also the beneficiary of an overlapping 特困
// record. Planted: an old parent, the head himself, a one-day overlap, an
// overlap that starts after D, a quarterly 特困 (monthly equivalent), and a
// disabled parent (whom the 特困 also keeps out of G4).
import { addDays, monthEnd, monthStart } from '../dates';
import { onDibao, tekunFor } from '../kit';
import { pairOverpayment } from '../money';
import { premium } from '../provide';
import type { World } from '../world';

export function plantD1(w: World): void {
  const D = w.asOf;
  const parentIn = (county: string, dibaoStart: string, dibaoEnd: string | null = null, parent: object = {}) =>
    onDibao(w, county, [
      { relation: 'HEAD', age: 52, employment: 'EMPLOYED' },
      { relation: 'SPOUSE', age: 49, employment: 'NOT_IN_LABOUR_FORCE' },
      { relation: 'PARENT', age: 79, ...parent },
    ], { dibao: { start: dibaoStart, end: dibaoEnd } });

  {
    const { household, people, dibao } = parentIn('510104', monthStart(D, -20));
    const tekun = tekunFor(w, people[2]!, { amount: '1040.00', start: monthStart(D, -6) });
    w.expectDuplicate('D1', { person: people[2]!, household, records: [dibao, tekun], overpayment: pairOverpayment(dibao, tekun, D), note: 'old parent in a 低保 household registered as 特困 for six months' });
  }
  {
    const { household, people, dibao } = onDibao(w, '511302', [{ relation: 'HEAD', age: 67 }], { area: 'RURAL', dibao: { amount: '1100.00', start: monthStart(D, -10) } });
    const tekun = tekunFor(w, people[0]!, { amount: '3000.00', frequency: 'QUARTERLY', start: monthStart(D, -4) });
    w.expectDuplicate('D1', { person: people[0]!, household, records: [dibao, tekun], overpayment: pairOverpayment(dibao, tekun, D), note: 'the head (the 低保 beneficiary) on quarterly 特困: 3000.00 / 3 is the smaller monthly amount' });
  }
  {
    // 低保 ends on the first day of the month 特困 starts: one common day.
    const { household, people, dibao } = parentIn('510105', monthStart(D, -14), monthStart(D, -3));
    const tekun = tekunFor(w, people[2]!, { start: monthStart(D, -3) });
    premium(w, people[2]!); // on 特困 at D, no longer on 低保
    w.expectDuplicate('D1', { person: people[2]!, household, records: [dibao, tekun], overpayment: pairOverpayment(dibao, tekun, D), note: '低保 ends on the day 特困 starts: one common day, one month' });
  }
  {
    // 低保 ends the day before 特困 starts (03-31 / 04-01): no overlap.
    const { people } = parentIn('510105', monthStart(D, -14), monthEnd(D, -4));
    tekunFor(w, people[2]!, { start: monthStart(D, -3) });
    premium(w, people[2]!);
    w.nearMiss('D1', '低保 ends on the last day of a month, 特困 starts on the first of the next: no common day');
  }
  {
    const { household, people, dibao } = parentIn('510121', monthStart(D, -9));
    const tekun = tekunFor(w, people[2]!, { start: addDays(D, 20) });
    w.expectDuplicate('D1', { person: people[2]!, household, records: [dibao, tekun], overpayment: pairOverpayment(dibao, tekun, D), note: '特困 starts 20 days after D: a finding still, with overpayment 0.00' });
  }
  {
    // The 特困 keeps the disabled parent out of G4; so no living subsidy either (that would be D5).
    const { household, people, dibao } = onDibao(w, '513401', [
      { relation: 'HEAD', age: 45, employment: 'EMPLOYED' },
      { relation: 'PARENT', age: 72, disabilityGrade: 3, withhold: ['living'] },
    ], { dibao: { start: monthStart(D, -18) } });
    const tekun = tekunFor(w, people[1]!, { start: monthStart(D, -2) });
    w.expectDuplicate('D1', { person: people[1]!, household, records: [dibao, tekun], overpayment: pairOverpayment(dibao, tekun, D), note: 'disabled parent on 低保 and 特困 (not G4: 特困 covers D)' });
    w.nearMiss('G4', 'disabled person on 低保 without the living subsidy, but the beneficiary of 特困 covering D');
  }
  {
    // Two sons in two counties both list their mother, both households on 低保, and she is on 特困:
    // two D1 findings (one per 低保) and one D2 (the two 低保 cover her at once).
    const first = parentIn('510104', monthStart(D, -16));
    const mother = first.people[2]!;
    const second = onDibao(w, '513401', [
      { relation: 'HEAD', age: 50, employment: 'EMPLOYED' },
      { existing: mother, relation: 'PARENT', withhold: ['premium'] },
    ], { dibao: { start: monthStart(D, -11) } });
    const tekun = tekunFor(w, mother, { start: monthStart(D, -3) });
    for (const { household, dibao } of [first, second]) {
      w.expectDuplicate('D1', { person: mother, household, records: [dibao, tekun], overpayment: pairOverpayment(dibao, tekun, D), note: 'mother listed by two 低保 households, also on 特困: one finding per 低保' });
    }
    w.expectDuplicate('D2', { person: mother, household: first.household, records: [first.dibao, second.dibao], overpayment: pairOverpayment(first.dibao, second.dibao, D), note: 'the same mother covered by two 低保 at once' });
  }
  {
    const { people } = parentIn('510104', monthStart(D, -12));
    tekunFor(w, people[2]!, { start: monthStart(D, -5), status: 'CANCELLED' });
    w.nearMiss('D1', '特困 overlapping 低保 but CANCELLED');
  }
  {
    // The parent moved out (household re-sent without them), then got 特困.
    const { household, people } = parentIn('511321', monthStart(D, -12));
    w.relist(household, people.slice(0, 2));
    tekunFor(w, people[2]!, { start: monthStart(D, -1) });
    w.nearMiss('D1', '特困 for a parent no longer on the 低保 household\'s current member list');
  }
  {
    // A neighbour's 特困 overlaps the household's 低保: not a covered person.
    parentIn('510107', monthStart(D, -12));
    const neighbour = w.person({ age: 80, county: '510107' });
    tekunFor(w, neighbour, { start: monthStart(D, -6) });
    premium(w, neighbour);
    w.nearMiss('D1', '特困 of someone not on the 低保 household (same county, same months)');
  }
}
