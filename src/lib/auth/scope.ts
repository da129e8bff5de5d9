// Region scoping by code prefix (ACCESS.md): a caller sees only what lies in
// one of their regions, and what lies outside looks exactly like "not found".
import type { Caller } from './roles';

/** Prisma `where` fragment: `field` starts with one of the caller's prefixes. */
export function regionPrefixWhere<F extends string>(caller: Caller | null, field: F) {
  if (caller?.role === 'ADMIN') return {};
  const prefixes = caller?.regions ?? [];
  // No regions means nothing in scope: a condition no row can meet.
  if (prefixes.length === 0) return { [field]: { in: [] as string[] } } as Record<F, { in: string[] }>;
  return { OR: prefixes.map((prefix) => ({ [field]: { startsWith: prefix } }) as Record<F, { startsWith: string }>) };
}
