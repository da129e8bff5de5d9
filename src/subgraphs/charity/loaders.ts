// Per-request loaders of the charity subgraph, and who may see which charity
// program or grant: a charity sees its own organisation's, the reading roles
// see programs serving their regions. Invisible looks exactly like unknown.
import { NotRenderable } from '../../access/condition';
import { prismaWhere, sees, sqlWhere } from '../../access/filters';
import { Prisma, type AssistanceRecord, type CharityRecordDetail, type CharityProgram } from '../../db/client/prisma/client';
import type { Caller } from '../../access/callers';
import { byKey, groupedBy } from '../../graphql/batch';
import { programByCode } from '../../graphql/charityPrograms';
import { loaderFor, type HubContext } from '../../graphql/context';
import { toDepartmentRecord, type DepartmentRecord } from '../../graphql/departmentSubgraph';

export type CharityGrant = DepartmentRecord<CharityRecordDetail>;

/** May the caller see this program? The row rule of src/access/filters.ts, on the loaded row. */
export function programVisible(caller: Caller | null, program: CharityProgram): boolean {
  return sees(caller, 'charityProgram', program);
}

/**
 * Prisma `where` for the programs the caller may see, computed once per
 * request. The rule's region overlap (a program prefix and a caller prefix,
 * either starting with the other) has no Prisma form, so the matching codes
 * come from one SQL statement rendered from the same rule.
 */
export function visibleProgramsWhere(ctx: HubContext): Promise<Prisma.CharityProgramWhereInput> {
  return loaderFor(ctx, 'charity.visibleProgramsWhere', () => computeVisibleWhere(ctx));
}

async function computeVisibleWhere(ctx: HubContext): Promise<Prisma.CharityProgramWhereInput> {
  try {
    return prismaWhere<Prisma.CharityProgramWhereInput>(ctx.caller, 'charityProgram');
  } catch (error) {
    if (!(error instanceof NotRenderable)) throw error;
  }
  const rows = await ctx.prisma.$queryRaw<{ code: string }[]>(
    Prisma.sql`SELECT p.code FROM charity_program p WHERE ${sqlWhere(ctx.caller, 'charityProgram', 'p')}`,
  );
  return { code: { in: rows.map((row) => row.code) } };
}

/** Programs by code, whoever owns them: callers check programVisible. One loader with the assistance subgraph's. */
export { programByCode };

export interface GrantTotals {
  /** Sum of `amount` of the program's grants that are not CANCELLED. */
  granted: Prisma.Decimal | string;
  /** Number of those grants. */
  count: number;
}

const NO_GRANTS: GrantTotals = { granted: '0', count: 0 };

/** Totals per program, one GROUP BY for every program a request touches. */
export function grantTotals(ctx: HubContext) {
  const groups = byKey(
    ctx,
    'charity.grantTotals',
    (codes: string[]) =>
      ctx.prisma.assistanceRecord.groupBy({
        by: ['charityProgramCode'],
        where: { department: 'CHARITY', charityProgramCode: { in: codes }, status: { not: 'CANCELLED' } },
        _sum: { amount: true },
        _count: { _all: true },
      }),
    (group) => group.charityProgramCode!,
  );
  return {
    load: async (code: string): Promise<GrantTotals> => {
      const group = await groups.load(code);
      return group ? { granted: group._sum.amount ?? '0', count: group._count._all } : NO_GRANTS;
    },
  };
}

/** Charity grants by public id ("CHARITY:sourceRecordId") with their detail row. */
export function grantById(ctx: HubContext) {
  return byKey<string, CharityGrant>(
    ctx,
    'charity.grantById',
    async (ids) => {
      const prefix = 'CHARITY:';
      const sourceIds = ids.filter((id) => id.startsWith(prefix)).map((id) => id.slice(prefix.length));
      const rows = sourceIds.length
        ? await ctx.prisma.assistanceRecord.findMany({
            where: { department: 'CHARITY', sourceRecordId: { in: sourceIds } },
            include: { charity: true },
          })
        : [];
      return rows.map(toGrant);
    },
    (grant) => grant.id,
  );
}

/**
 * The grants paid from each program, newest first, that the caller may see
 * (the record row rule: all of them for the charity that runs it).
 */
export function grantsByProgram(ctx: HubContext) {
  return groupedBy<string, CharityGrant>(
    ctx,
    'charity.grantsByProgram',
    async (codes) => {
      const rows = await ctx.prisma.assistanceRecord.findMany({
        where: {
          AND: [
            { department: 'CHARITY', charityProgramCode: { in: codes } },
            prismaWhere<Prisma.AssistanceRecordWhereInput>(ctx.caller, 'record'),
          ],
        },
        include: { charity: true },
        orderBy: [{ startDate: 'desc' }, { sourceRecordId: 'asc' }],
      });
      return rows.map(toGrant);
    },
    (grant) => grant.record.charityProgramCode ?? [],
  );
}

/** A grant row with its detail, in the shape every department subgraph uses. */
const toGrant = (row: AssistanceRecord & { charity: CharityRecordDetail | null }): CharityGrant =>
  toDepartmentRecord<CharityRecordDetail>(row, { detail: 'charity' });

/** A charity's own grant: paid from a program of the caller's organisation. */
export async function grantOwnedByCaller(ctx: HubContext, grant: CharityGrant): Promise<boolean> {
  const org = ctx.caller?.role === 'CHARITY' ? ctx.caller.org : null;
  const code = grant.record.charityProgramCode;
  if (!org || !code) return false;
  const program = await programByCode(ctx).load(code);
  return program?.organization === org;
}

/** After a write in this request, later reads must not see what the loaders cached before it. */
export function forgetCachedReads(ctx: HubContext) {
  for (const name of [...ctx.loaders.keys()]) {
    if (name.startsWith('charity.') || name.startsWith('CHARITY.')) ctx.loaders.delete(name);
  }
}
