// Per-request loaders of the charity subgraph, and who may see which charity
// program or grant: a charity sees its own organisation's, the reading roles
// see programs serving their regions. Invisible looks exactly like unknown.
import DataLoader from 'dataloader';
import { NotRenderable } from '../../access/condition';
import { prismaWhere, sees, sqlWhere } from '../../access/filters';
import { Prisma, type AssistanceRecord, type CharityGrantDetail, type CharityProgram } from '../../db/client/prisma/client';
import type { Caller } from '../../access/callers';
import { loaderFor, type HubContext } from '../../graphql/context';
import { toDepartmentRecord, type DepartmentRecord } from '../../graphql/departmentSubgraph';

export type CharityGrant = DepartmentRecord<CharityGrantDetail>;

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

/** Programs by code, whoever owns them: callers check programVisible. */
export function programByCode(ctx: HubContext) {
  return loaderFor(
    ctx,
    'charity.programByCode',
    () =>
      new DataLoader<string, CharityProgram | null>(async (codes) => {
        const rows = await ctx.prisma.charityProgram.findMany({ where: { code: { in: [...codes] } } });
        const byCode = new Map(rows.map((row) => [row.code, row]));
        return codes.map((code) => byCode.get(code) ?? null);
      }),
  );
}

export interface GrantTotals {
  /** Sum of `amount` of the program's grants that are not CANCELLED. */
  granted: Prisma.Decimal | string;
  /** Number of those grants. */
  count: number;
}

/** Totals per program, one GROUP BY for every program a request touches. */
export function grantTotals(ctx: HubContext) {
  return loaderFor(
    ctx,
    'charity.grantTotals',
    () =>
      new DataLoader<string, GrantTotals>(async (codes) => {
        const groups = await ctx.prisma.assistanceRecord.groupBy({
          by: ['charityProgramCode'],
          where: { department: 'CHARITY', charityProgramCode: { in: [...codes] }, status: { not: 'CANCELLED' } },
          _sum: { amount: true },
          _count: { _all: true },
        });
        const byCode = new Map(groups.map((g) => [g.charityProgramCode, { granted: g._sum.amount ?? '0', count: g._count._all }]));
        return codes.map((code) => byCode.get(code) ?? { granted: '0', count: 0 });
      }),
  );
}

/** Charity grants by public id ("CHARITY:sourceRecordId") with their detail row. */
export function grantById(ctx: HubContext) {
  return loaderFor(
    ctx,
    'charity.grantById',
    () =>
      new DataLoader<string, CharityGrant | null>(async (ids) => {
        const prefix = 'CHARITY:';
        const sourceIds = ids.filter((id) => id.startsWith(prefix)).map((id) => id.slice(prefix.length));
        const rows = sourceIds.length
          ? await ctx.prisma.assistanceRecord.findMany({
              where: { department: 'CHARITY', sourceRecordId: { in: sourceIds } },
              include: { charity: true },
            })
          : [];
        const byId = new Map(rows.map((row) => toGrant(row)).map((grant) => [grant.id, grant] as const));
        return ids.map((id) => byId.get(id) ?? null);
      }),
  );
}

/**
 * The grants paid from each program, newest first, that the caller may see
 * (the record row rule: all of them for the charity that runs it).
 */
export function grantsByProgram(ctx: HubContext) {
  return loaderFor(
    ctx,
    'charity.grantsByProgram',
    () =>
      new DataLoader<string, CharityGrant[]>(async (codes) => {
        const rows = await ctx.prisma.assistanceRecord.findMany({
          where: {
            AND: [
              { department: 'CHARITY', charityProgramCode: { in: [...codes] } },
              prismaWhere<Prisma.AssistanceRecordWhereInput>(ctx.caller, 'record'),
            ],
          },
          include: { charity: true },
          orderBy: [{ startDate: 'desc' }, { sourceRecordId: 'asc' }],
        });
        const grants = rows.map(toGrant);
        return codes.map((code) => grants.filter((g) => g.record.charityProgramCode === code));
      }),
  );
}

/** A grant row with its detail, in the shape every department subgraph uses. */
const toGrant = (row: AssistanceRecord & { charity: CharityGrantDetail | null }): CharityGrant =>
  toDepartmentRecord<CharityGrantDetail>(row, { detail: 'charity' });

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
