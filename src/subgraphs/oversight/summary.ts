// The summary of findings: counts and overpayment sums by rule, region and
// department, and per rule its measured precision, so that a rule that cries
// wolf shows. Sums are added in SQL as NUMERIC and travel as text: never a float.
import { Prisma } from '../../db/client/prisma/client';
import type { HubContext } from '../../graphql/context';
import { Decimal, formatMoney } from '../../lib/money';
import { findingWhereSql, type FindingFilter } from './filters';
import { ruleName } from '../../detection/ruleNames';

export interface RuleSummary {
  rule: string;
  ruleName: string | null;
  kind: string;
  count: number;
  open: number;
  confirmed: number;
  dismissed: number;
  resolved: number;
  overpayment: string;
  reviewed: number;
  confirmedByReview: number;
  dismissedByReview: number;
  /** confirmedByReview / (confirmedByReview + dismissedByReview); null when no verdict yet. */
  precision: number | null;
}

export interface GroupSummary {
  key: string;
  count: number;
  overpayment: string;
}

export interface FindingSummary {
  count: number;
  overpayment: string;
  byRule: RuleSummary[];
  byRegion: GroupSummary[];
  byDepartment: GroupSummary[];
}

/**
 * The verdict of a finding is its latest review: CONFIRMED or RESOLVED (a
 * reviewer puts right only what is real) count as right, DISMISSED as wrong.
 * The state a run sets by itself (RESOLVED when no longer found) writes no
 * review and is no verdict.
 */
const VISIBLE = (where: Prisma.Sql) => Prisma.sql`
  SELECT f.id, f.rule, f.kind::text AS kind, f.status::text AS status, f.overpayment, f.region_code::text AS region_code,
    f.departments::text[] AS departments,
    (SELECT r.to_status::text FROM finding_review r WHERE r.finding_id = f.id ORDER BY r.id DESC LIMIT 1) AS verdict
  FROM finding f WHERE ${where}`;

type Row = Record<string, string | number | null>;

export async function findingSummary(ctx: HubContext, filter: FindingFilter | null | undefined): Promise<FindingSummary> {
  const visible = VISIBLE(findingWhereSql(ctx.caller, filter));
  const [byRule, byRegion, byDepartment] = await Promise.all([
    ctx.prisma.$queryRaw<Row[]>(Prisma.sql`WITH v AS (${visible})
      SELECT rule, min(kind) AS kind, count(*)::int AS count,
        count(*) FILTER (WHERE status = 'OPEN')::int AS open,
        count(*) FILTER (WHERE status = 'CONFIRMED')::int AS confirmed,
        count(*) FILTER (WHERE status = 'DISMISSED')::int AS dismissed,
        count(*) FILTER (WHERE status = 'RESOLVED')::int AS resolved,
        COALESCE(sum(overpayment), 0)::text AS overpayment,
        count(verdict)::int AS reviewed,
        count(*) FILTER (WHERE verdict IN ('CONFIRMED', 'RESOLVED'))::int AS confirmed_by_review,
        count(*) FILTER (WHERE verdict = 'DISMISSED')::int AS dismissed_by_review
      FROM v GROUP BY rule ORDER BY rule`),
    ctx.prisma.$queryRaw<Row[]>(Prisma.sql`WITH v AS (${visible})
      SELECT region_code AS key, count(*)::int AS count, COALESCE(sum(overpayment), 0)::text AS overpayment
      FROM v GROUP BY region_code ORDER BY region_code`),
    ctx.prisma.$queryRaw<Row[]>(Prisma.sql`WITH v AS (${visible})
      SELECT d.department AS key, count(*)::int AS count, COALESCE(sum(overpayment), 0)::text AS overpayment
      FROM v, unnest(v.departments) AS d(department) GROUP BY d.department ORDER BY d.department`),
  ]);
  const rules = byRule.map(toRuleSummary);
  return {
    count: rules.reduce((n, r) => n + r.count, 0),
    overpayment: sumMoney(rules.map((r) => r.overpayment)),
    byRule: rules,
    byRegion: byRegion.map(toGroup),
    byDepartment: byDepartment.map(toGroup),
  };
}

function toRuleSummary(row: Row): RuleSummary {
  const confirmedByReview = Number(row.confirmed_by_review);
  const dismissedByReview = Number(row.dismissed_by_review);
  const judged = confirmedByReview + dismissedByReview;
  return {
    rule: String(row.rule),
    ruleName: ruleName(String(row.rule)),
    kind: String(row.kind),
    count: Number(row.count),
    open: Number(row.open),
    confirmed: Number(row.confirmed),
    dismissed: Number(row.dismissed),
    resolved: Number(row.resolved),
    overpayment: formatMoney(String(row.overpayment)),
    reviewed: Number(row.reviewed),
    confirmedByReview,
    dismissedByReview,
    precision: judged === 0 ? null : confirmedByReview / judged,
  };
}

const toGroup = (row: Row): GroupSummary => ({
  key: String(row.key).trim(),
  count: Number(row.count),
  overpayment: formatMoney(String(row.overpayment)),
});

function sumMoney(amounts: string[]): string {
  return formatMoney(amounts.reduce((sum, amount) => sum.plus(amount), new Decimal(0)));
}
