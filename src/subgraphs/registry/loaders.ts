// Per-request loaders of the registry subgraph. Relations are batched by the
// Pothos Prisma plugin (selections) and by Prisma's own findUnique batching;
// what remains is the scope check, whose loaders are shared by every subgraph.
import type { Person } from '../../generated/prisma/client';
import { listingRegionsLoader } from '../../lib/auth/personScope';
import { regionInScope } from '../../lib/auth/roles';
import type { HubContext } from '../../lib/graphql/context';

/** A person is in scope when they live, are registered, or are listed in one of the caller's regions. */
export async function personInScope(ctx: HubContext, person: Person): Promise<boolean> {
  const caller = ctx.caller;
  if (!caller) return false;
  if (caller.role === 'ADMIN') return true;
  // The row at hand settles most cases without a query.
  const direct = [person.residenceRegionCode, person.hukouRegionCode].filter((c): c is string => c !== null);
  if (direct.some((code) => regionInScope(caller, code))) return true;
  const listed = await listingRegionsLoader(ctx).load(person.personKey);
  return listed.some((code) => regionInScope(caller, code));
}
