// The duplicate-payout rules D1-D6 of RULES.md, one file each.
import type { Rule } from '../types';
import { d1ExclusiveBasicLiving } from './d1ExclusiveBasicLiving';
import { d2SameProgramTwice } from './d2SameProgramTwice';
import { d3SameEventOverCoverage } from './d3SameEventOverCoverage';
import { d4HousingDouble } from './d4HousingDouble';
import { d5DisabilitySubsidyWhileTekun } from './d5DisabilitySubsidyWhileTekun';
import { d6PaymentAfterDeath } from './d6PaymentAfterDeath';

export const duplicateRules: Rule[] = [
  d1ExclusiveBasicLiving,
  d2SameProgramTwice,
  d3SameEventOverCoverage,
  d4HousingDouble,
  d5DisabilitySubsidyWhileTekun,
  d6PaymentAfterDeath,
];
