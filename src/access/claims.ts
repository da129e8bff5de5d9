// Claims checked against each other (ACCESS.md v2, "Claims must agree with
// the role"). Written once, here, and asked by every way a caller comes in or
// is made: bearer tokens (verifyToken, mintToken and `assist-hub token`), API
// keys (issued and used) and the identity a gateway forwards to a subgraph.
//
// What agrees:
// - `sub` is a non-empty string (not a number, not "" or blanks);
// - `role` is one of the six roles;
// - OFFICER and SYSTEM carry exactly one government department (any of
//   DEPARTMENTS but CHARITY) and no `org`;
// - CHARITY carries `org` (a non-empty string) and no department;
// - CASEWORKER, AUDITOR and ADMIN carry neither. Decided, not left open: a
//   department or org on them would mean nothing to the row rules and write
//   checks, which read it for OFFICER, SYSTEM and CHARITY only, so it is
//   refused rather than carried along where a later check might believe it;
// - `regions`, when present, is a list of 2-6 digit region-code prefixes.
// Absent and null mean the same. Anything else is a bad claim.
import { DEPARTMENTS, ROLES, isDepartment, isRole, type Department, type Role } from './callers';

export type ClaimName = 'sub' | 'role' | 'department' | 'org' | 'regions';

/** Which claim is wrong and why, in words that echo no claim value. */
export interface ClaimProblem {
  claim: ClaimName;
  reason: string;
}

/** Any shape: a verified JWT payload, a stored API key, a forwarded caller, claims about to be signed. */
export interface Claims {
  sub?: unknown;
  role?: unknown;
  department?: unknown;
  org?: unknown;
  regions?: unknown;
}

export type GovernmentDepartment = Exclude<Department, 'CHARITY'>;

/** The departments an OFFICER or SYSTEM may work for. */
export const GOVERNMENT_DEPARTMENTS = DEPARTMENTS.filter((d): d is GovernmentDepartment => d !== 'CHARITY') as [
  GovernmentDepartment,
  ...GovernmentDepartment[],
];

const DEPARTMENT_ROLES: readonly Role[] = ['OFFICER', 'SYSTEM'];
const REGION_PREFIX = /^\d{2,6}$/;

const absent = (value: unknown) => value === undefined || value === null;
const nonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

export function checkClaims({ sub, role, department, org, regions }: Claims): ClaimProblem | null {
  if (!nonEmptyString(sub)) return { claim: 'sub', reason: 'must be a non-empty string' };
  if (!isRole(role)) return { claim: 'role', reason: `must be one of ${ROLES.join(', ')}` };
  if (!absent(department) && !isDepartment(department)) return { claim: 'department', reason: 'is not a known department' };
  if (!absent(regions) && !(Array.isArray(regions) && regions.every((r) => typeof r === 'string' && REGION_PREFIX.test(r)))) {
    return { claim: 'regions', reason: 'must be a list of 2-6 digit region-code prefixes' };
  }
  if (DEPARTMENT_ROLES.includes(role)) {
    if (absent(department)) return { claim: 'department', reason: `is required for ${role}: the government department it works for` };
    if (department === 'CHARITY') {
      return { claim: 'department', reason: `must be a government department for ${role}, not CHARITY (charities use role CHARITY with org)` };
    }
    if (!absent(org)) return { claim: 'org', reason: `is for CHARITY only, not ${role}` };
    return null;
  }
  if (role === 'CHARITY') {
    if (!absent(department)) return { claim: 'department', reason: 'must be absent for CHARITY: a charity is named by org' };
    if (!nonEmptyString(org)) return { claim: 'org', reason: 'is required for CHARITY: the charity organisation\'s code' };
    return null;
  }
  if (!absent(department)) return { claim: 'department', reason: `must be absent for ${role}: only OFFICER and SYSTEM work for a department` };
  if (!absent(org)) return { claim: 'org', reason: `is for CHARITY only, not ${role}` };
  return null;
}

/** "department claim is required for OFFICER: …", for messages that say which claim and why. */
export const describeClaimProblem = ({ claim, reason }: ClaimProblem) => `${claim} claim ${reason}`;
