// Per-request loaders of the charity subgraph, and who may see which charity
// program or grant: a charity sees its own organisation's, the reading roles
// see programs serving their regions. Invisible looks exactly like unknown.
import DataLoader from 'dataloader';
import { regionPrefixWhere } from '../../lib/auth/scope';
import { Prisma, type AssistanceRecord, type CharityGrantDetail, type CharityProgram } from '../../generated/prisma/client';
import type { Caller } from '../../lib/auth/roles';
import { loaderFor, type HubContext } from '../../lib/graphql/context';
import { toDepartmentRecord, type DepartmentRecord } from '../../lib/graphql/departmentSubgraph';

export type CharityGrant = DepartmentRecord<CharityGrantDetail>;

/** Roles that read charity programs in their regions (ACCESS.md); CHARITY reads its own. */
const REGION_READERS: readonly Caller['role'][] = ['OFFICER', 'SYSTEM', 'AUDITOR', 'ADMIN'];

/** Two region-code prefixes overlap when either starts with the other. */
export function prefixesOverlap(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}

export function programVisible(caller: Caller | null, program: Pick<CharityProgram, 'organization' | 'regionCodes'>): boolean {
  if (!caller) return false;
  if (caller.role === 'CHARITY') return caller.org !== null && program.organization === caller.org;
  if (!REGION_READERS.includes(caller.role)) return false;
  if (caller.role === 'ADMIN') return true;
  return program.regionCodes.some((code) => caller.regions.some((prefix) => prefixesOverlap(code, prefix)));
}

/**
 * Prisma `where` for the programs the caller may see, computed once per request.
 * Region overlap on a text[] column is not expressible in Prisma's filters, so
 * the matching codes come from one SQL statement.
 */
export function visibleProgramsWhere(ctx: HubContext): Promise<Prisma.CharityProgramWhereInput> {
  return loaderFor(ctx, 'charity.visibleProgramsWhere', () => computeVisibleWhere(ctx));
}

const NOTHING: Prisma.CharityProgramWhereInput = { code: { in: [] } };

async function computeVisibleWhere(ctx: HubContext): Promise<Prisma.CharityProgramWhereInput> {
  const caller = ctx.caller;
  if (!caller) return NOTHING;
  if (caller.role === 'CHARITY') return caller.org ? { organization: caller.org } : NOTHING;
  if (!REGION_READERS.includes(caller.role)) return NOTHING;
  if (caller.role === 'ADMIN') return {};
  if (caller.regions.length === 0) return NOTHING;
  const rows = await ctx.prisma.$queryRaw<{ code: string }[]>(Prisma.sql`
    SELECT p.code FROM charity_program p
    WHERE EXISTS (
      SELECT 1 FROM unnest(p.region_codes) AS r(code), unnest(ARRAY[${Prisma.join(caller.regions)}]::text[]) AS c(prefix)
      WHERE starts_with(r.code, c.prefix) OR starts_with(c.prefix, r.code)
    )`);
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
 * The grants paid from each program, newest first: all of them for the
 * charity that runs it; for everyone else those paid in their regions.
 */
export function grantsByProgram(ctx: HubContext) {
  return loaderFor(
    ctx,
    'charity.grantsByProgram',
    () =>
      new DataLoader<string, CharityGrant[]>(async (codes) => {
        const caller = ctx.caller;
        const rows = await ctx.prisma.assistanceRecord.findMany({
          where: {
            department: 'CHARITY',
            charityProgramCode: { in: [...codes] },
            ...(caller?.role === 'CHARITY' ? {} : regionPrefixWhere(caller, 'regionCode')),
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
