// Reading findings and referrals. What the row rules (src/access/filters.ts)
// hide is exactly like what does not exist: null, absent from lists, not
// counted.
import { resolveOffsetConnection } from '@pothos/plugin-relay';
import type { Prisma } from '../../db/client/prisma/client';
import { DEPARTMENT_VALUES } from '../../departments/programs';
import { RULE_NAMES } from '../../detection/ruleNames';
import { MAX_PAGE_SIZE } from '../../graphql/builder';
import type { HubContext } from '../../graphql/context';
import { userInputError } from '../../lib/errors';
import { builder } from './builder';
import { FindingKindEnum } from './enums';
import { FINDING_ORDER_SQL, FindingFilterInput, REFERRAL_ORDER_SQL, ReferralFilterInput, findingWhereSql, referralWhereSql } from './filters';
import { countOf, findingsInOrder, pageOfIds, referralsInOrder, visibleFinding, visibleReferral } from './loaders';
import { ReferralConnection, ReferralType } from './referralTypes';
import { findingSummary, type FindingSummary, type GroupSummary, type RuleSummary } from './summary';
import { FindingConnection, FindingType } from './types';

const RuleSummaryType = builder.objectRef<RuleSummary>('FindingRuleSummary').implement({
  description: 'The findings of one rule.',
  fields: (t) => ({
    rule: t.exposeString('rule'),
    ruleName: t.exposeString('ruleName', { nullable: true }),
    kind: t.field({ type: FindingKindEnum, resolve: (r) => r.kind as 'DUPLICATE' | 'GAP' }),
    count: t.exposeInt('count'),
    open: t.exposeInt('open', { description: 'Now OPEN.' }),
    confirmed: t.exposeInt('confirmed', { description: 'Now CONFIRMED.' }),
    dismissed: t.exposeInt('dismissed', { description: 'Now DISMISSED.' }),
    resolved: t.exposeInt('resolved', { description: 'Now RESOLVED.' }),
    overpayment: t.expose('overpayment', { type: 'Money', description: 'Sum of the estimated overpayments.' }),
    reviewed: t.exposeInt('reviewed', { description: 'Findings with at least one review.' }),
    confirmedByReview: t.exposeInt('confirmedByReview', {
      description: 'Reviewed findings whose latest review is CONFIRMED or RESOLVED: the rule was right.',
    }),
    dismissedByReview: t.exposeInt('dismissedByReview', { description: 'Reviewed findings whose latest review is DISMISSED: the rule was wrong.' }),
    precision: t.exposeFloat('precision', {
      nullable: true,
      description: 'confirmedByReview / (confirmedByReview + dismissedByReview): how often the rule is right when a person checks; null until a finding is reviewed.',
    }),
  }),
});

const GroupSummaryType = (name: string, keyName: string, description: string) =>
  builder.objectRef<GroupSummary>(name).implement({
    description,
    fields: (t) => ({
      [keyName]: t.exposeString('key'),
      count: t.exposeInt('count'),
      overpayment: t.expose('overpayment', { type: 'Money' }),
    }),
  });

const RegionSummaryType = GroupSummaryType('FindingRegionSummary', 'regionCode', 'The findings filed under one county.');
const DepartmentSummaryType = GroupSummaryType(
  'FindingDepartmentSummary',
  'department',
  'The findings that involve one department (a finding involving two departments counts for each).',
);

const FindingSummaryType = builder.objectRef<FindingSummary>('FindingSummary').implement({
  description: 'Counts and overpayment sums of the findings you may see that match the filter.',
  fields: (t) => ({
    count: t.exposeInt('count'),
    overpayment: t.expose('overpayment', { type: 'Money' }),
    // At most one per rule, per county (a province: Sichuan has 183) and per department.
    byRule: t.field({ type: [RuleSummaryType], description: 'By rule id.', listSize: { assumedSize: Object.keys(RULE_NAMES).length }, resolve: (s) => s.byRule }),
    byRegion: t.field({ type: [RegionSummaryType], description: 'By region code.', listSize: { assumedSize: 200 }, resolve: (s) => s.byRegion }),
    byDepartment: t.field({
      type: [DepartmentSummaryType],
      description: 'By department.',
      listSize: { assumedSize: DEPARTMENT_VALUES.length },
      resolve: (s) => s.byDepartment,
    }),
  }),
});

/** `first` above the page limit is an error rather than a silently shorter page. */
function checkPageSize(args: { first?: number | null; last?: number | null }) {
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (value !== null && value !== undefined && value > MAX_PAGE_SIZE) throw userInputError(name, `at most ${MAX_PAGE_SIZE} per page, got ${value}`);
  }
}

interface PageArgs {
  first?: number | null;
  last?: number | null;
  before?: string | null;
  after?: string | null;
}

/** A relay page of rows selected in SQL, with the total of the same selection. */
async function sqlPage<Row>(
  ctx: HubContext,
  args: PageArgs,
  table: 'finding' | 'referral',
  where: Prisma.Sql,
  order: Prisma.Sql,
  load: (ctx: HubContext, ids: number[]) => Promise<Row[]>,
) {
  checkPageSize(args);
  const totalCount = await countOf(ctx, table, where);
  const page = await resolveOffsetConnection({ args }, async ({ offset, limit }) =>
    load(ctx, await pageOfIds(ctx, table, where, order, { offset, limit })),
  );
  return { ...page, totalCount };
}

builder.queryFields((t) => ({
  finding: t.field({
    type: FindingType,
    nullable: true,
    description: 'One finding by id; null when unknown or not yours to see.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => visibleFinding(ctx, args.id),
  }),
  findings: t.connection(
    {
      type: FindingType,
      description: `Findings you may see, by rule, region and identity; at most ${MAX_PAGE_SIZE} per page.`,
      args: { filter: t.arg({ type: FindingFilterInput, required: false }) },
      resolve: (_root, args, ctx) => sqlPage(ctx, args, 'finding', findingWhereSql(ctx.caller, args.filter), FINDING_ORDER_SQL, findingsInOrder),
    },
    FindingConnection,
  ),
  findingSummary: t.field({
    type: FindingSummaryType,
    description: 'Counts and overpayment sums of the findings you may see, by rule (with its measured precision), region and department.',
    args: { filter: t.arg({ type: FindingFilterInput, required: false }) },
    resolve: (_root, args, ctx) => findingSummary(ctx, args.filter),
  }),
  referral: t.field({
    type: ReferralType,
    nullable: true,
    description: 'One referral by id; null when unknown or not yours to see.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => visibleReferral(ctx, args.id),
  }),
  referrals: t.connection(
    {
      type: ReferralType,
      description: `Referrals you may see, newest first; at most ${MAX_PAGE_SIZE} per page.`,
      args: { filter: t.arg({ type: ReferralFilterInput, required: false }) },
      resolve: (_root, args, ctx) =>
        sqlPage(ctx, args, 'referral', referralWhereSql(ctx.caller, args.filter), REFERRAL_ORDER_SQL, referralsInOrder),
    },
    ReferralConnection,
  ),
}));
