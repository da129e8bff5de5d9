// D4 HOUSING_DOUBLE: public rental housing and a rental subsidy for the same
// household at the same time (the subsidy should stop when the family moves
// in). Planted: a subsidy paid quarterly and never stopped, a one-day overlap,
// an allocation that starts after D; near-misses: stopped the day before, a
// CANCELLED subsidy, two households of the same head, a renovation grant.
import { addDays, monthEnd, monthStart } from '../dates';
import { comfortableIncome, family, poorIncome } from '../kit';
import { pairOverpayment } from '../money';
import type { StreamSpec } from '../kit';
import type { Household, World } from '../world';
import type { RecordObject } from '../../demo/types';

export function plantD4(w: World): void {
  const D = w.asOf;
  const finding = (note: string, rental: StreamSpec, subsidy: StreamSpec) => {
    const h = renters(w);
    const a = publicRental(w, h, rental);
    const b = rentalSubsidy(w, h, subsidy);
    w.expectDuplicate('D4', { person: h.head, household: h, records: [a, b], overpayment: pairOverpayment(a, b, D), note });
  };
  finding('rental subsidy (quarterly) never stopped after moving into public rental housing', { start: monthStart(D, -5) }, { amount: '1500.00', frequency: 'QUARTERLY', start: monthStart(D, -20) });
  finding('subsidy ends on the day the family moves in: one common day', { start: monthStart(D, -2) }, { start: monthStart(D, -12), end: monthStart(D, -2) });
  finding('public rental allocated from 30 days after D, subsidy still running: overpayment 0.00', { start: addDays(D, 30) }, { start: monthStart(D, -8) });

  let h = renters(w);
  rentalSubsidy(w, h, { start: monthStart(D, -12), end: monthEnd(D, -3) });
  publicRental(w, h, { start: monthStart(D, -2) });
  w.nearMiss('D4', 'subsidy stopped on the last day of the month before moving in');

  h = renters(w);
  rentalSubsidy(w, h, { start: monthStart(D, -12), status: 'CANCELLED' });
  publicRental(w, h, { start: monthStart(D, -2) });
  w.nearMiss('D4', 'the overlapping subsidy is CANCELLED');

  // The same person heads two households (a second registration in another county).
  h = renters(w);
  const { household: other } = family(w, '510121', [{ existing: h.head, relation: 'HEAD' }], { area: 'URBAN', income: comfortableIncome(w, '510121', 'URBAN') });
  publicRental(w, h, { start: monthStart(D, -4) });
  rentalSubsidy(w, other, { start: monthStart(D, -9) });
  w.nearMiss('D4', 'public rental for one household, subsidy for another household of the same head');

  h = renters(w);
  publicRental(w, h, { start: monthStart(D, -4) });
  w.record({ program: 'RURAL_HOUSING_RENOVATION', beneficiary: h.head, household: h, amount: '20000.00', frequency: 'ONE_OFF', start: addDays(D, -60) });
  w.nearMiss('D4', 'public rental and a housing renovation grant: not a rental subsidy');
}

function renters(w: World): Household {
  const county = w.rng.pick(['510104', '510105', '510107', '511302']);
  return family(w, county, [{ relation: 'HEAD', age: 55 }, { relation: 'SPOUSE', age: 53 }], { area: 'URBAN', income: poorIncome(w, county, 'URBAN') }).household;
}

const publicRental = (w: World, h: Household, spec: StreamSpec): RecordObject =>
  w.record({ program: 'PUBLIC_RENTAL', beneficiary: h.head, household: h, amount: spec.amount ?? '450.00', frequency: spec.frequency ?? 'MONTHLY', start: spec.start!, end: spec.end, status: spec.status, details: { propertyRef: `PR-${h.sourceId}`, floorAreaSqm: '45.50' } });

const rentalSubsidy = (w: World, h: Household, spec: StreamSpec): RecordObject =>
  w.record({ program: 'RENTAL_SUBSIDY', beneficiary: h.head, household: h, amount: spec.amount ?? '600.00', frequency: spec.frequency ?? 'MONTHLY', start: spec.start!, end: spec.end, status: spec.status });
