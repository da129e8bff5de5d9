// RULES.md's name of each rule id, shown next to the id on every finding;
// taken from the rules themselves so the two never disagree.
import { allRules } from '.';

export const RULE_NAMES: Readonly<Record<string, string>> = Object.fromEntries(allRules.map((rule) => [rule.id, rule.name]));

export function ruleName(rule: string): string | null {
  return Object.hasOwn(RULE_NAMES, rule) ? RULE_NAMES[rule]! : null;
}
