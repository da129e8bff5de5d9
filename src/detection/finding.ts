// A finding as the runner hands it on: one rule's row (RuleRow) with its
// stable identity, and RULES.md's JSON shape of it ("Finding shape").
import type { Area, Department, FindingKind, Program } from '../db/client/prisma/enums';
import type { Rule, RuleId, RuleRow } from './types';

export interface DetectedFinding {
  /** Stable identity across runs: rule + sorted records (duplicates), rule + person / household / region and area (gaps). */
  findingKey: string;
  kind: FindingKind;
  rule: RuleId;
  personKey: string | null;
  householdSourceId: string | null;
  regionCode: string;
  regionCodes: string[];
  area: Area | null;
  records: string[];
  overpayment: string | null;
  suggestedPrograms: Program[];
  departments: Department[];
}

type Identity = Pick<DetectedFinding, 'kind' | 'rule' | 'personKey' | 'householdSourceId' | 'regionCode' | 'area' | 'records'>;

/** `D1|CIVIL_AFFAIRS:CA-1|CIVIL_AFFAIRS:CA-2`, `G3|<personKey>`, `G5|HH-…`, `G8|513431|RURAL`. */
export function findingKeyOf(f: Identity): string {
  if (f.kind === 'DUPLICATE') return [f.rule, ...f.records].join('|');
  if (f.personKey !== null) return `${f.rule}|${f.personKey}`;
  if (f.householdSourceId !== null) return `${f.rule}|${f.householdSourceId}`;
  return `${f.rule}|${f.regionCode}|${f.area}`;
}

/** A rule's row as a finding. Enum arrays the driver could not parse ('{A,B}') are read here. */
export function findingOf(rule: Rule, row: RuleRow): DetectedFinding {
  const finding: Omit<DetectedFinding, 'findingKey'> = {
    kind: rule.kind,
    rule: rule.id,
    personKey: row.person_key,
    householdSourceId: row.household_source_id,
    regionCode: row.region_code,
    regionCodes: textArray(row.region_codes),
    area: row.area,
    records: textArray(row.records),
    overpayment: row.overpayment,
    suggestedPrograms: textArray(row.suggested_programs) as Program[],
    departments: textArray(row.departments) as Department[],
  };
  if (finding.overpayment !== null && !/^\d+\.\d{2}$/.test(String(finding.overpayment))) {
    throw new Error(`rule ${rule.id}: overpayment must be decimal text with two places, got ${JSON.stringify(finding.overpayment)}`);
  }
  return { findingKey: findingKeyOf(finding), ...finding };
}

function textArray(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string' && value.startsWith('{') && value.endsWith('}')) {
    return value === '{}' ? [] : value.slice(1, -1).split(',');
  }
  throw new Error(`expected an array column, got ${JSON.stringify(value)}`);
}

/** One line of `assist-hub detect --json`: exactly RULES.md's object, keys in its order. */
export function toRulesJson(f: DetectedFinding, asOf: string): Record<string, unknown> {
  if (f.kind === 'DUPLICATE') {
    return {
      kind: f.kind,
      rule: f.rule,
      personKey: f.personKey,
      householdSourceId: f.householdSourceId,
      records: f.records,
      overpayment: f.overpayment,
      asOf,
    };
  }
  return {
    kind: f.kind,
    rule: f.rule,
    personKey: f.personKey,
    householdSourceId: f.householdSourceId,
    regionCode: f.regionCode,
    area: f.area,
    suggestedPrograms: f.suggestedPrograms,
    asOf,
  };
}

/** Code-unit order, as JavaScript's sort and PostgreSQL's COLLATE "C": the same everywhere. */
export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
