// The callers of ACCESS.md.
export const ROLES = ['OFFICER', 'SYSTEM', 'CASEWORKER', 'CHARITY', 'AUDITOR', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

export const DEPARTMENTS = [
  'CIVIL_AFFAIRS',
  'EDUCATION',
  'HOUSING',
  'HEALTHCARE_SECURITY',
  'HUMAN_RESOURCES',
  'DISABLED_PERSONS_FEDERATION',
  'CHARITY',
] as const;
export type Department = (typeof DEPARTMENTS)[number];

/** Who is calling, from a verified token. */
export interface Caller {
  sub: string;
  role: Role;
  department: Department | null;
  /** Region-code prefixes the caller may see; ["51"] is the whole province. */
  regions: string[];
  org: string | null;
  purpose: string | null;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isDepartment(value: unknown): value is Department {
  return typeof value === 'string' && (DEPARTMENTS as readonly string[]).includes(value);
}

/** ADMIN sees everything; everyone else sees codes under one of their prefixes. */
export function regionInScope(caller: Caller, regionCode: string): boolean {
  return caller.role === 'ADMIN' || caller.regions.some((prefix) => regionCode.startsWith(prefix));
}
