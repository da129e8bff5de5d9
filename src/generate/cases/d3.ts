// D3 SAME_EVENT_OVER_COVERAGE: records of different payers for one event (a
// hospital bill) of one beneficiary whose amounts add up to more than the
// event's documented cost. Planted: medical assistance plus a charity, three
// payers, and an excess of one fen; near-misses at exactly the cost, with a
// CANCELLED payment, for two people, without any expense basis.
import { addDays } from '../dates';
import { comfortableIncome, family } from '../kit';
import { formatFen, toFen } from '../money';
import type { Person, World } from '../world';
import type { RecordObject } from '../../demo/types';

interface Payment {
  program: 'MEDICAL_ASSISTANCE' | 'CHARITY_GRANT' | 'TEMPORARY';
  amount: string;
  basis?: string;
  cancelled?: boolean;
  /** Another beneficiary (a parent paid for a child's bill, say). */
  to?: Person;
}

export function plantD3(w: World): void {
  const finding = (note: string, payments: Payment[]) => {
    const { person, records } = bill(w, payments);
    const amounts = records.reduce((sum, r) => sum + toFen(r.amount), 0);
    const basis = Math.max(...records.flatMap((r) => (r.expenseBasis ? [toFen(r.expenseBasis)] : [])));
    w.expectDuplicate('D3', { person, records, overpayment: formatFen(amounts - basis), note });
  };
  const nearMiss = (note: string, payments: Payment[]) => {
    bill(w, payments);
    w.nearMiss('D3', note);
  };
  finding('medical assistance and a charity paid one bill beyond its cost', [
    { program: 'MEDICAL_ASSISTANCE', amount: '6000.00', basis: '10000.00' },
    { program: 'CHARITY_GRANT', amount: '5000.00' },
  ]);
  finding('three payers for one bill; the largest of two expense bases counts', [
    { program: 'MEDICAL_ASSISTANCE', amount: '4000.00', basis: '9000.00' },
    { program: 'CHARITY_GRANT', amount: '3000.00', basis: '8000.00' },
    { program: 'TEMPORARY', amount: '2500.00' },
  ]);
  finding('paid one fen beyond the cost', [
    { program: 'MEDICAL_ASSISTANCE', amount: '7000.00', basis: '12000.00' },
    { program: 'CHARITY_GRANT', amount: '5000.01' },
  ]);
  nearMiss('paid exactly the documented cost', [
    { program: 'MEDICAL_ASSISTANCE', amount: '7000.00', basis: '12000.00' },
    { program: 'CHARITY_GRANT', amount: '5000.00' },
  ]);
  nearMiss('the second payment was CANCELLED', [
    { program: 'MEDICAL_ASSISTANCE', amount: '6000.00', basis: '10000.00' },
    { program: 'CHARITY_GRANT', amount: '5000.00', cancelled: true },
  ]);
  nearMiss('three payers, but the CANCELLED one would have tipped it over the cost', [
    { program: 'MEDICAL_ASSISTANCE', amount: '6000.00', basis: '10000.00' },
    { program: 'CHARITY_GRANT', amount: '3000.00' },
    { program: 'TEMPORARY', amount: '2000.00', cancelled: true },
  ]);
  nearMiss('no payment documents the cost (no expense basis)', [
    { program: 'MEDICAL_ASSISTANCE', amount: '6000.00' },
    { program: 'CHARITY_GRANT', amount: '5000.00' },
  ]);
  const mother = w.person({ age: 36, county: '510107' });
  nearMiss('the same bill number, but the charity paid the mother, not the patient', [
    { program: 'MEDICAL_ASSISTANCE', amount: '6000.00', basis: '10000.00' },
    { program: 'CHARITY_GRANT', amount: '5000.00', to: mother },
  ]);
}

/** A patient (a child in a family that is not poor) and the payments for one bill. */
function bill(w: World, payments: Payment[]): { person: Person; records: RecordObject[] } {
  const county = w.rng.pick(['510104', '510107', '511302', '513401']);
  const { household, people } = family(w, county, [{ relation: 'HEAD', age: 38 }, { relation: 'CHILD', age: w.rng.int(3, 15) }], { area: 'URBAN', income: comfortableIncome(w, county, 'URBAN') });
  const patient = people[1]!;
  const eventRef = `BILL-${county}-${String(w.records.length + 1).padStart(6, '0')}`;
  const discharged = addDays(w.asOf, -w.rng.int(30, 200));
  const records = payments.map((p, i) => w.record({
    program: p.program, beneficiary: p.to ?? patient, household, regionCode: county, amount: p.amount, frequency: 'ONE_OFF',
    start: addDays(discharged, 7 * (i + 1)), status: p.cancelled ? 'CANCELLED' : 'ENDED', needCategory: 'MEDICAL',
    eventRef, expenseBasis: p.basis,
  }));
  return { person: patient, records: records.filter((_, i) => !payments[i]!.cancelled) };
}
