// Per-request loaders of the registry subgraph: persons and households by key,
// with the caller's row rule folded into the one statement that loads them
// (src/access/filters.ts), so `_entities` of many keys costs one query and
// an invisible key comes back exactly like an unknown one.
import DataLoader from 'dataloader';
import { prismaWhere } from '../../access/filters';
import type { Household, Person, Prisma } from '../../db/client/prisma/client';
import { loaderFor, type HubContext } from '../../graphql/context';

export function visiblePersonByKey(ctx: HubContext) {
  return loaderFor(
    ctx,
    'registry.visiblePersonByKey',
    () =>
      new DataLoader<string, Person | null>(async (keys) => {
        const rows = await ctx.prisma.person.findMany({
          where: { AND: [{ personKey: { in: [...keys] } }, prismaWhere<Prisma.PersonWhereInput>(ctx.caller, 'person')] },
        });
        const byKey = new Map(rows.map((row) => [row.personKey, row]));
        return keys.map((key) => byKey.get(key) ?? null);
      }),
  );
}

export function visibleHouseholdById(ctx: HubContext) {
  return loaderFor(
    ctx,
    'registry.visibleHouseholdById',
    () =>
      new DataLoader<string, Household | null>(async (ids) => {
        const rows = await ctx.prisma.household.findMany({
          where: { AND: [{ sourceId: { in: [...ids] } }, prismaWhere<Prisma.HouseholdWhereInput>(ctx.caller, 'household')] },
        });
        const byId = new Map(rows.map((row) => [row.sourceId, row]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
  );
}
