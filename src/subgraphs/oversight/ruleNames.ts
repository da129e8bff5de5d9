// RULES.md's name of each rule id, shown next to the id on every finding.
import type { RuleId } from '../../rules/types';

export const RULE_NAMES: Record<RuleId, string> = {
  D1: 'EXCLUSIVE_BASIC_LIVING',
  D2: 'SAME_PROGRAM_TWICE',
  D3: 'SAME_EVENT_OVER_COVERAGE',
  D4: 'HOUSING_DOUBLE',
  D5: 'DISABILITY_SUBSIDY_WHILE_TEKUN',
  D6: 'PAYMENT_AFTER_DEATH',
  G1: 'SCHOOL_AGE_WITHOUT_EDUCATION_AID',
  G2: 'NO_MEDICAL_PREMIUM_SUBSIDY',
  G3: 'SEVERE_DISABILITY_WITHOUT_NURSING_SUBSIDY',
  G4: 'POOR_DISABLED_WITHOUT_LIVING_SUBSIDY',
  G5: 'ZERO_EMPLOYMENT_HOUSEHOLD',
  G6: 'UNATTENDED_CHILD_WITHOUT_GUARANTEE',
  G7: 'EXPENDITURE_POVERTY_CANDIDATE',
  G8: 'TEKUN_STANDARD_BELOW_POLICY',
};

export const DUPLICATE_RULE_IDS = ['D1', 'D2', 'D3', 'D4', 'D5', 'D6'] as const;

export function ruleName(rule: string): string | null {
  return (RULE_NAMES as Record<string, string>)[rule] ?? null;
}
