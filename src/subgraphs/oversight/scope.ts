// Which findings and referrals a caller may see or act on (ACCESS.md). Each
// predicate exists twice, as a check on a loaded row and as an SQL condition
// for lists, counts and sums, so that what lies outside a caller's scope is
// exactly like what does not exist: absent from lists, totals and summaries.
import { Prisma } from '../../generated/prisma/client';
import type { Finding, Referral } from '../../generated/prisma/client';
import { regionInScope, type Caller } from '../../lib/auth/roles';

type FindingScopeFields = Pick<Finding, 'kind' | 'departments' | 'regionCode' | 'regionCodes'>;
type ReferralScopeFields = Pick<Referral, 'toDepartment' | 'regionCode'>;

const underPrefixes = (caller: Caller, codes: string[]) => codes.some((code) => regionInScope(caller, code));

/** Every region a finding involves: the one it is filed under and the others of its evidence. */
const findingRegions = (f: FindingScopeFields) => [f.regionCode, ...f.regionCodes];

/**
 * OFFICER, SYSTEM: findings that involve their department or lie in their
 * regions. CASEWORKER: gap findings in their regions. AUDITOR: their regions.
 * ADMIN: all. CHARITY and anonymous callers: none.
 */
export function findingVisible(caller: Caller | null, f: FindingScopeFields): boolean {
  if (!caller) return false;
  switch (caller.role) {
    case 'ADMIN':
      return true;
    case 'AUDITOR':
      return underPrefixes(caller, findingRegions(f));
    case 'OFFICER':
    case 'SYSTEM':
      return (caller.department !== null && f.departments.includes(caller.department)) || underPrefixes(caller, findingRegions(f));
    case 'CASEWORKER':
      return f.kind === 'GAP' && underPrefixes(caller, findingRegions(f));
    default:
      return false;
  }
}

/** An OFFICER reviews findings that involve their department and lie in their regions; ADMIN any. */
export function findingReviewable(caller: Caller, f: FindingScopeFields): boolean {
  if (caller.role === 'ADMIN') return true;
  return (
    caller.role === 'OFFICER' &&
    caller.department !== null &&
    f.departments.includes(caller.department) &&
    underPrefixes(caller, findingRegions(f))
  );
}

/** SQL condition (alias `f`) matching findingVisible. */
export function findingVisibleSql(caller: Caller | null): Prisma.Sql {
  if (!caller) return Prisma.sql`FALSE`;
  const inRegions = regionsSql(caller, Prisma.sql`array_append(f.region_codes, f.region_code::text)`);
  switch (caller.role) {
    case 'ADMIN':
      return Prisma.sql`TRUE`;
    case 'AUDITOR':
      return inRegions;
    case 'OFFICER':
    case 'SYSTEM':
      return caller.department
        ? Prisma.sql`(${caller.department} = ANY(f.departments::text[]) OR ${inRegions})`
        : inRegions;
    case 'CASEWORKER':
      return Prisma.sql`(f.kind = 'GAP' AND ${inRegions})`;
    default:
      return Prisma.sql`FALSE`;
  }
}

/**
 * CASEWORKER and AUDITOR: referrals in their regions. OFFICER, SYSTEM: those
 * sent to their department in their regions. ADMIN: all.
 */
export function referralVisible(caller: Caller | null, r: ReferralScopeFields): boolean {
  if (!caller) return false;
  switch (caller.role) {
    case 'ADMIN':
      return true;
    case 'CASEWORKER':
    case 'AUDITOR':
      return underPrefixes(caller, [r.regionCode]);
    case 'OFFICER':
    case 'SYSTEM':
      return caller.department === r.toDepartment && underPrefixes(caller, [r.regionCode]);
    default:
      return false;
  }
}

/** SQL condition (alias `r`) matching referralVisible. */
export function referralVisibleSql(caller: Caller | null): Prisma.Sql {
  if (!caller) return Prisma.sql`FALSE`;
  const inRegions = regionsSql(caller, Prisma.sql`ARRAY[r.region_code::text]`);
  switch (caller.role) {
    case 'ADMIN':
      return Prisma.sql`TRUE`;
    case 'CASEWORKER':
    case 'AUDITOR':
      return inRegions;
    case 'OFFICER':
    case 'SYSTEM':
      return caller.department ? Prisma.sql`(r.to_department::text = ${caller.department} AND ${inRegions})` : Prisma.sql`FALSE`;
    default:
      return Prisma.sql`FALSE`;
  }
}

/** Some code of `codes` (a text[] expression) starts with one of the caller's prefixes. */
function regionsSql(caller: Caller, codes: Prisma.Sql): Prisma.Sql {
  if (caller.regions.length === 0) return Prisma.sql`FALSE`;
  return Prisma.sql`EXISTS (SELECT 1 FROM unnest(${codes}) AS c(code), unnest(ARRAY[${Prisma.join(caller.regions)}]::text[]) AS p(prefix)
    WHERE starts_with(c.code, p.prefix))`;
}

/** A referral's region is in the caller's scope (for opening one there). */
export function regionWithinCaller(caller: Caller, regionCode: string): boolean {
  return underPrefixes(caller, [regionCode]);
}
