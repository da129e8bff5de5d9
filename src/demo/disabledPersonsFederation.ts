// 残联: the two subsidies (两项补贴) by the registry's disability grade: the
// nursing subsidy for every grade 1-2 person whatever the income, the living
// subsidy for disabled people in 低保 households (not for 特困, who are
// supported in full); rehabilitation for disabled children; assistive devices.
import type { RecordBook } from './book';
import { dayBetween, monthEnd, monthStartBetween } from './calendar';
import { isTekun, type Caseload, type HouseholdCase, type Member } from './caseload';
import type { Plants } from './plants';
import type { Rng } from './random';
import { livingSubsidyFen, nursingFen } from './rates';
import type { DisabilityType, RecordObject, RecordProgram } from './types';

const DEVICES: Partial<Record<DisabilityType, readonly [string, number, number]>> = {
  PHYSICAL: ['轮椅', 80000, 300000],
  VISUAL: ['盲杖及助视器', 30000, 120000],
  HEARING: ['助听器', 200000, 800000],
  MULTIPLE: ['护理床', 150000, 400000],
};

function subsidy(
  rng: Rng, book: RecordBook, h: HouseholdCase, m: Member, program: RecordProgram, amountFen: number, endDate: string | null = null,
): RecordObject {
  return book.add({
    program,
    beneficiary: m.person.idNumber,
    regionCode: h.county.code,
    amountFen,
    frequency: 'MONTHLY',
    startDate: monthStartBetween(rng, '2018-01', endDate ? '2025-06' : '2026-09'),
    endDate,
    // A few are paused while the disability certificate is re-assessed (残疾证换证).
    status: endDate ? 'ENDED' : rng.chance(0.03) ? 'SUSPENDED' : 'ACTIVE',
    needCategory: 'DISABILITY_CARE',
    details: { disabilityGrade: m.person.disabilityGrade!, disabilityType: m.person.disabilityType! },
  });
}

/** Living subsidy where the person is on 低保: through any household listing them. */
function dibaoListing(caseload: Caseload, m: Member): HouseholdCase | undefined {
  const listings = caseload.listings.get(m.person.idNumber) ?? [];
  return listings.find((h) => h.support === 'DIBAO') ?? listings.find((h) => h.support === 'DIBAO_ENDED');
}

export function disabledPersonsFederationRecords(rng: Rng, book: RecordBook, caseload: Caseload, plants: Plants): void {
  for (const { member: m, home: h } of caseload.persons.values()) {
    const grade = m.person.disabilityGrade;
    if (grade === null) continue;
    const id = m.person.idNumber;
    if (grade <= 2 && !plants.noNursing.has(id)) subsidy(rng, book, h, m, 'DISABILITY_NURSING_SUBSIDY', nursingFen(h.county.code, grade));
    const dibao = dibaoListing(caseload, m);
    if (dibao && !isTekun(h, m) && !plants.noLiving.has(id)) {
      // When the household left 低保 this year, the living subsidy stopped with it.
      const ended = dibao.support === 'DIBAO_ENDED' ? monthEnd(monthStartBetween(rng, '2026-02', '2026-09')) : null;
      subsidy(rng, book, h, m, 'DISABILITY_LIVING_SUBSIDY', livingSubsidyFen(h.county.code), ended);
    }
    if (!m.alive) continue;
    if (m.age < 18 && rng.chance(0.7)) {
      book.add({
        program: 'REHABILITATION',
        beneficiary: id,
        regionCode: h.county.code,
        amountFen: rng.int(12, 20) * 100000,
        frequency: 'ANNUAL',
        startDate: '2026-01-01',
        endDate: '2026-12-31',
        needCategory: 'DISABILITY_CARE',
        details: { disabilityGrade: grade, disabilityType: m.person.disabilityType! },
      });
    }
    const device = DEVICES[m.person.disabilityType!];
    if (device && rng.chance(0.25)) {
      book.add({
        program: 'ASSISTIVE_DEVICE',
        beneficiary: id,
        regionCode: h.county.code,
        amountFen: Math.round(rng.int(device[1], device[2]) / 100) * 100,
        frequency: 'ONE_OFF',
        startDate: dayBetween(rng, '2025-12-01', '2026-11-10'),
        needCategory: 'DISABILITY_CARE',
        details: { disabilityGrade: grade, disabilityType: m.person.disabilityType!, deviceName: device[0] },
      });
    }
  }
}

/** D5: 特困 people whose living subsidy was never stopped when they became 特困. */
export function plantLivingWhileTekun(rng: Rng, book: RecordBook, plants: Plants): RecordObject[] {
  return plants.livingWhileTekun.map(({ member, home }) =>
    subsidy(rng, book, home, member, 'DISABILITY_LIVING_SUBSIDY', livingSubsidyFen(home.county.code)),
  );
}
