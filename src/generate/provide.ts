// Everything a person or household qualifies for, as of D, so that they trigger
// no gap rule: the premium subsidy for people on 低保 or 特困, education aid
// for school-age children on them, the nursing subsidy for grades 1-2, the
// living subsidy for disabled people on 低保 (not 特困: that would be D5), the
// orphan guarantee, and employment aid for a 低保 household with an idle adult
// and nobody in work. A case withholds exactly the one it plants.
import type { RecordObject } from '../demo/types';
import { addDays, monthEnd, monthStart, yearEnd, yearStart } from './dates';
import type { Household, Person, World } from './world';

export type Provision = 'premium' | 'education' | 'nursing' | 'living' | 'guarantee' | 'employment';

export interface Support {
  /** What covers the person on D. */
  poor: 'DIBAO' | 'TEKUN' | null;
  household?: Household;
  withhold?: readonly Provision[];
}

export const isAlive = (w: World, p: Person): boolean => p.object.deathDate === null || p.object.deathDate > w.asOf;

/** An age from 16 to 59, out of work, not in school and not severely disabled (G5's idle member). */
export const isIdle = (w: World, p: Person): boolean =>
  isAlive(w, p) && p.age >= 16 && p.age <= 59 && p.object.employmentStatus === 'UNEMPLOYED' &&
  p.object.schoolStage === null && !(p.object.disabilityGrade !== null && p.object.disabilityGrade <= 2);

const schoolAge = (p: Person): boolean =>
  p.object.schoolStage !== null && p.object.schoolStage !== 'HIGHER' && p.age >= 6 && p.age <= 18;

export function provide(w: World, p: Person, support: Support): RecordObject[] {
  if (!isAlive(w, p)) return [];
  const held = new Set(support.withhold ?? []);
  const give = (what: Provision, when: boolean, make: () => RecordObject): RecordObject[] => (when && !held.has(what) ? [make()] : []);
  const grade = p.object.disabilityGrade;
  const household = support.household;
  return [
    ...give('premium', support.poor !== null, () => premium(w, p)),
    ...give('education', support.poor !== null && schoolAge(p), () => educationAid(w, p)),
    ...give('nursing', grade !== null && grade <= 2, () =>
      w.record({ program: 'DISABILITY_NURSING_SUBSIDY', beneficiary: p, household, amount: '100.00', frequency: 'MONTHLY', start: monthStart(w.asOf, -14), details: { disabilityGrade: grade! } })),
    ...give('living', grade !== null && support.poor === 'DIBAO', () =>
      w.record({ program: 'DISABILITY_LIVING_SUBSIDY', beneficiary: p, household, amount: '90.00', frequency: 'MONTHLY', start: monthStart(w.asOf, -5), details: { disabilityGrade: grade! } })),
    ...give('guarantee', p.object.orphan && p.age < 18 && support.poor !== 'TEKUN', () =>
      w.record({ program: 'ORPHAN_GUARANTEE', beneficiary: p, household, amount: '1300.00', frequency: 'MONTHLY', start: monthStart(w.asOf, -8) })),
  ];
}

/** The medical-insurance premium of D's year (参保资助), paid once a year. */
export const premium = (w: World, p: Person): RecordObject =>
  w.record({ program: 'MEDICAL_PREMIUM_SUBSIDY', beneficiary: p, amount: '380.00', frequency: 'ANNUAL', start: yearStart(w.year), end: yearEnd(w.year) });

/** This term's grant (助学金), or now and then a charity's education grant paid a few weeks ago. */
function educationAid(w: World, p: Person): RecordObject {
  if (w.rng.chance(0.2)) {
    return w.record({ program: 'CHARITY_GRANT', beneficiary: p, amount: '1000.00', frequency: 'ONE_OFF', start: addDays(w.asOf, -w.rng.int(10, 200)), needCategory: 'EDUCATION' });
  }
  return w.record({
    program: 'EDU_GRANT', beneficiary: p, amount: '1250.00', frequency: 'PER_TERM', start: monthStart(w.asOf, -2), end: monthEnd(w.asOf, 3),
    details: { schoolStage: p.object.schoolStage! },
  });
}

/** G5's hygiene: a public-welfare job for the first idle member when nobody in the household works. */
export function provideEmployment(w: World, household: Household, onDibao: boolean, withhold: readonly Provision[] = []): RecordObject[] {
  if (!onDibao || withhold.includes('employment')) return [];
  if (household.members.some((m) => m.object.employmentStatus === 'EMPLOYED')) return [];
  const idle = household.members.find((m) => isIdle(w, m));
  if (!idle) return [];
  return [w.record({
    program: 'PUBLIC_WELFARE_JOB', beneficiary: idle, household, amount: '1800.00', frequency: 'MONTHLY',
    start: monthStart(w.asOf, -4), end: monthEnd(w.asOf, 8), details: { employer: '社区服务中心', position: '保洁员' },
  })];
}
