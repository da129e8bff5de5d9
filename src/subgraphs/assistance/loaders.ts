// Per-request loaders: whatever number of persons or households a query
// touches, their records come from a fixed number of statements (the batching
// helpers of src/graphql/batch.ts, the caller's row rule in each statement).
import type { AssistanceRecord, ChangeEvent, Expense } from '../../db/client/prisma/client';
import { prismaWhere } from '../../access/filters';
import type { Prisma } from '../../db/client/prisma/client';
import { byKey, groupedBy } from '../../graphql/batch';
import { WITH_DETAILS } from '../../graphql/detailFields';
import { programByCode } from '../../graphql/charityPrograms';
import type { HubContext } from '../../graphql/context';
import { PROGRAMS } from '../../departments/programs';
import { coveringHouseholdsInOneStatement, coveringPersonsInOneStatement } from './coveringSql';
import { filterKey, type RecordFilter } from './filters';

/**
 * A record loaded for some of the keys asked, marked with the ones it covers
 * (a household-level grant covers every member its household lists), so one
 * statement's rows can be handed to each key.
 */
const COVERS = Symbol('covers');
type Covering = AssistanceRecord & { [COVERS]: string[] };
const covering = (record: AssistanceRecord, keys: Iterable<string>): Covering => Object.assign(record, { [COVERS]: [...new Set(keys)] });

/** One loader per (name, filter, details): a statement serves only keys sharing them. */
function coveringRecords(
  ctx: HubContext,
  name: string,
  filter: RecordFilter | null | undefined,
  details: boolean,
  load: (keys: string[]) => Promise<Covering[]>,
) {
  return groupedBy<string, Covering>(ctx, `${name}:${filterKey(filter)}:${details ? 'details' : 'core'}`, load, (record) => record[COVERS]);
}

/**
 * Records covering a person (RULES.md): person-level records naming them as
 * beneficiary, and household-level records of every household that currently
 * lists them. One statement (coveringSql.ts).
 */
export function recordsCoveringPerson(ctx: HubContext, filter: RecordFilter | null | undefined, details: boolean) {
  return coveringRecords(ctx, 'assistance.recordsCoveringPerson', filter, details, async (asked) => {
    const rows = await coveringPersonsInOneStatement(ctx.prisma, ctx.caller, asked, filter, details);
    return rows.map(({ record, covers }) => covering(record, covers));
  });
}

/**
 * Records covering a household or any of its current members: records sent
 * for the household, members' own records, and household-level records of
 * other households that list a member. One statement (coveringSql.ts).
 */
export function recordsCoveringHousehold(ctx: HubContext, filter: RecordFilter | null | undefined, details: boolean) {
  return coveringRecords(ctx, 'assistance.recordsCoveringHousehold', filter, details, async (asked) => {
    const rows = await coveringHouseholdsInOneStatement(ctx.prisma, ctx.caller, asked, filter, details);
    return rows.map(({ record, covers }) => covering(record, covers));
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
      return keys.length ? ctx.prisma.assistanceRecord.findMany({ where: { AND: [{ OR: keys }, recordRule(ctx)] }, include: WITH_DETAILS }) : [];
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
