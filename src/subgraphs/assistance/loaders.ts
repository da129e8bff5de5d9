// Per-request loaders: whatever number of persons or households a query
// touches, their records come from a fixed number of statements (the batching
// helpers of src/graphql/batch.ts, the caller's row rule in each statement).
import type { AssistanceRecord, ChangeEvent, Expense } from '../../db/client/prisma/client';
import { prismaWhere } from '../../access/filters';
import type { Prisma } from '../../db/client/prisma/client';
import { byKey, groupedBy } from '../../graphql/batch';
import { programByCode } from '../../graphql/charityPrograms';
import type { HubContext } from '../../graphql/context';
import { HOUSEHOLD_LEVEL_PROGRAMS, PROGRAMS } from '../../departments/programs';
import { RECORD_ORDER, filterKey, recordWhere, type RecordFilter } from './filters';

/**
 * A record loaded for some of the keys asked, marked with the ones it covers
 * (a household-level grant covers every member its household lists), so one
 * statement's rows can be handed to each key.
 */
const COVERS = Symbol('covers');
type Covering = AssistanceRecord & { [COVERS]: string[] };
const covering = (record: AssistanceRecord, keys: Iterable<string>): Covering => Object.assign(record, { [COVERS]: [...new Set(keys)] });

/** One loader per (name, filter): a statement serves only keys sharing a filter. */
function coveringRecords(ctx: HubContext, name: string, filter: RecordFilter | null | undefined, load: (keys: string[]) => Promise<Covering[]>) {
  return groupedBy<string, Covering>(ctx, `${name}:${filterKey(filter)}`, load, (record) => record[COVERS]);
}

/** The households listing each person (current listings), shared by both record loaders below. */
function listingsByPerson(ctx: HubContext) {
  return groupedBy(
    ctx,
    'assistance.listingsByPerson',
    (personKeys: string[]) =>
      ctx.prisma.householdMember.findMany({
        where: { personKey: { in: personKeys } },
        select: { personKey: true, householdSourceId: true },
      }),
    (listing) => listing.personKey,
  );
}

/** Each household among the listings, with the persons it lists. */
async function householdsListing(ctx: HubContext, personKeys: string[]): Promise<Map<string, string[]>> {
  const listings = (await Promise.all(personKeys.map((key) => listingsByPerson(ctx).load(key)))).flat();
  const listed = new Map<string, string[]>();
  for (const { householdSourceId, personKey } of listings) listed.set(householdSourceId, [...(listed.get(householdSourceId) ?? []), personKey]);
  return listed;
}

const householdLevel = (record: AssistanceRecord) => HOUSEHOLD_LEVEL_PROGRAMS.includes(record.program);

/**
 * Records covering a person (RULES.md): person-level records naming them as
 * beneficiary, and household-level records of every household that currently
 * lists them.
 */
export function recordsCoveringPerson(ctx: HubContext, filter: RecordFilter | null | undefined) {
  return coveringRecords(ctx, 'assistance.recordsCoveringPerson', filter, async (personKeys) => {
    const listed = await householdsListing(ctx, personKeys);
    const records = await ctx.prisma.assistanceRecord.findMany({
      where: {
        AND: [
          recordWhere(filter),
          recordRule(ctx),
          {
            OR: [
              { beneficiaryKey: { in: personKeys }, program: { notIn: HOUSEHOLD_LEVEL_PROGRAMS } },
              { householdSourceId: { in: [...listed.keys()] }, program: { in: HOUSEHOLD_LEVEL_PROGRAMS } },
            ],
          },
        ],
      },
      orderBy: RECORD_ORDER,
    });
    return records.map((r) => covering(r, householdLevel(r) ? (listed.get(r.householdSourceId ?? '') ?? []) : [r.beneficiaryKey]));
  });
}

/**
 * Records covering a household or any of its current members: records sent
 * for the household, members' own records, and household-level records of
 * other households that list a member.
 */
export function recordsCoveringHousehold(ctx: HubContext, filter: RecordFilter | null | undefined) {
  return coveringRecords(ctx, 'assistance.recordsCoveringHousehold', filter, async (sourceIds) => {
    const members = await ctx.prisma.householdMember.findMany({
      where: { householdSourceId: { in: sourceIds } },
      select: { personKey: true, householdSourceId: true },
    });
    const householdsOf = new Map<string, string[]>();
    for (const { personKey, householdSourceId } of members) householdsOf.set(personKey, [...(householdsOf.get(personKey) ?? []), householdSourceId]);
    const memberKeys = [...householdsOf.keys()];
    const listed = await householdsListing(ctx, memberKeys);
    const records = await ctx.prisma.assistanceRecord.findMany({
      where: {
        AND: [
          recordWhere(filter),
          recordRule(ctx),
          {
            OR: [
              { householdSourceId: { in: sourceIds } },
              { beneficiaryKey: { in: memberKeys }, program: { notIn: HOUSEHOLD_LEVEL_PROGRAMS } },
              { householdSourceId: { in: [...listed.keys()] }, program: { in: HOUSEHOLD_LEVEL_PROGRAMS } },
            ],
          },
        ],
      },
      orderBy: RECORD_ORDER,
    });
    const asked = new Set(sourceIds);
    return records.map((r) => {
      // Covered through a member: the beneficiary, or everyone the grant's household lists.
      const persons = householdLevel(r) ? (listed.get(r.householdSourceId ?? '') ?? []) : [r.beneficiaryKey];
      const own = r.householdSourceId && asked.has(r.householdSourceId) ? [r.householdSourceId] : [];
      return covering(r, [...own, ...persons.flatMap((key) => householdsOf.get(key) ?? [])]);
    });
  });
}

/** The caller's row rule for records (src/access/filters.ts), folded into every record query. */
export const recordRule = (ctx: HubContext) => prismaWhere<Prisma.AssistanceRecordWhereInput>(ctx.caller, 'record');

/** Records the caller may see, by their public id "DEPARTMENT:sourceRecordId"; null when unknown or invisible alike. */
export function recordById(ctx: HubContext) {
  return byKey<string, AssistanceRecord>(
    ctx,
    'assistance.recordById',
    async (ids) => {
      const keys = ids.map(parseRecordId).filter((k) => k !== null);
      return keys.length ? ctx.prisma.assistanceRecord.findMany({ where: { AND: [{ OR: keys }, recordRule(ctx)] } }) : [];
    },
    recordId,
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

/** True when the caller is the charity whose program paid this grant. */
export async function callerOwnsGrant(ctx: HubContext, record: AssistanceRecord): Promise<boolean> {
  const caller = ctx.caller;
  if (caller?.role !== 'CHARITY' || !caller.org || !record.charityProgramCode) return false;
  return (await programByCode(ctx).load(record.charityProgramCode))?.organization === caller.org;
}

/** Documented expenses per person, newest first. */
export function expensesByPerson(ctx: HubContext) {
  return groupedBy<string, Expense>(
    ctx,
    'assistance.expensesByPerson',
    (personKeys) => ctx.prisma.expense.findMany({ where: { personKey: { in: personKeys } }, orderBy: [{ date: 'desc' }, { sourceId: 'asc' }] }),
    (expense) => expense.personKey,
  );
}

/** Accepted changes per record id, oldest first. */
export function historyByRecord(ctx: HubContext) {
  return groupedBy<string, ChangeEvent>(
    ctx,
    'assistance.historyByRecord',
    (ids) => ctx.prisma.changeEvent.findMany({ where: { entityType: 'record', entityKey: { in: ids } }, orderBy: { id: 'asc' } }),
    (change) => change.entityKey,
  );
}
