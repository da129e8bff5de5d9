// Per-person facts: ID number, disability, schooling, work, death. Rates are
// rough but realistic for an assistance caseload (about 8% disabled, most
// working-age adults out of work or in informal jobs).
import { checkCharacter } from '../lib/ids';
import type { MemberPlan } from './family';
import type { Rng } from './random';
import type { DisabilityGrade, DisabilityType, EmploymentStatus, SchoolStage, Sex } from './types';

/** Ages in the plans are whole years on 1 January of this year. */
export const REFERENCE_YEAR = 2026;
/** Deaths are dated before the data set's cut-off so none lies in the future. */
const LAST_DEATH_MONTH = 10;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** YYYYMMDD of someone who turned `age` during the previous year. */
export function birthDigits(rng: Rng, age: number): string {
  const year = REFERENCE_YEAR - 1 - age;
  const month = rng.int(1, 12);
  return `${year}${pad(month)}${pad(rng.int(1, daysIn(year, month)))}`;
}

/** Sequence digits 15-17: the last one is odd for men, even for women (GB 11643). */
export function makeIdNumber(rng: Rng, regionCode: string, birth: string, sex: Sex, used: Set<string>): string {
  for (;;) {
    const sequence = sex === 'MALE' ? rng.int(0, 499) * 2 + 1 : rng.int(1, 499) * 2;
    const first17 = `${regionCode}${birth}${pad(sequence, 3)}`;
    const idNumber = first17 + checkCharacter(first17);
    if (!used.has(idNumber)) {
      used.add(idNumber);
      return idNumber;
    }
  }
}

const DISABILITY_TYPES: readonly (readonly [DisabilityType, number])[] = [
  ['PHYSICAL', 35], ['HEARING', 15], ['VISUAL', 12], ['INTELLECTUAL', 12], ['MENTAL', 12], ['MULTIPLE', 11], ['SPEECH', 3],
];
const DISABILITY_GRADES: readonly (readonly [DisabilityGrade, number])[] = [[1, 15], [2, 25], [3, 30], [4, 30]];

export interface Disability {
  grade: DisabilityGrade;
  type: DisabilityType;
}

export function disabilityFor(rng: Rng, plan: MemberPlan): Disability | null {
  const base = plan.age < 18 ? 0.04 : plan.age < 60 ? 0.07 : 0.12;
  if (!rng.chance(plan.disabilityChance ?? base)) return null;
  return { grade: rng.weighted(DISABILITY_GRADES), type: rng.weighted(DISABILITY_TYPES) };
}

const severeLearning = (d: Disability | null): boolean =>
  d !== null && d.grade <= 2 && (d.type === 'INTELLECTUAL' || d.type === 'MULTIPLE');

/** Stage of the 2025-26 school year; severely disabled children are often not enrolled (送教上门 instead). */
export function schoolStageFor(rng: Rng, age: number, disability: Disability | null): SchoolStage | null {
  if (age < 3 || age > 22) return null;
  if (age >= 6 && severeLearning(disability) && rng.chance(0.5)) return null;
  if (age <= 5) return rng.chance(0.85) ? 'PRESCHOOL' : null;
  if (age <= 11) return 'PRIMARY';
  if (age <= 14) return 'JUNIOR_SECONDARY';
  if (age <= 17) return rng.weighted<SchoolStage | null>([['SENIOR_SECONDARY', 60], ['VOCATIONAL', 33], [null, 7]]);
  return rng.weighted<SchoolStage | null>([['HIGHER', 45], ['VOCATIONAL', 10], [null, 45]]);
}

export function employmentFor(
  rng: Rng,
  plan: MemberPlan,
  stage: SchoolStage | null,
  disability: Disability | null,
): EmploymentStatus | null {
  if (plan.age < 18) return null;
  if (stage !== null) return 'NOT_IN_LABOUR_FORCE';
  if (plan.age >= 60) return rng.chance(0.1) ? 'EMPLOYED' : 'NOT_IN_LABOUR_FORCE';
  if (disability !== null && disability.grade <= 2) return rng.chance(0.8) ? 'NOT_IN_LABOUR_FORCE' : 'UNEMPLOYED';
  return rng.weighted<EmploymentStatus>([['EMPLOYED', 50], ['UNEMPLOYED', 30], ['NOT_IN_LABOUR_FORCE', 20]]);
}

/** A very few of the oldest die during the year; their records stay, as in real registers. */
export function deathDateFor(rng: Rng, age: number): string | null {
  if (age < 75 || !rng.chance(0.06)) return null;
  const month = rng.int(1, LAST_DEATH_MONTH);
  return `${REFERENCE_YEAR}-${pad(month)}-${pad(rng.int(1, daysIn(REFERENCE_YEAR, month)))}`;
}
