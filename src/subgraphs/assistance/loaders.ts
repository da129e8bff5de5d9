// Per-request loaders: whatever number of persons or households a query
// touches, their records come from a fixed number of statements.
import DataLoader from 'dataloader';
import type { AssistanceRecord, ChangeEvent, Expense } from '../../db/client/prisma/client';
import { prismaWhere } from '../../access/filters';
import type { Prisma } from '../../db/client/prisma/client';
import { loaderFor, type HubContext } from '../../graphql/context';
import { HOUSEHOLD_LEVEL_PROGRAMS, PROGRAMS } from '../../departments/programs';
import { RECORD_ORDER, filterKey, recordWhere, type RecordFilter } from './filters';


/**
 * Records covering a person (RULES.md): person-level records naming them as
 * beneficiary, and household-level records of every household that currently
 * lists them.
 */
export function recordsCoveringPerson(ctx: HubContext, filter: RecordFilter | null | undefined) {
  return byFilter(ctx, 'assistance.recordsCoveringPerson', filter, async (personKeys) => {
    const listings = await ctx.prisma.householdMember.findMany({
      where: { personKey: { in: personKeys } },
      select: { personKey: true, householdSourceId: true },
    });
    const records = await ctx.prisma.assistanceRecord.findMany({
      where: {
        AND: [
          recordWhere(filter),
          recordRule(ctx),
          {
            OR: [
              { beneficiaryKey: { in: personKeys }, program: { notIn: HOUSEHOLD_LEVEL_PROGRAMS } },
              { householdSourceId: { in: listings.map((l) => l.householdSourceId) }, program: { in: HOUSEHOLD_LEVEL_PROGRAMS } },
            ],
          },
        ],
      },
      orderBy: RECORD_ORDER,
    });
    return personKeys.map((key) => {
      const households = new Set(listings.filter((l) => l.personKey === key).map((l) => l.householdSourceId));
      return records.filter((r) =>
        HOUSEHOLD_LEVEL_PROGRAMS.includes(r.program) ? households.has(r.householdSourceId ?? '') : r.beneficiaryKey === key,
      );
    });
  });
}

/**
 * Records covering a household or any of its current members: records sent
 * for the household, members' own records, and household-level records of
 * other households that list a member.
 */
export function recordsCoveringHousehold(ctx: HubContext, filter: RecordFilter | null | undefined) {
  return byFilter(ctx, 'assistance.recordsCoveringHousehold', filter, async (sourceIds) => {
    const members = await ctx.prisma.householdMember.findMany({
      where: { householdSourceId: { in: sourceIds } },
      select: { personKey: true, householdSourceId: true },
    });
    const memberKeys = [...new Set(members.map((m) => m.personKey))];
    const listings = await ctx.prisma.householdMember.findMany({
      where: { personKey: { in: memberKeys } },
      select: { personKey: true, householdSourceId: true },
    });
    const records = await ctx.prisma.assistanceRecord.findMany({
      where: {
        AND: [
          recordWhere(filter),
          recordRule(ctx),
          {
            OR: [
              { householdSourceId: { in: sourceIds } },
              { beneficiaryKey: { in: memberKeys }, program: { notIn: HOUSEHOLD_LEVEL_PROGRAMS } },
              { householdSourceId: { in: listings.map((l) => l.householdSourceId) }, program: { in: HOUSEHOLD_LEVEL_PROGRAMS } },
            ],
          },
        ],
      },
      orderBy: RECORD_ORDER,
    });
    return sourceIds.map((sourceId) => {
      const keys = new Set(members.filter((m) => m.householdSourceId === sourceId).map((m) => m.personKey));
      const theirHouseholds = new Set(listings.filter((l) => keys.has(l.personKey)).map((l) => l.householdSourceId));
      return records.filter((r) =>
        r.householdSourceId === sourceId ||
        (HOUSEHOLD_LEVEL_PROGRAMS.includes(r.program) ? theirHouseholds.has(r.householdSourceId ?? '') : keys.has(r.beneficiaryKey)),
      );
    });
  });
}

/** The caller's row rule for records (src/access/filters.ts), folded into every record query. */
export const recordRule = (ctx: HubContext) => prismaWhere<Prisma.AssistanceRecordWhereInput>(ctx.caller, 'record');

/** Records the caller may see, by their public id "DEPARTMENT:sourceRecordId"; null when unknown or invisible alike. */
export function recordById(ctx: HubContext) {
  return loaderFor(
    ctx,
    'assistance.recordById',
    () =>
      new DataLoader<string, AssistanceRecord | null>(async (ids) => {
        const keys = ids.map(parseRecordId).filter((k) => k !== null);
        const rows = keys.length
          ? await ctx.prisma.assistanceRecord.findMany({ where: { AND: [{ OR: keys.map((k) => ({ ...k })) }, recordRule(ctx)] } })
          : [];
        const byId = new Map(rows.map((r) => [recordId(r), r]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
  );
}

export function recordId(record: Pick<AssistanceRecord, 'department' | 'sourceRecordId'>): string {
  return `${record.department}:${record.sourceRecordId}`;
}

export function parseRecordId(id: string): { department: AssistanceRecord['department']; sourceRecordId: string } | null {
  const colon = id.indexOf(':');
  if (colon < 1) return null;
  const department = id.slice(0, colon);
  if (!(department in DEPARTMENT_SET)) return null;
  return { department: department as AssistanceRecord['department'], sourceRecordId: id.slice(colon + 1) };
}

const DEPARTMENT_SET = Object.fromEntries(Object.values(PROGRAMS).map((p) => [p.department, true]));

/** One DataLoader per (name, filter): a batch function sees only keys sharing a filter. */
function byFilter(
  ctx: HubContext,
  name: string,
  filter: RecordFilter | null | undefined,
  batch: (keys: string[]) => Promise<AssistanceRecord[][]>,
) {
  return loaderFor(ctx, `${name}:${filterKey(filter)}`, () => new DataLoader<string, AssistanceRecord[]>((keys) => batch([...keys])));
}

/** The organisation running each charity program, for charities reading their own grants. */
export function charityProgramOrganization(ctx: HubContext) {
  return loaderFor(
    ctx,
    'assistance.charityProgramOrganization',
    () =>
      new DataLoader<string, string | null>(async (codes) => {
        const rows = await ctx.prisma.charityProgram.findMany({
          where: { code: { in: [...codes] } },
          select: { code: true, organization: true },
        });
        const byCode = new Map(rows.map((r) => [r.code, r.organization]));
        return codes.map((code) => byCode.get(code) ?? null);
      }),
  );
}

/** True when the caller is the charity whose program paid this grant. */
export async function callerOwnsGrant(ctx: HubContext, record: AssistanceRecord): Promise<boolean> {
  const caller = ctx.caller;
  if (caller?.role !== 'CHARITY' || !caller.org || !record.charityProgramCode) return false;
  return (await charityProgramOrganization(ctx).load(record.charityProgramCode)) === caller.org;
}

/** Documented expenses per person. */
export function expensesByPerson(ctx: HubContext) {
  return loaderFor(
    ctx,
    'assistance.expensesByPerson',
    () =>
      new DataLoader<string, Expense[]>(async (personKeys) => {
        const rows = await ctx.prisma.expense.findMany({
          where: { personKey: { in: [...personKeys] } },
          orderBy: [{ date: 'desc' }, { sourceId: 'asc' }],
        });
        return personKeys.map((key) => rows.filter((r) => r.personKey === key));
      }),
  );
}

/** Accepted changes per record id, oldest first. */
export function historyByRecord(ctx: HubContext) {
  return loaderFor(
    ctx,
    'assistance.historyByRecord',
    () =>
      new DataLoader<string, ChangeEvent[]>(async (ids) => {
        const rows = await ctx.prisma.changeEvent.findMany({
          where: { entityType: 'record', entityKey: { in: [...ids] } },
          orderBy: { id: 'asc' },
        });
        return ids.map((id) => rows.filter((r) => r.entityKey === id));
      }),
  );
}
