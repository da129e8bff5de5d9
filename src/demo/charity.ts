// 慈善: two registered programs. The Red Cross in Chengdu tops up poor students'
// autumn term; the provincial charity federation's children's fund pays part
// of a sick child's hospital bill after medical assistance, quoting the same
// bill number (eventRef) and cost (expenseBasis).
import type { RecordBook } from './book';
import { AS_OF, TERMS, addDays, dayBetween } from './calendar';
import { dibaoCovers, type Caseload } from './caseload';
import type { MedicalEvent } from './healthcareSecurity';
import type { Plants } from './plants';
import type { Rng } from './random';
import type { CharityProgramObject, RecordObject } from './types';

export const RED_CROSS_EDU: CharityProgramObject = {
  type: 'charityProgram',
  code: 'RED-CROSS-CD-2026-EDU',
  name: '成都市红十字会2026年博爱助学计划',
  organization: 'CD-RED-CROSS',
  needCategory: 'EDUCATION',
  regionCodes: ['5101'],
  budget: '500000.00',
  startDate: '2026-01-01',
  endDate: '2026-12-31',
};

export const CHILD_MEDICAL_FUND: CharityProgramObject = {
  type: 'charityProgram',
  code: 'SC-CHARITY-2026-CHILD-MED',
  name: '四川省慈善总会困境儿童大病救助基金（2026）',
  organization: 'SC-CHARITY-FED',
  needCategory: 'MEDICAL',
  regionCodes: ['51'],
  budget: '3000000.00',
  startDate: '2026-01-01',
  endDate: '2026-12-31',
};

export const charityPrograms = (): CharityProgramObject[] => [{ ...RED_CROSS_EDU, regionCodes: ['5101'] }, { ...CHILD_MEDICAL_FUND, regionCodes: ['51'] }];

/** A grant toward a hospital bill, paid a few weeks after discharge. */
export function addBillGrant(rng: Rng, book: RecordBook, e: MedicalEvent, amountFen: number): RecordObject {
  const paid = addDays(e.discharge, rng.int(14, 45));
  return book.add({
    program: 'CHARITY_GRANT',
    beneficiary: e.member.person.idNumber,
    regionCode: e.home.county.code,
    amountFen,
    frequency: 'ONE_OFF',
    startDate: paid < AS_OF ? paid : AS_OF,
    needCategory: 'MEDICAL',
    eventRef: e.eventRef,
    expenseBasisFen: e.outOfPocketFen,
    charityProgramCode: CHILD_MEDICAL_FUND.code,
    details: { purpose: `${e.hospital.name}住院医疗费用救助` },
  });
}

export function charityRecords(rng: Rng, book: RecordBook, caseload: Caseload, plants: Plants, events: readonly MedicalEvent[]): void {
  for (const { member: m, home: h } of caseload.persons.values()) {
    const stage = m.person.schoolStage;
    if (!h.county.code.startsWith('5101') || !dibaoCovers(h) || stage === null || !m.alive) continue;
    if (plants.noEducation.has(m.person.idNumber) || !rng.chance(0.3)) continue;
    book.add({
      program: 'CHARITY_GRANT',
      beneficiary: m.person.idNumber,
      regionCode: h.county.code,
      amountFen: rng.pick([100000, 150000, 200000]),
      frequency: 'ONE_OFF',
      startDate: dayBetween(rng, TERMS.autumn.start, '2026-09-30'),
      needCategory: 'EDUCATION',
      charityProgramCode: RED_CROSS_EDU.code,
      details: { purpose: '2026年秋季学期博爱助学金' },
    });
  }
  // The fund pays 15-25% of the child's out-of-pocket cost: with medical assistance's 70%, never more than the bill.
  for (const e of events) {
    if (e.member.age >= 18 || e.assistanceFen >= e.outOfPocketFen * 0.75 || !rng.chance(0.5)) continue;
    addBillGrant(rng, book, e, Math.round((e.outOfPocketFen * rng.int(15, 25)) / 100));
  }
}
