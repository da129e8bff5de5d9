// Is this person or household one the caller may see? The row rules of
// src/access/filters.ts decide, folded into the one batched statement that
// loads the rows, so an unknown and an invisible key cost the same and look
// the same. A scope check and the row it guards are one load: the registry's
// `_entities`, the other subgraphs' checks and a referral's household region
// share these loaders, and a request reads each person and household once.
import { prismaWhere } from '../access/filters';
import type { Household, Person, Prisma } from '../db/client/prisma/client';
import { byKey } from './batch';
import type { HubContext } from './context';

/** The person, or null when unknown or not the caller's to see. */
export function visiblePersonByKey(ctx: HubContext) {
  return byKey<string, Person>(
    ctx,
    'access.visiblePersonByKey',
    (keys) =>
      ctx.prisma.person.findMany({
        where: { AND: [{ personKey: { in: keys } }, prismaWhere<Prisma.PersonWhereInput>(ctx.caller, 'person')] },
      }),
    (person) => person.personKey,
  );
}

/** The household, or null when unknown or not the caller's to see. */
export function visibleHouseholdById(ctx: HubContext) {
  return byKey<string, Household>(
    ctx,
    'access.visibleHouseholdById',
    (ids) =>
      ctx.prisma.household.findMany({
        where: { AND: [{ sourceId: { in: ids } }, prismaWhere<Prisma.HouseholdWhereInput>(ctx.caller, 'household')] },
      }),
    (household) => household.sourceId,
  );
}

/** Unknown and out-of-scope people look the same: false. */
export async function personKeyInScope(ctx: HubContext, personKey: string): Promise<boolean> {
  return (await visiblePersonByKey(ctx).load(personKey)) !== null;
}

export async function householdInScope(ctx: HubContext, sourceId: string): Promise<boolean> {
  return (await visibleHouseholdById(ctx).load(sourceId)) !== null;
}

/** Every region a person is tied to: residence, hukou and each household listing (one statement). */
export function personRegionsLoader(ctx: HubContext) {
  const persons = byKey(
    ctx,
    'registry.personRegions',
    (personKeys: string[]) =>
      ctx.prisma.person.findMany({
        where: { personKey: { in: personKeys } },
        select: {
          personKey: true,
          residenceRegionCode: true,
          hukouRegionCode: true,
          memberships: { select: { household: { select: { regionCode: true } } } },
        },
      }),
    (person) => person.personKey,
  );
  return {
    load: async (personKey: string): Promise<string[]> => {
      const person = await persons.load(personKey);
      if (!person) return [];
      const codes = [person.residenceRegionCode, person.hukouRegionCode, ...person.memberships.map((m) => m.household.regionCode)];
      return codes.filter((code): code is string => code !== null);
    },
  };
}

/**
 * The region of a household the caller may see, null otherwise: read from the
 * row householdInScope loaded, so checking a household and placing it cost one statement.
 */
export function householdRegionLoader(ctx: HubContext) {
  return { load: async (sourceId: string) => (await visibleHouseholdById(ctx).load(sourceId))?.regionCode ?? null };
}
