// Write checks (ACCESS.md v2, "Writes are scoped like reads"): a write is
// allowed only where the caller could read what it touches, before and after
// the change. Each check is a small pure function of (caller, stored state,
// new state) returning a refusal (the field and a reason, as ingestion
// reports a line's problem) or null. They are built on the row rules of
// filters.ts, evaluated in memory with `matches`, so reads and writes ask the
// same row rules. Stored rows must be loaded with what those rules read (the
// *_ACCESS_SELECT shapes below); a chunked importer can prefetch them for many
// lines at once and call the same functions.
//
// Two disciplines make a refusal reveal nothing stored:
// - a check on the line alone (the region codes it sends) comes before any
//   check on stored state, so a line out of scope is refused alike whether or
//   not its person, household or record exists;
// - a reference to something (a household a record names, an expense's
//   person, a grant's beneficiary) is refused with one message for "unknown"
//   and "out of scope". Only an unrestricted caller (who sees everything, so
//   "unknown" can only mean unknown) is told "unknown … send it first".
// Handlers call these before their first write and before comparing the line
// with what is stored, so "unchanged" is only ever said about what the caller
// may read.
import type { Caller } from './callers';
import { formatMoney } from '../lib/money';
import { matches } from './condition';
import { grantBeneficiaryFilter, householdFilter, regionVisible, sees } from './filters';
import { PERSONAL_EXCHANGE_FIELDS, RECORD_REVEALS_HEALTH } from './sensitivity';

/** Why a write is refused: the exchange field at fault and a reason a sender can act on. */
export interface Refusal {
  field: string;
  reason: string;
}

/** What personFilter reads of a person, as a Prisma select (stored persons are loaded with it). */
export const PERSON_ACCESS_SELECT = {
  residenceRegionCode: true,
  hukouRegionCode: true,
  memberships: { select: { household: { select: { regionCode: true } } } },
} as const;

export interface PersonAccessRow {
  residenceRegionCode: string | null;
  hukouRegionCode: string | null;
  memberships: { household: { regionCode: string } }[];
}

/** What householdFilter reads of a household. */
export interface HouseholdAccessRow {
  regionCode: string;
}

/** A caller no write check restricts: ADMIN, and so an administrator import. */
export const unrestricted = (caller: Caller): boolean => caller.role === 'ADMIN';

/** The one reason for a person the caller may not write: unknown where it applies, or outside. */
export const NOT_A_PERSON_IN_YOUR_REGIONS = 'is not a person in your regions';

/** A region code the line places something in (a record, a household, a residence) lies in the caller's regions. */
export function refuseRegion(caller: Caller, field: string, code: string | null | undefined): Refusal | null {
  if (code === null || code === undefined || regionVisible(caller, code)) return null;
  return { field, reason: `${code} is outside your regions` };
}

/**
 * A `person` line. The residence it sets lies in the caller's regions; a
 * stored person is one the caller may read (personFilter) and lives, if
 * anywhere, in the caller's regions (old residence); and the person as the
 * line leaves them is one the caller may read, so a new person must be placed
 * in the caller's regions by the line itself (residence or hukou). Hukou may
 * lie elsewhere (a migrant registered in another county).
 */
export function refusePersonWrite(
  caller: Caller,
  stored: PersonAccessRow | null,
  line: { residenceRegionCode?: string | null; hukouRegionCode?: string | null },
): Refusal | null {
  if (unrestricted(caller)) return null;
  // What the line sends, not what an omitted field would keep: that is stored state.
  const residence = refuseRegion(caller, 'residenceRegionCode', line.residenceRegionCode);
  if (residence) return residence;
  const notInScope = { field: 'idNumber', reason: NOT_A_PERSON_IN_YOUR_REGIONS };
  if (stored && (!sees(caller, 'person', stored) || refuseRegion(caller, 'residenceRegionCode', stored.residenceRegionCode))) {
    return notInScope;
  }
  // An omitted field keeps its stored value (EXCHANGE.md).
  const after = {
    residenceRegionCode: line.residenceRegionCode !== undefined ? line.residenceRegionCode : (stored?.residenceRegionCode ?? null),
    hukouRegionCode: line.hukouRegionCode !== undefined ? line.hukouRegionCode : (stored?.hukouRegionCode ?? null),
    memberships: stored?.memberships ?? [],
  };
  return sees(caller, 'person', after) ? null : notInScope;
}

/**
 * A `household` line. Its region, old and new, lies in the caller's regions,
 * and every stored person it lists is one the caller may read: listing a
 * person who lives elsewhere in one's own household is refused. A member the
 * hub does not know yet is created in this household, so the caller reads
 * them afterwards. `members` are the stored persons in the line's order (null:
 * not stored yet).
 */
export function refuseHouseholdWrite(
  caller: Caller,
  stored: HouseholdAccessRow | null,
  next: { sourceId: string; regionCode: string },
  members: (PersonAccessRow | null)[],
): Refusal | null {
  if (unrestricted(caller)) return null;
  const region = refuseRegion(caller, 'regionCode', next.regionCode);
  if (region) return region;
  if (stored && !sees(caller, 'household', stored)) {
    return { field: 'sourceId', reason: `${next.sourceId} is already used by a household outside your regions: choose another id` };
  }
  const index = members.findIndex((member) => member !== null && !sees(caller, 'person', member));
  return index >= 0 ? { field: `members.${index}.idNumber`, reason: NOT_A_PERSON_IN_YOUR_REGIONS } : null;
}

/**
 * A `record` line (a department's, or an administrator's). Its region, old
 * and new, lies in the caller's regions, and so does the household the stored
 * version names (the household the line names: refuseNamedHousehold).
 */
export function refuseRecordWrite(
  caller: Caller,
  stored: { regionCode: string; household: HouseholdAccessRow | null } | null,
  next: { regionCode: string },
): Refusal | null {
  if (unrestricted(caller)) return null;
  const region = refuseRegion(caller, 'regionCode', next.regionCode);
  if (region) return region;
  if (stored && (!regionVisible(caller, stored.regionCode) || (stored.household && !sees(caller, 'household', stored.household)))) {
    return { field: 'sourceRecordId', reason: 'is already used by a record outside your regions: choose another id' };
  }
  return null;
}

/**
 * The household a record names is one the caller may read: an unknown
 * household and one in another county read the same. Asked before anything
 * else about the household (such as who heads it) is said.
 */
export function refuseNamedHousehold(caller: Caller, sourceId: string, household: HouseholdAccessRow | null): Refusal | null {
  if (household && sees(caller, 'household', household)) return null;
  const reason = unrestricted(caller) ? `unknown household ${sourceId}: send it first` : `${sourceId} is not a household in your regions`;
  return { field: 'householdSourceId', reason };
}

/**
 * An `expense` line: its person is one the caller may read (expenseFilter is
 * "the person is in scope"), and so is the stored expense's person. A person
 * the hub does not know reads as one outside: for any caller but an
 * unrestricted one, an expense no longer creates a person nobody in the
 * caller's regions could see.
 */
export function refuseExpenseWrite(
  caller: Caller,
  storedOwner: PersonAccessRow | null,
  person: PersonAccessRow | null,
): Refusal | null {
  if (unrestricted(caller)) return null;
  if (!person || !sees(caller, 'expense', { person })) return { field: 'idNumber', reason: NOT_A_PERSON_IN_YOUR_REGIONS };
  if (storedOwner && !sees(caller, 'expense', { person: storedOwner })) {
    return { field: 'sourceId', reason: 'is already used by an expense outside your regions: choose another id' };
  }
  return null;
}

// ---- charities --------------------------------------------------------------

/** A charity program as the grant checks read it: money as 2-decimal strings, dates as YYYY-MM-DD. */
export interface ProgramTerms {
  code: string;
  regionCodes: readonly string[];
  budget: string;
  startDate: string;
  endDate: string | null;
}

/** A grant as the budget counts it (a line, or a stored grant in the same shape). */
export interface GrantTerms {
  amount: string;
  frequency: 'ONE_OFF' | 'MONTHLY' | 'QUARTERLY' | 'PER_TERM' | 'ANNUAL';
  startDate: string;
  endDate: string | null;
  status: string;
}

/**
 * A charity's grant, on the line and its program alone (nothing about the
 * beneficiary is looked at yet, so these answers are the same for a known and
 * an unknown ID number): no household (a charity reads none), the grant's
 * county under one of the program's region-code prefixes, and its period
 * within the program's (an open-ended grant runs at most to the program's end).
 */
export function refuseGrantTerms(
  program: ProgramTerms,
  grant: { regionCode: string; startDate: string; endDate: string | null; householdSourceId: string | null },
): Refusal | null {
  if (grant.householdSourceId) return { field: 'householdSourceId', reason: 'must be null for a charity grant: charities read no households' };
  if (!program.regionCodes.some((prefix) => grant.regionCode.startsWith(prefix))) {
    return { field: 'regionCode', reason: `${grant.regionCode} is outside the regions of program ${program.code}` };
  }
  if (grant.startDate < program.startDate) {
    return { field: 'startDate', reason: `is before the start of program ${program.code} (${program.startDate})` };
  }
  if (program.endDate !== null && grant.startDate > program.endDate) {
    return { field: 'startDate', reason: `is after the end of program ${program.code} (${program.endDate})` };
  }
  if (program.endDate !== null && grant.endDate !== null && grant.endDate > program.endDate) {
    return { field: 'endDate', reason: `is after the end of program ${program.code} (${program.endDate})` };
  }
  return null;
}

/**
 * The grants of a program stay within its budget: `committedByOthers` (the
 * commitment of the program's other grants, grantCommitment) plus this
 * grant's must not exceed the budget.
 */
export function refuseGrantBudget(program: ProgramTerms, committedByOthers: bigint, grant: GrantTerms): Refusal | null {
  const total = committedByOthers + grantCommitment(grant, program);
  if (total <= cents(program.budget)) return null;
  return {
    field: 'amount',
    reason: `would commit program ${program.code} to ${yuan(total)} in all, over its budget of ${formatMoney(program.budget)}`,
  };
}

/** A program changed by its charity keeps its budget at or above what its grants commit. */
export function refuseProgramBudget(program: ProgramTerms, committed: bigint): Refusal | null {
  if (committed <= cents(program.budget)) return null;
  return { field: 'budget', reason: `is less than the ${yuan(committed)} its grants commit` };
}

/**
 * The beneficiary of a charity's grant is a person the hub knows and the
 * program may pay (grantBeneficiaryFilter: tied to the program's regions). A
 * charity never creates a person: an unknown ID number is refused with the
 * same field and words as a person outside the program.
 */
export function refuseGrantBeneficiary(program: ProgramTerms, person: PersonAccessRow | null): Refusal | null {
  if (person && matches(grantBeneficiaryFilter(program), person as unknown as Record<string, unknown>)) return null;
  return { field: 'beneficiaryIdNumber', reason: 'is not a person this program may pay' };
}

/**
 * What a grant commits its program to, in cents (fen). The budget rule:
 * the sum over a program's grants that are not CANCELLED must not exceed the
 * program's budget, each grant counting
 * - ONE_OFF: its amount;
 * - periodic (MONTHLY, QUARTERLY, PER_TERM, ANNUAL: a period of 1, 3, 6 or 12
 *   months): its amount once for each period that begins within both its own
 *   period and the program's, periods beginning on its startDate and every
 *   1, 3, 6 or 12 months after (a month later than the 31st is the month's
 *   last day). Its last day is its endDate; when it has none, the program's
 *   endDate; when neither has one, the day before 12 months after its start
 *   (a year of payments). Ending earlier than the program ends stops it there.
 * So a MONTHLY grant from 2026-09-01 in a program ending 2026-12-31 counts 4
 * times, an open-ended QUARTERLY grant of an open-ended program 4 times.
 */
export function grantCommitment(grant: GrantTerms, program: { startDate: string; endDate: string | null }): bigint {
  if (grant.status === 'CANCELLED') return 0n;
  const amount = cents(grant.amount);
  if (grant.frequency === 'ONE_OFF') return amount;
  const step = PERIOD_MONTHS[grant.frequency];
  const own = grant.endDate ?? program.endDate ?? dayBefore(addMonths(grant.startDate, 12));
  const last = program.endDate !== null && program.endDate < own ? program.endDate : own;
  const periods = periodsBegunBy(grant.startDate, step, last) - periodsBegunBy(grant.startDate, step, dayBefore(program.startDate));
  return amount * BigInt(Math.max(periods, 0));
}

const PERIOD_MONTHS = { MONTHLY: 1, QUARTERLY: 3, PER_TERM: 6, ANNUAL: 12 } as const;

/** How many periods of `step` months, the first beginning on `start`, have begun on or before `date`. */
function periodsBegunBy(start: string, step: number, date: string): number {
  if (date < start) return 0;
  const [sy, sm] = start.split('-').map(Number) as [number, number];
  const [dy, dm] = date.split('-').map(Number) as [number, number];
  let months = (dy - sy) * 12 + (dm - sm);
  if (addMonths(start, months) > date) months -= 1;
  return Math.floor(months / step) + 1;
}

/** `date` plus `months` calendar months; a day past the month's end becomes its last day. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

function dayBefore(date: string): string {
  const day = new Date(`${date}T00:00:00.000Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

/** Yuan as a 2-decimal string ("1200.50") to cents. */
export function cents(amount: string): bigint {
  return BigInt(formatMoney(amount).replace('.', ''));
}

function yuan(value: bigint): string {
  const text = value.toString().padStart(3, '0');
  return `${text.slice(0, -2)}.${text.slice(-2)}`;
}

/**
 * A line that sends a personal detail answers "unchanged" exactly when the
 * stored value equals the sent one: writing it is reading it (ACCESS.md v2,
 * "a write may never serve to confirm a stored value the caller could not
 * read"), so it needs a purpose, as the read does. Asked after the scope
 * checks (a line out of scope is refused as such), before any comparison.
 */
export function refuseWithoutPurpose(caller: Caller, type: string, line: Record<string, unknown>): Refusal | null {
  if (unrestricted(caller) || caller.purpose) return null;
  const personal = (PERSONAL_EXCHANGE_FIELDS[type] ?? []).find((field) => carries(line[field]));
  const field = personal ?? (type === 'record' && matches(RECORD_REVEALS_HEALTH, line) ? 'program' : null);
  return field ? { field, reason: 'is personal data: sending it needs a purpose (token claim `purpose`), as reading it does' } : null;
}

const carries = (value: unknown) =>
  value !== undefined && value !== null && !(typeof value === 'object' && Object.keys(value as object).length === 0);
