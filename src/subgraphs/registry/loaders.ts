// Per-request loaders of the registry subgraph. Relations are batched by the
// Pothos Prisma plugin (selections) and by Prisma's own findUnique batching;
// what remains is the scope check, which needs a person's household regions.
import DataLoader from 'dataloader';
import type { Person } from '../../generated/prisma/client';
import { regionInScope } from '../../lib/auth/roles';
import { loaderFor, type HubContext } from '../../lib/graphql/context';

/** Region codes of every household that lists the person, batched per request. */
export function householdRegionsLoader(ctx: HubContext) {
  return loaderFor(
    ctx,
    'registry.householdRegionsByPerson',
    () =>
      new DataLoader<string, string[]>(async (personKeys) => {
        const rows = await ctx.prisma.householdMember.findMany({
          where: { personKey: { in: [...personKeys] } },
          select: { personKey: true, household: { select: { regionCode: true } } },
        });
        const byPerson = new Map<string, string[]>();
        for (const row of rows) {
          byPerson.set(row.personKey, [...(byPerson.get(row.personKey) ?? []), row.household.regionCode]);
        }
        return personKeys.map((key) => byPerson.get(key) ?? []);
      }),
  );
}

/** A person is in scope when they live, are registered, or are listed in one of the caller's regions. */
export async function personInScope(ctx: HubContext, person: Person): Promise<boolean> {
  const caller = ctx.caller;
  if (!caller) return false;
  if (caller.role === 'ADMIN') return true;
  const direct = [person.residenceRegionCode, person.hukouRegionCode].filter((c): c is string => c !== null);
  if (direct.some((code) => regionInScope(caller, code))) return true;
  const listed = await householdRegionsLoader(ctx).load(person.personKey);
  return listed.some((code) => regionInScope(caller, code));
}
