// Is this person or household one the caller may see? The row rules of
// src/access/filters.ts decide, folded into one batched statement per
// request, so an unknown and an invisible key cost the same and look the same.
import DataLoader from 'dataloader';
import { prismaWhere } from '../access/filters';
import type { Prisma } from '../db/client/prisma/client';
import { loaderFor, type HubContext } from './context';

/** The keys among those asked that the caller may see (one statement per batch). */
function visiblePersons(ctx: HubContext) {
  return loaderFor(
    ctx,
    'access.visiblePersons',
    () =>
      new DataLoader<string, boolean>(async (keys) => {
        const rows = await ctx.prisma.person.findMany({
          where: { AND: [{ personKey: { in: [...keys] } }, prismaWhere<Prisma.PersonWhereInput>(ctx.caller, 'person')] },
          select: { personKey: true },
        });
        const visible = new Set(rows.map((r) => r.personKey));
        return keys.map((key) => visible.has(key));
      }),
  );
}

function visibleHouseholds(ctx: HubContext) {
  return loaderFor(
    ctx,
    'access.visibleHouseholds',
    () =>
      new DataLoader<string, boolean>(async (ids) => {
        const rows = await ctx.prisma.household.findMany({
          where: { AND: [{ sourceId: { in: [...ids] } }, prismaWhere<Prisma.HouseholdWhereInput>(ctx.caller, 'household')] },
          select: { sourceId: true },
        });
        const visible = new Set(rows.map((r) => r.sourceId));
        return ids.map((id) => visible.has(id));
      }),
  );
}

/** Unknown and out-of-scope people look the same: false. */
export function personKeyInScope(ctx: HubContext, personKey: string): Promise<boolean> {
  return visiblePersons(ctx).load(personKey);
}

export function householdInScope(ctx: HubContext, sourceId: string): Promise<boolean> {
  return visibleHouseholds(ctx).load(sourceId);
}

/** Every region a person is tied to: residence, hukou and each household listing (one statement). */
export function personRegionsLoader(ctx: HubContext) {
  return loaderFor(
    ctx,
    'registry.personRegions',
    () =>
      new DataLoader<string, string[]>(async (personKeys) => {
        const persons = await ctx.prisma.person.findMany({
          where: { personKey: { in: [...personKeys] } },
          select: {
            personKey: true,
            residenceRegionCode: true,
            hukouRegionCode: true,
            memberships: { select: { household: { select: { regionCode: true } } } },
          },
        });
        const byKey = new Map(
          persons.map((p) => [
            p.personKey,
            [p.residenceRegionCode, p.hukouRegionCode, ...p.memberships.map((m) => m.household.regionCode)].filter(
              (code): code is string => code !== null,
            ),
          ]),
        );
        return personKeys.map((key) => byKey.get(key) ?? []);
      }),
  );
}

export function householdRegionLoader(ctx: HubContext) {
  return loaderFor(
    ctx,
    'registry.householdRegion',
    () =>
      new DataLoader<string, string | null>(async (sourceIds) => {
        const rows = await ctx.prisma.household.findMany({
          where: { sourceId: { in: [...sourceIds] } },
          select: { sourceId: true, regionCode: true },
        });
        const byId = new Map(rows.map((r) => [r.sourceId, r.regionCode]));
        return sourceIds.map((id) => byId.get(id) ?? null);
      }),
  );
}
