// Every rule of RULES.md, in its order.
import { duplicateRules } from './duplicates';
import { gapRules } from './gaps';
import type { Rule } from './types';

export const allRules: Rule[] = [...duplicateRules, ...gapRules];
