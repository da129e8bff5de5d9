// The gap rules G1-G8 of RULES.md, one file each.
import type { Department, Program } from '../../db/client/prisma/enums';
import type { RuleId } from '../types';
import { g1SchoolAgeWithoutEducationAid } from './g1SchoolAgeWithoutEducationAid';
import { g2NoMedicalPremiumSubsidy } from './g2NoMedicalPremiumSubsidy';
import { g3SevereDisabilityWithoutNursingSubsidy } from './g3SevereDisabilityWithoutNursingSubsidy';
import { g4PoorDisabledWithoutLivingSubsidy } from './g4PoorDisabledWithoutLivingSubsidy';
import { g5ZeroEmploymentHousehold } from './g5ZeroEmploymentHousehold';
import { g6UnattendedChildWithoutGuarantee } from './g6UnattendedChildWithoutGuarantee';
import { g7ExpenditurePovertyCandidate } from './g7ExpenditurePovertyCandidate';
import { g8TekunStandardBelowPolicy } from './g8TekunStandardBelowPolicy';
import { departmentsOwning, type GapRule } from './shared';

export type { GapRule } from './shared';

export const gapRules: GapRule[] = [
  g1SchoolAgeWithoutEducationAid,
  g2NoMedicalPremiumSubsidy,
  g3SevereDisabilityWithoutNursingSubsidy,
  g4PoorDisabledWithoutLivingSubsidy,
  g5ZeroEmploymentHousehold,
  g6UnattendedChildWithoutGuarantee,
  g7ExpenditurePovertyCandidate,
  g8TekunStandardBelowPolicy,
];

/**
 * The programs that may close a gap rule's findings, and the departments
 * owning them (for referrals). Empty for a duplicate rule.
 */
export function gapSuggestions(rule: RuleId): { programs: readonly Program[]; departments: Department[] } {
  const programs = gapRules.find((r) => r.id === rule)?.suggestedPrograms ?? [];
  return { programs, departments: departmentsOwning(programs) };
}
