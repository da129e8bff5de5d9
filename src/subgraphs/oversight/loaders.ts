// Per-request loaders of the oversight subgraph. Rows are loaded whoever may
// see them; callers ask the row rules (src/access/filters.ts), so an invisible
// finding or referral is exactly like an unknown one.
import { Prisma, type Finding, type FindingReview, type Referral, type ReferralEvent } from '../../db/client/prisma/client';
import { byKey, groupedBy } from '../../graphql/batch';
import type { HubContext } from '../../graphql/context';
import { referralHiddenByFinding, sees } from '../../access/filters';
import { matches } from '../../access/condition';
import type { Caller } from '../../access/callers';

/** Our ids are integers shown as strings; anything else names nothing. */
export function parseId(id: string | number): number | null {
  const text = String(id);
  return /^[1-9]\d{0,9}$/.test(text) && Number(text) <= 2_147_483_647 ? Number(text) : null;
}

const findingById = (ctx: HubContext) =>
  byKey<number, Finding>(ctx, 'oversight.findingById', (ids) => ctx.prisma.finding.findMany({ where: { id: { in: ids } } }), (row) => row.id);

/**
 * A referral as the oversight subgraph loads it: with the rule of the finding
 * it was opened from, which decides whether it reveals health
 * (`referralHiddenByFinding`; shield.ts audits it with a purpose).
 */
export type LoadedReferral = Referral & { finding: { rule: string } | null };

const WITH_FINDING_RULE = { finding: { select: { rule: true } } } as const;

const referralById = (ctx: HubContext) =>
  byKey<number, LoadedReferral>(
    ctx,
    'oversight.referralById',
    (ids) => ctx.prisma.referral.findMany({ where: { id: { in: ids } }, include: WITH_FINDING_RULE }),
    (row) => row.id,
  );

/** The finding, or null when unknown or not the caller's to see. */
export async function visibleFinding(ctx: HubContext, id: string | number): Promise<Finding | null> {
  const key = parseId(id);
  const finding = key === null ? null : await findingById(ctx).load(key);
  return finding && sees(ctx.caller, 'finding', finding) ? finding : null;
}

/** The referral, or null when unknown or not the caller's to see. */
export async function visibleReferral(ctx: HubContext, id: string | number): Promise<LoadedReferral | null> {
  const key = parseId(id);
  const referral = key === null ? null : await referralById(ctx).load(key);
  return referral && seesReferral(ctx.caller, referral) ? referral : null;
}

/** The referral row rule, and the rule on the finding it was opened from (src/access/filters.ts). */
export function seesReferral(caller: Caller | null, referral: LoadedReferral): boolean {
  if (!sees(caller, 'referral', referral)) return false;
  return !(referral.finding && matches(referralHiddenByFinding(caller), referral.finding));
}

/** Findings by id, in the order given (a page of ids from SQL). */
export async function findingsInOrder(ctx: HubContext, ids: number[]): Promise<Finding[]> {
  const rows = (await findingById(ctx).loadMany(ids)) as (Finding | null | Error)[];
  return rows.filter((row): row is Finding => row !== null && !(row instanceof Error));
}

export async function referralsInOrder(ctx: HubContext, ids: number[]): Promise<LoadedReferral[]> {
  const rows = (await referralById(ctx).loadMany(ids)) as (LoadedReferral | null | Error)[];
  return rows.filter((row): row is LoadedReferral => row !== null && !(row instanceof Error));
}

/** Every review of each finding, oldest first. */
export const reviewsByFinding = (ctx: HubContext) =>
  groupedBy<number, FindingReview>(
    ctx,
    'oversight.reviewsByFinding',
    (ids) => ctx.prisma.findingReview.findMany({ where: { findingId: { in: ids } }, orderBy: { id: 'asc' } }),
    (row) => row.findingId,
  );

/** Every referral opened from each finding, oldest first (callers filter with seesReferral). */
export const referralsByFinding = (ctx: HubContext) =>
  groupedBy<number, LoadedReferral>(
    ctx,
    'oversight.referralsByFinding',
    (ids) => ctx.prisma.referral.findMany({ where: { findingId: { in: ids } }, include: WITH_FINDING_RULE, orderBy: { id: 'asc' } }),
    (row) => row.findingId ?? [],
  );

/** Every event of each referral, oldest first. */
export const eventsByReferral = (ctx: HubContext) =>
  groupedBy<number, ReferralEvent>(
    ctx,
    'oversight.eventsByReferral',
    (ids) => ctx.prisma.referralEvent.findMany({ where: { referralId: { in: ids } }, orderBy: { id: 'asc' } }),
    (row) => row.referralId,
  );

/** After a write in this request, later reads must not see what the loaders cached before it. */
export function forgetCachedReads(ctx: HubContext) {
  for (const name of [...ctx.loaders.keys()]) if (name.startsWith('oversight.')) ctx.loaders.delete(name);
}

const TABLES = {
  finding: { from: Prisma.sql`finding f`, id: Prisma.sql`f.id` },
  referral: { from: Prisma.sql`referral r`, id: Prisma.sql`r.id` },
};

/** One page of ids for a WHERE and ORDER BY built by filters.ts. */
export async function pageOfIds(
  ctx: HubContext,
  table: keyof typeof TABLES,
  where: Prisma.Sql,
  order: Prisma.Sql,
  page: { offset: number; limit: number },
): Promise<number[]> {
  const { from, id } = TABLES[table];
  const rows = await ctx.prisma.$queryRaw<{ id: number }[]>(
    Prisma.sql`SELECT ${id} AS id FROM ${from} WHERE ${where} ORDER BY ${order} LIMIT ${page.limit} OFFSET ${page.offset}`,
  );
  return rows.map((row) => Number(row.id));
}

/** How many rows the same WHERE matches. */
export async function countOf(ctx: HubContext, table: keyof typeof TABLES, where: Prisma.Sql): Promise<number> {
  const rows = await ctx.prisma.$queryRaw<{ n: number }[]>(Prisma.sql`SELECT count(*)::int AS n FROM ${TABLES[table].from} WHERE ${where}`);
  return Number(rows[0]?.n ?? 0);
}
