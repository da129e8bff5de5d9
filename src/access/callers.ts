// The callers of ACCESS.md.
import { Department } from '../db/client/prisma/enums';

export const ROLES = ['OFFICER', 'SYSTEM', 'CASEWORKER', 'CHARITY', 'AUDITOR', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/** The departments of the Prisma enum (prisma/schema/records.prisma), in its order. */
export const DEPARTMENTS = Object.values(Department);
export type { Department };

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
