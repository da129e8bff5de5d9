// What the planted set expects the rules to find, in the shape of RULES.md,
// written down by the generator as it plants each case (never by running the
// rules). Each finding and each near-miss carries a note saying which
// condition of its rule's row it exercises.
import type { Area, Program } from '../db/client/prisma/enums';

export const RULE_IDS = ['D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'G1', 'G2', 'G3', 'G4', 'G5', 'G6', 'G7', 'G8'] as const;
export type PlantedRuleId = (typeof RULE_IDS)[number];

export interface ExpectedFinding {
  kind: 'DUPLICATE' | 'GAP';
  rule: PlantedRuleId;
  personKey: string | null;
  householdSourceId: string | null;
  regionCode: string;
  area: Area | null;
  /** DEPARTMENT:sourceRecordId, sorted; empty for gaps. */
  records: string[];
  /** Two places; null for gaps. */
  overpayment: string | null;
  suggestedPrograms: Program[];
  /** The condition this case plants. */
  note: string;
}

export interface NearMiss {
  rule: PlantedRuleId;
  note: string;
}

/**
 * Programs that would close each gap (RULES.md: "each gap finding lists the
 * programs that would close it"), in the order the rules list them. G1: the
 * grant and the fee waiver both close an education gap; G5: a public-welfare
 * job or training, the two that reach a whole idle household.
 */
export const SUGGESTED: Record<Extract<PlantedRuleId, `G${string}`>, readonly Program[]> = {
  G1: ['EDU_GRANT', 'EDU_FEE_WAIVER'],
  G2: ['MEDICAL_PREMIUM_SUBSIDY'],
  G3: ['DISABILITY_NURSING_SUBSIDY'],
  G4: ['DISABILITY_LIVING_SUBSIDY'],
  G5: ['PUBLIC_WELFARE_JOB', 'EMPLOYMENT_TRAINING'],
  G6: ['ORPHAN_GUARANTEE'],
  G7: ['TEMPORARY', 'MEDICAL_ASSISTANCE'],
  G8: ['TEKUN'],
};

/** The stable identity of a finding (the runner's findingKey). */
export function findingKey(f: Pick<ExpectedFinding, 'kind' | 'rule' | 'personKey' | 'householdSourceId' | 'regionCode' | 'area' | 'records'>): string {
  if (f.kind === 'DUPLICATE') return [f.rule, ...f.records].join('|');
  if (f.rule === 'G8') return `G8|${f.regionCode}|${f.area}`;
  return `${f.rule}|${f.personKey ?? f.householdSourceId}`;
}

/** RULES.md's order of rules, then the finding key: the order `detect` reports in. */
export function byRuleThenKey(a: ExpectedFinding, b: ExpectedFinding): number {
  const rank = RULE_IDS.indexOf(a.rule) - RULE_IDS.indexOf(b.rule);
  if (rank !== 0) return rank;
  const [ka, kb] = [findingKey(a), findingKey(b)];
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** One line of `assist-hub detect --json` (RULES.md, "Finding shape"), key order as there. */
export function toRulesJson(f: ExpectedFinding, asOf: string): Record<string, unknown> {
  if (f.kind === 'DUPLICATE') {
    return { kind: f.kind, rule: f.rule, personKey: f.personKey, householdSourceId: f.householdSourceId, records: f.records, overpayment: f.overpayment, asOf };
  }
  return {
    kind: f.kind, rule: f.rule, personKey: f.personKey, householdSourceId: f.householdSourceId,
    regionCode: f.regionCode, area: f.area, suggestedPrograms: f.suggestedPrograms, asOf,
  };
}
