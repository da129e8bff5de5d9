// The gap rules G1-G8 of RULES.md, one file each.
import type { Rule } from '../types';

export const gapRules: Rule[] = [];
