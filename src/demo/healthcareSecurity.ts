// 医保: the 2026 insurance premium paid for everyone on 低保/特困 and for
// orphans (参保资助), and 医疗救助 on hospital bills, settled at discharge
// ("一站式" settlement) as a share of what insurance left the family to pay.
// The bill number is the eventRef and that out-of-pocket cost the
// expenseBasis, so charities paying toward the same bill can be matched.
import type { RecordBook } from './book';
import { AS_OF, addDays, dayBetween } from './calendar';
import { isTekun, type Caseload, type HouseholdCase, type Member } from './caseload';
import { hospitalFor, type Hospital } from './places';
import type { Plants } from './plants';
import type { Rng } from './random';
import { MEDICAL_ASSISTANCE_CAP_FEN, medicalAssistanceShare, premiumFen } from './rates';

export interface MedicalEvent {
  member: Member;
  home: HouseholdCase;
  hospital: Hospital;
  eventRef: string;
  admission: string;
  discharge: string;
  billFen: number;
  insuranceFen: number;
  outOfPocketFen: number;
  assistanceFen: number;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** One inpatient stay in 2026, before the patient's death if they died. */
export function hospitalStay(rng: Rng, home: HouseholdCase, member: Member, serious = rng.chance(0.25)): MedicalEvent | null {
  const last = member.person.deathDate && member.person.deathDate < '2026-10-20' ? member.person.deathDate : '2026-10-20';
  if (last < '2026-01-20') return null;
  const admission = dayBetween(rng, '2026-01-03', addDays(last, -14));
  const stayed = addDays(admission, serious ? rng.int(10, 40) : rng.int(3, 12));
  // Some patients die in hospital; no bill is settled after the extract date.
  const discharge = [stayed, member.person.deathDate ?? AS_OF, AS_OF].sort()[0]!;
  const billFen = serious ? rng.int(3_000_000, 20_000_000) : rng.int(300_000, 1_500_000);
  const insuranceFen = Math.round(billFen * (serious ? rng.int(60, 80) : rng.int(55, 72)) / 100);
  const hospital = hospitalFor(rng, home.county.code, member.age, serious);
  const outOfPocketFen = billFen - insuranceFen;
  const share = medicalAssistanceShare(isTekun(home, member));
  return {
    member, home, hospital, admission, discharge, billFen, insuranceFen, outOfPocketFen,
    eventRef: `ZY-${hospital.code}-${admission.replaceAll('-', '')}-${pad(rng.int(1, 9999), 4)}`,
    assistanceFen: Math.min(Math.round(outOfPocketFen * share), MEDICAL_ASSISTANCE_CAP_FEN),
  };
}

export function addMedicalAssistance(book: RecordBook, e: MedicalEvent, status?: 'CANCELLED') {
  return book.add({
    program: 'MEDICAL_ASSISTANCE',
    beneficiary: e.member.person.idNumber,
    regionCode: e.home.county.code,
    amountFen: e.assistanceFen,
    frequency: 'ONE_OFF',
    startDate: e.discharge,
    ...(status ? { status } : {}),
    needCategory: 'MEDICAL',
    eventRef: e.eventRef,
    expenseBasisFen: e.outOfPocketFen,
    details: {
      hospitalName: e.hospital.name,
      billTotal: (e.billFen / 100).toFixed(2),
      insurancePaid: (e.insuranceFen / 100).toFixed(2),
      admissionDate: e.admission,
      dischargeDate: e.discharge,
    },
  });
}

/** Older and disabled people are admitted far more often. */
function admissionChance(m: Member): number {
  const base = m.age >= 60 ? 0.2 : m.age < 18 ? 0.06 : 0.08;
  return base + (m.person.disabilityGrade !== null ? 0.1 : 0);
}

/** Returns the hospital stays, for the charities' medical fund. */
export function healthcareSecurityRecords(rng: Rng, book: RecordBook, caseload: Caseload, plants: Plants): MedicalEvent[] {
  const events: MedicalEvent[] = [];
  const planted = new Set(plants.overCovered.map((p) => p.member.person));
  for (const { member: m, home: h } of caseload.persons.values()) {
    // Households that left 低保 during 2026 were on it at enrolment (autumn 2025), so they have it too.
    const onDibao = (caseload.listings.get(m.person.idNumber) ?? []).some((l) => l.support === 'DIBAO' || l.support === 'DIBAO_ENDED');
    const tekun = isTekun(h, m);
    if (tekun || m.person.orphan || onDibao) {
      book.add({
        program: 'MEDICAL_PREMIUM_SUBSIDY',
        beneficiary: m.person.idNumber,
        regionCode: h.county.code,
        amountFen: premiumFen(tekun || m.person.orphan),
        frequency: 'ANNUAL',
        startDate: '2026-01-01',
        endDate: '2026-12-31',
        needCategory: 'MEDICAL',
      });
    }
    if (!(tekun || h.support === 'DIBAO') || planted.has(m.person) || !rng.chance(admissionChance(m))) continue;
    const stay = hospitalStay(rng, h, m);
    if (!stay) continue;
    addMedicalAssistance(book, stay);
    // Now and then the hospital submitted the claim twice and the copy was voided.
    if (rng.chance(0.04)) addMedicalAssistance(book, stay, 'CANCELLED');
    events.push(stay);
  }
  return events;
}
