// D5 DISABILITY_SUBSIDY_WHILE_TEKUN: the disability living subsidy paid to
// someone on 特困, who is supported in full (the nursing subsidy is allowed).
// Planted: a subsidy never stopped when 特困 began, a one-day overlap;
// near-misses: the nursing subsidy, stopped in time, CANCELLED, the spouse's.
import { monthEnd, monthStart } from '../dates';
import { aloneOnTekun, family, tekunFor } from '../kit';
import { pairOverpayment } from '../money';
import type { StreamSpec } from '../kit';
import { premium } from '../provide';
import type { Person, World } from '../world';

export function plantD5(w: World): void {
  const D = w.asOf;
  {
    const { person, tekun } = aloneOnTekun(w, '511321', { age: 58, disabilityGrade: 3, employment: 'NOT_IN_LABOUR_FORCE' }, { start: monthStart(D, -10) });
    const living = livingSubsidy(w, person, { start: monthStart(D, -24) });
    w.expectDuplicate('D5', { person, records: [tekun, living], overpayment: pairOverpayment(tekun, living, D), note: 'living subsidy not stopped when 特困 began ten months ago' });
  }
  {
    const { person, tekun } = aloneOnTekun(w, '510121', { age: 63, disabilityGrade: 4 }, { start: monthStart(D, -4) });
    const living = livingSubsidy(w, person, { start: monthStart(D, -20), end: monthStart(D, -4) });
    w.expectDuplicate('D5', { person, records: [tekun, living], overpayment: pairOverpayment(tekun, living, D), note: 'living subsidy ends on the day 特困 starts: one common day' });
  }
  {
    const { person, tekun } = aloneOnTekun(w, '511302', { age: 57, disabilityGrade: 4 }, { start: monthStart(D, -8) });
    const living = livingSubsidy(w, person, { start: monthStart(D, -3), status: 'SUSPENDED' });
    w.expectDuplicate('D5', { person, records: [tekun, living], overpayment: pairOverpayment(tekun, living, D), note: 'a SUSPENDED living subsidy still counts (only CANCELLED does not)' });
  }
  aloneOnTekun(w, '513401', { age: 61, disabilityGrade: 1 }, { start: monthStart(D, -6) });
  w.nearMiss('D5', '特困 and the nursing subsidy (grade 1): allowed');
  {
    const { person } = aloneOnTekun(w, '510104', { age: 66, disabilityGrade: 3 }, { start: monthStart(D, -4) });
    livingSubsidy(w, person, { start: monthStart(D, -20), end: monthEnd(D, -5) });
    w.nearMiss('D5', 'living subsidy stopped on the last day of the month before 特困 began');
  }
  {
    const { person } = aloneOnTekun(w, '511302', { age: 70, disabilityGrade: 4 }, { start: monthStart(D, -9) });
    livingSubsidy(w, person, { start: monthStart(D, -6), status: 'CANCELLED' });
    w.nearMiss('D5', 'overlapping living subsidy CANCELLED');
  }
  {
    // He is on 特困; his disabled wife (not on 低保 or 特困) draws the living subsidy.
    const { household, people } = family(w, '510105', [
      { relation: 'HEAD', age: 68 },
      { relation: 'SPOUSE', age: 66, disabilityGrade: 3 },
    ], { area: 'URBAN', income: '300.00' });
    tekunFor(w, people[0]!, { start: monthStart(D, -7) }, household);
    premium(w, people[0]!);
    livingSubsidy(w, people[1]!, { start: monthStart(D, -9) });
    w.nearMiss('D5', 'the living subsidy is the spouse\'s, the 特困 his');
  }
}

function livingSubsidy(w: World, person: Person, spec: StreamSpec) {
  return w.record({
    program: 'DISABILITY_LIVING_SUBSIDY', beneficiary: person, amount: spec.amount ?? '90.00', frequency: 'MONTHLY',
    start: spec.start!, end: spec.end, status: spec.status, details: { disabilityGrade: person.object.disabilityGrade! },
  });
}
