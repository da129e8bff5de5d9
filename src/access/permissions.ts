// Who may do what, as one table (ACCESS.md "Roles and what they may do"). A
// capability says a role may ask at all; which rows it then sees or touches
// is the row rules' business (filters.ts), and which fields need a purpose
// the sensitivity table's (sensitivity.ts). Deny by default: a capability
// not in this table is nobody's. docs/access.md prints this very table
// (permissions.spec.ts keeps the two equal).
import type { Caller, Role } from './callers';

const Y = true;
const _ = false;

/** Column order of every row below. */
export const TABLE_ROLES = ['OFFICER', 'SYSTEM', 'CASEWORKER', 'CHARITY', 'AUDITOR', 'ADMIN'] as const satisfies readonly Role[];

const TABLE = {
  //                         OFFICER SYSTEM CASEWORKER CHARITY AUDITOR ADMIN
  readRegistry:             [Y,      Y,     Y,         _,      Y,      Y],
  readRecords:              [Y,      Y,     _,         _,      Y,      Y],
  readPersonalDetails:      [Y,      Y,     Y,         _,      Y,      Y],
  readFindings:             [Y,      Y,     Y,         _,      Y,      Y],
  readReferrals:            [Y,      Y,     Y,         _,      Y,      Y],
  readAuditLog:             [_,      _,     _,         _,      Y,      Y],
  readCharityPrograms:      [Y,      Y,     _,         Y,      Y,      Y],
  preCheckAssistance:       [_,      _,     _,         Y,      _,      _],
  sendRecords:              [Y,      Y,     _,         Y,      _,      Y],
  sendPersons:              [Y,      Y,     _,         _,      _,      Y],
  reviewFindings:           [Y,      _,     _,         _,      _,      Y],
  openReferrals:            [_,      _,     Y,         _,      _,      _],
  answerReferrals:          [Y,      _,     _,         _,      _,      _],
  closeReferrals:           [Y,      _,     Y,         _,      _,      _],
  writeCharityPrograms:     [_,      _,     _,         Y,      _,      _],
  administer:               [_,      _,     _,         _,      _,      Y],
  introspectInProduction:   [_,      _,     _,         _,      _,      Y],
} as const satisfies Record<string, readonly boolean[]>;

export type Capability = keyof typeof TABLE;

/** What each capability means, in the words of ACCESS.md (docs/access.md prints these). */
export const CAPABILITIES: Record<Capability, string> = {
  readRegistry: 'persons and households in their regions',
  readRecords: "all departments' records in their regions",
  readPersonalDetails: 'names, disability, income, expense and medical details (in scope, with a purpose)',
  readFindings: 'findings (caseworkers: gap findings only) in scope',
  readReferrals: 'referrals in scope',
  readAuditLog: 'the audit log of their regions',
  readCharityPrograms: 'charity programs (charities: their own)',
  preCheckAssistance: 'the yes/no pre-check before paying',
  sendRecords: 'records of their own department (charities: grants of their own programs; ADMIN: any)',
  sendPersons: 'persons (households: CIVIL_AFFAIRS and ADMIN)',
  reviewFindings: 'review state of findings that involve their department',
  openReferrals: 'open and forward referrals',
  answerReferrals: 'accept or reject referrals sent to their department',
  closeReferrals: 'close referrals',
  writeCharityPrograms: 'their own charity programs and grants',
  administer: 'regions, standards, API keys, administrator import',
  introspectInProduction: 'the schema, in production mode',
};

export const CAPABILITY_NAMES = Object.keys(TABLE) as Capability[];

/** The roles holding a capability. */
export function rolesWith(capability: Capability): Role[] {
  return TABLE_ROLES.filter((_role, column) => TABLE[capability][column]);
}

export function can(caller: Caller | null, capability: Capability): boolean {
  if (!caller) return false;
  return TABLE[capability][TABLE_ROLES.indexOf(caller.role as (typeof TABLE_ROLES)[number])] === true;
}

/** The table as Markdown, as docs/access.md shows it. */
export function permissionTableMarkdown(): string {
  const header = `| capability | ${TABLE_ROLES.join(' | ')} |`;
  const rule = `|---|${TABLE_ROLES.map(() => '---').join('|')}|`;
  const rows = CAPABILITY_NAMES.map(
    (name) => `| \`${name}\`: ${CAPABILITIES[name]} | ${TABLE[name].map((allowed) => (allowed ? 'yes' : '')).join(' | ')} |`,
  );
  return [header, rule, ...rows].join('\n');
}
