// Is a person or household in the caller's regions? Shared by every subgraph,
// since each checks its caller itself (ACCESS.md). Batched per request.
import DataLoader from 'dataloader';
import { loaderFor, type HubContext } from '../graphql/context';
import { regionInScope } from './roles';

/** Region codes of every household that lists the person. */
export function listingRegionsLoader(ctx: HubContext) {
  return loaderFor(
    ctx,
    'scope.listingRegions',
    () =>
      new DataLoader<string, string[]>(async (personKeys) => {
        const rows = await ctx.prisma.householdMember.findMany({
          where: { personKey: { in: [...personKeys] } },
          select: { personKey: true, household: { select: { regionCode: true } } },
        });
        return personKeys.map((key) => rows.filter((r) => r.personKey === key).map((r) => r.household.regionCode));
      }),
  );
}

/** Every region a person is tied to: residence, hukou and each household listing (one statement). */
export function personRegionsLoader(ctx: HubContext) {
  return loaderFor(
    ctx,
    'scope.personRegions',
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
    'scope.householdRegion',
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

/** Unknown and out-of-scope people look the same: false. */
export async function personKeyInScope(ctx: HubContext, personKey: string): Promise<boolean> {
  const caller = ctx.caller;
  if (!caller) return false;
  const regions = await personRegionsLoader(ctx).load(personKey);
  if (caller.role === 'ADMIN') return regions.length > 0 || (await personExists(ctx, personKey));
  return regions.some((code) => regionInScope(caller, code));
}

export async function householdInScope(ctx: HubContext, sourceId: string): Promise<boolean> {
  const region = await householdRegionLoader(ctx).load(sourceId);
  return region !== null && ctx.caller !== null && regionInScope(ctx.caller, region);
}

async function personExists(ctx: HubContext, personKey: string): Promise<boolean> {
  return (await ctx.prisma.person.count({ where: { personKey } })) > 0;
}
