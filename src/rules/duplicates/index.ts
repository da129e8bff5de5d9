// The duplicate-payout rules D1-D6 of RULES.md, one file each.
import type { Rule } from '../types';

export const duplicateRules: Rule[] = [];
