// Row rules: for each entity, a function of the caller returning the
// condition a row must meet for the caller to see it (in the manner of
// Keystone's access filters). Every lookup, list, count, cursor, `_entities`
// reference, finding, referral, check at the door and write check asks these
// and nothing else; what a rule does not let through is exactly like what
// does not exist. Rendered to Prisma, SQL or an in-memory check by
// condition.ts.
import type { Caller } from './callers';
import { HOUSEHOLD_LEVEL_PROGRAMS } from '../departments/programs';
import {
  ALL,
  and,
  equals,
  has,
  is,
  NONE,
  not,
  oneOf,
  or,
  some,
  someOverlaps,
  someStartsWith,
  startsWith,
  matches,
  toPrisma,
  toSql,
  type Condition,
} from './condition';
import { can } from './permissions';
import { FINDING_REVEALS_HEALTH, RECORD_REVEALS_HEALTH, REFERRAL_REVEALS_HEALTH } from './sensitivity';

/** A code under one of the caller's region prefixes; ADMIN has the whole province. */
export function inRegions(caller: Caller, field: string): Condition {
  return caller.role === 'ADMIN' ? ALL : startsWith(field, caller.regions);
}

/** Without a stated purpose, what reveals health is not there at all. */
const unlessPurpose = (caller: Caller, reveals: Condition): Condition => (caller.purpose ? ALL : not(reveals));

/** A person who lives, is registered (户籍) or is listed in a household in the regions `region` admits. */
function personTiedTo(region: (field: string) => Condition): Condition {
  return or(region('residenceRegionCode'), region('hukouRegionCode'), some('memberships', is('household', region('regionCode'))));
}

/** A person who lives, is registered (户籍) or is listed in a household in the caller's regions. */
export function personFilter(caller: Caller | null): Condition {
  if (!caller || !can(caller, 'readRegistry')) return NONE;
  return personTiedTo((field) => inRegions(caller, field));
}

/**
 * A person a charity program may pay (ACCESS.md v2, writes): tied to one of
 * the program's region-code prefixes the way personFilter ties a person to a
 * caller's regions (residence, hukou, or a household listing them). Asked by
 * the grant write check (src/access/writes.ts) on the stored person; an
 * unknown person is no person the program may pay.
 */
export function grantBeneficiaryFilter(program: { regionCodes: readonly string[] }): Condition {
  return personTiedTo((field) => startsWith(field, program.regionCodes));
}

/** A household registered in the caller's regions. */
export function householdFilter(caller: Caller | null): Condition {
  if (!caller || !can(caller, 'readRegistry')) return NONE;
  return inRegions(caller, 'regionCode');
}

/**
 * A record paid in the caller's regions, or one that covers a person in them
 * (their own, or a household-level grant of a household listing them: seeing
 * what others pay is the point of sharing). A charity sees the grants of its
 * own programs. Health-revealing records need a purpose.
 */
export function recordFilter(caller: Caller | null): Condition {
  if (!caller) return NONE;
  if (caller.role === 'CHARITY') return caller.org ? is('charityProgram', equals('organization', caller.org)) : NONE;
  if (!can(caller, 'readRecords')) return NONE;
  return and(recordCovers(caller), unlessPurpose(caller, RECORD_REVEALS_HEALTH));
}

/** A record paid in the caller's regions, or covering a person in them (their own, or a household-level grant of a household listing them). */
function recordCovers(caller: Caller): Condition {
  const person = personFilter(caller);
  return or(
    inRegions(caller, 'regionCode'),
    is('beneficiary', person),
    and(oneOf('program', HOUSEHOLD_LEVEL_PROGRAMS), is('household', some('members', is('person', person)))),
  );
}

/**
 * The records a caller may name to close a referral (closeReferral): those
 * they may read; a caseworker, who reads no records, those a record reader of
 * the same regions would (paid there, or covering a person there), health
 * ones only with a purpose. Any other record is "no record", exactly like one
 * that does not exist, so the refusal says nothing about it (its department,
 * status or whom it covers). Not in ROW_RULES: it is a check on a write's
 * argument, not a rule of what a query shows.
 */
export function closingRecordFilter(caller: Caller | null): Condition {
  if (!caller || !can(caller, 'closeReferrals')) return NONE;
  if (can(caller, 'readRecords')) return recordFilter(caller);
  return and(recordCovers(caller), unlessPurpose(caller, RECORD_REVEALS_HEALTH));
}

/** Documented expenses (medical bills) of persons in scope. */
export function expenseFilter(caller: Caller | null): Condition {
  if (!caller || !can(caller, 'readRecords')) return NONE;
  return is('person', personFilter(caller));
}

/**
 * OFFICER, SYSTEM: findings that involve their department or lie in their
 * regions. CASEWORKER: gap findings in their regions. AUDITOR: their regions.
 * ADMIN: all. Findings whose rule implies illness or disability need a purpose.
 */
export function findingFilter(caller: Caller | null): Condition {
  if (!caller || !can(caller, 'readFindings')) return NONE;
  const regions = or(inRegions(caller, 'regionCode'), caller.role === 'ADMIN' ? ALL : someStartsWith('regionCodes', caller.regions));
  const scope = (() => {
    switch (caller.role) {
      case 'OFFICER':
      case 'SYSTEM':
        return caller.department ? or(has('departments', caller.department), regions) : regions;
      case 'CASEWORKER':
        return and(equals('kind', 'GAP'), regions);
      default:
        return regions;
    }
  })();
  return and(scope, unlessPurpose(caller, FINDING_REVEALS_HEALTH));
}

/** The findings whose review state the caller may change: their department's, in their regions. */
export function findingReviewFilter(caller: Caller | null): Condition {
  if (!caller || !can(caller, 'reviewFindings')) return NONE;
  if (caller.role === 'ADMIN') return ALL;
  if (!caller.department) return NONE;
  const regions = or(inRegions(caller, 'regionCode'), someStartsWith('regionCodes', caller.regions));
  return and(has('departments', caller.department), regions, unlessPurpose(caller, FINDING_REVEALS_HEALTH));
}

/**
 * CASEWORKER and AUDITOR: referrals in their regions. OFFICER, SYSTEM: those
 * sent to their department in their regions. ADMIN: all. A referral for a
 * health or disability program needs a purpose.
 */
export function referralFilter(caller: Caller | null): Condition {
  if (!caller || !can(caller, 'readReferrals')) return NONE;
  const regions = inRegions(caller, 'regionCode');
  const scope =
    caller.role === 'OFFICER' || caller.role === 'SYSTEM'
      ? caller.department
        ? and(equals('toDepartment', caller.department), regions)
        : NONE
      : regions;
  return and(scope, unlessPurpose(caller, REFERRAL_REVEALS_HEALTH));
}

/**
 * A referral opened from a finding that reveals health reveals it too (a G7
 * household referred for TEMPORARY aid, a G3 referral forwarded away from
 * the federation): without a purpose it is not there. A condition on the
 * linked finding's row, since the referral's own columns cannot tell; the
 * referral loaders apply it beside referralFilter (in SQL as NOT EXISTS on
 * the linked finding, in memory on the finding loaded with the referral).
 */
export function referralHiddenByFinding(caller: Caller | null): Condition {
  return caller?.purpose ? NONE : FINDING_REVEALS_HEALTH;
}

/** A charity sees its own programs; the record readers those serving their regions. */
export function charityProgramFilter(caller: Caller | null): Condition {
  if (!caller || !can(caller, 'readCharityPrograms')) return NONE;
  if (caller.role === 'CHARITY') return caller.org ? equals('organization', caller.org) : NONE;
  return caller.role === 'ADMIN' ? ALL : someOverlaps('regionCodes', caller.regions);
}

/** Every row rule by entity: the one list docs/access.md and the tests walk. */
export const ROW_RULES = {
  person: personFilter,
  household: householdFilter,
  record: recordFilter,
  expense: expenseFilter,
  finding: findingFilter,
  findingReview: findingReviewFilter,
  referral: referralFilter,
  charityProgram: charityProgramFilter,
} as const;

export type Entity = keyof typeof ROW_RULES;

/** May the caller see this row (loaded with whatever relations its rule reads)? */
export function sees(caller: Caller | null, entity: Entity, row: object): boolean {
  return matches(ROW_RULES[entity](caller), row as Record<string, unknown>);
}

/** The Prisma model each rule is about. */
export const MODEL_OF: Record<Entity, string> = {
  person: 'Person',
  household: 'Household',
  record: 'AssistanceRecord',
  expense: 'Expense',
  finding: 'Finding',
  findingReview: 'Finding',
  referral: 'Referral',
  charityProgram: 'CharityProgram',
};

/** The caller's row rule as a Prisma `where`, to AND into a query. */
export function prismaWhere<W>(caller: Caller | null, entity: Entity): W {
  return toPrisma(ROW_RULES[entity](caller), MODEL_OF[entity]) as W;
}

/** The caller's row rule as SQL on the table aliased `alias`. */
export function sqlWhere(caller: Caller | null, entity: Entity, alias: string) {
  return toSql(ROW_RULES[entity](caller), alias, MODEL_OF[entity]);
}

/** Is a region code in the caller's regions? (The rule of every region condition above, for one code.) */
export function regionVisible(caller: Caller, code: string): boolean {
  return matches(inRegions(caller, 'code'), { code });
}
