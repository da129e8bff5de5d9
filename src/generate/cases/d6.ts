// D6 PAYMENT_AFTER_DEATH: a payment stream that runs past the end of the
// month its beneficiary died in (the month of death is paid in full), or a
// one-off payment dated after the death. Planted: 特困 never stopped, a
// subsidy ending on the first day after the grace month, a quarterly stream, a
// 低保 paid to a dead head, one-offs after the death (same month, later, and
// after D), a stream granted after the death, a death in D's own month
// (overpayment 0.00); near-misses: stopped at the end
// of the month of death, a one-off on the day of death or before, CANCELLED,
// ended before the death, a 低保 household whose other member died.
import { addDays, monthEnd, monthStart } from '../dates';
import { aloneOnTekun, family, onDibao } from '../kit';
import { formatFen, monthlyEquivalent, monthsAfterDeath, times, toFen } from '../money';
import type { StreamSpec } from '../kit';
import type { Household, Person, World } from '../world';
import type { RecordObject, RecordProgram } from '../../demo/types';

export function plantD6(w: World): void {
  const D = w.asOf;
  const died = addDays(monthStart(D, -4), 14); // the 15th, four months before D's month
  const expect = (person: Person, record: RecordObject, note: string, household: Household | null = null) => {
    const overpayment = record.frequency === 'ONE_OFF'
      ? formatFen(toFen(record.amount))
      : times(monthlyEquivalent(record.amount, record.frequency), monthsAfterDeath(person.object.deathDate!, record, D));
    w.expectDuplicate('D6', { person, household, records: [record], overpayment, note });
  };
  {
    const { person, tekun } = aloneOnTekun(w, '513401', { age: 84, deathDate: died }, { start: monthStart(D, -30) });
    expect(person, tekun, '特困 still paid four months after the death');
  }
  {
    const person = dead(w, '510104', died, 3);
    expect(person, stream(w, person, 'DISABILITY_LIVING_SUBSIDY', { start: monthStart(D, -20), end: monthStart(died, 1), status: 'ENDED' }), 'living subsidy (ENDED) ends on the first day after the month of death');
  }
  {
    const person = dead(w, '511302', died);
    expect(person, stream(w, person, 'PRICE_SUBSIDY', { amount: '150.00', frequency: 'QUARTERLY', start: monthStart(D, -15) }), 'quarterly price subsidy: 150.00 / 3 a month after the death');
  }
  {
    const { household, people, dibao } = onDibao(w, '510121', [
      { relation: 'HEAD', age: 81, deathDate: died },
      { relation: 'SPOUSE', age: 78 },
    ], { area: 'RURAL', dibao: { start: monthStart(D, -26) } });
    expect(people[0]!, dibao, '低保 still paid to a head who died (a household-level record)', household);
  }
  {
    const person = dead(w, '510107', died);
    expect(person, oneOff(w, person, addDays(died, 1)), 'temporary assistance paid the day after the death (same month)');
  }
  {
    const person = dead(w, '510105', died);
    expect(person, oneOff(w, person, addDays(monthStart(D, -1), 4)), 'temporary assistance paid three months after the death');
  }
  {
    const person = dead(w, '510104', died);
    expect(person, stream(w, person, 'PRICE_SUBSIDY', { start: monthStart(D, -2) }), 'a subsidy granted two months after the death: its months up to D, from its own start');
  }
  {
    // RULES.md: "for a ONE_OFF, its amount" — with no "up to D" as for streams.
    const person = dead(w, '513401', died);
    expect(person, oneOff(w, person, addDays(D, 10)), 'a one-off dated ten days after D, after the death: its amount (RULES.md, read literally)');
  }
  {
    const inThisMonth = monthStart(D);
    const person = dead(w, '511321', inThisMonth, 1);
    expect(person, stream(w, person, 'DISABILITY_NURSING_SUBSIDY', { start: monthStart(D, -12) }), 'died in D\'s own month, stream open-ended: a finding, overpayment 0.00');
  }
  nearMisses(w, died);
}

function nearMisses(w: World, died: string): void {
  const D = w.asOf;
  aloneOnTekun(w, '510104', { age: 88, deathDate: died }, { start: monthStart(D, -30), end: monthEnd(died) });
  w.nearMiss('D6', '特困 stopped on the last day of the month of death');
  let person = dead(w, '511302', died);
  oneOff(w, person, died);
  w.nearMiss('D6', 'one-off paid on the day of death');
  person = dead(w, '510105', died);
  oneOff(w, person, addDays(died, -1));
  w.nearMiss('D6', 'one-off paid the day before the death');
  person = dead(w, '513401', died, 2);
  stream(w, person, 'DISABILITY_NURSING_SUBSIDY', { start: monthStart(D, -12), status: 'CANCELLED' });
  w.nearMiss('D6', 'open-ended stream after the death, but CANCELLED');
  person = dead(w, '510121', died);
  stream(w, person, 'PRICE_SUBSIDY', { start: monthStart(D, -20), end: monthEnd(D, -8) });
  w.nearMiss('D6', 'stream ended months before the death');
  onDibao(w, '510107', [
    { relation: 'HEAD', age: 70 },
    { relation: 'PARENT', age: 92, deathDate: died },
  ], { dibao: { start: monthStart(D, -18) } });
  w.nearMiss('D6', '低保 household whose old parent died: the beneficiary (the head) is alive');
}

/** An old person, dead on `deathDate`, living alone in a household of one. */
function dead(w: World, county: string, deathDate: string, grade: 1 | 2 | 3 | 4 | null = null): Person {
  return family(w, county, [{ relation: 'HEAD', age: 83, deathDate, disabilityGrade: grade }], { area: 'URBAN', income: '600.00' }).people[0]!;
}

const stream = (w: World, person: Person, program: RecordProgram, spec: StreamSpec): RecordObject =>
  w.record({
    program, beneficiary: person, amount: spec.amount ?? '100.00', frequency: spec.frequency ?? 'MONTHLY',
    start: spec.start!, end: spec.end, status: spec.status,
    details: program.startsWith('DISABILITY') ? { disabilityGrade: person.object.disabilityGrade ?? 2 } : {},
  });

const oneOff = (w: World, person: Person, date: string): RecordObject =>
  w.record({ program: 'TEMPORARY', beneficiary: person, amount: '800.00', frequency: 'ONE_OFF', start: date, details: { reason: '生活困难' } });
