// 人社: 低保 households where nobody works and someone could get one job
// support: a public-welfare job (公益性岗位) for the over-40s, who are hard to
// place, vocational training or a job-seeking subsidy for the younger. Some
// unemployed people in near-poor families also take a subsidised course.
import type { RecordBook } from './book';
import { dayBetween, monthStartBetween } from './calendar';
import { dibaoCovers, type Caseload, type HouseholdCase, type Member } from './caseload';
import { TRAINING_COURSES, welfareJobFor } from './places';
import { idleWorkers, type Plants } from './plants';
import type { Rng } from './random';
import { welfareJobFen } from './rates';

/** Posts are one-year contracts renewed each January. */
const CONTRACT_END = '2026-12-31';

function welfareJob(rng: Rng, book: RecordBook, h: HouseholdCase, m: Member): void {
  book.add({
    program: 'PUBLIC_WELFARE_JOB',
    beneficiary: m.person.idNumber,
    regionCode: h.county.code,
    amountFen: welfareJobFen(h.household.area === 'URBAN', (amounts) => rng.pick(amounts)),
    frequency: 'MONTHLY',
    startDate: monthStartBetween(rng, '2024-01', '2026-09'),
    endDate: CONTRACT_END,
    needCategory: 'EMPLOYMENT',
    details: { ...welfareJobFor(rng, h), hoursPerMonth: rng.pick([88, 120, 176]) },
  });
}

/** Training and job-seeking subsidies are paid once, this year, so they stay "recent" for the rules. */
function oneOffSupport(rng: Rng, book: RecordBook, h: HouseholdCase, m: Member): void {
  const training = rng.chance(0.7);
  book.add({
    program: training ? 'EMPLOYMENT_TRAINING' : 'EMPLOYMENT_SUBSIDY',
    beneficiary: m.person.idNumber,
    regionCode: h.county.code,
    amountFen: training ? rng.int(12, 30) * 10000 : 150000,
    frequency: 'ONE_OFF',
    startDate: dayBetween(rng, '2026-01-10', '2026-11-10'),
    needCategory: 'EMPLOYMENT',
    // The job-seeking subsidy (一次性求职补贴) has nothing beyond the shared core.
    details: training ? { trainingCourse: rng.pick(TRAINING_COURSES), hoursPerMonth: rng.pick([40, 80, 120]) } : {},
  });
}

export function humanResourcesRecords(rng: Rng, book: RecordBook, caseload: Caseload, plants: Plants): void {
  for (const h of caseload.households) {
    if (plants.noEmploymentAid.has(h.household.sourceId)) continue;
    const idle = idleWorkers(h);
    const oldest = [...idle].sort((a, b) => b.age - a.age)[0];
    if (oldest && dibaoCovers(h)) {
      if (oldest.age >= 40) welfareJob(rng, book, h, oldest);
      else oneOffSupport(rng, book, h, oldest);
      continue;
    }
    const unemployed = h.members.find((m) => m.alive && m.age >= 18 && m.age <= 55 && m.person.employmentStatus === 'UNEMPLOYED');
    if (unemployed && h.band !== 'ABOVE' && rng.chance(0.15)) oneOffSupport(rng, book, h, unemployed);
  }
}
