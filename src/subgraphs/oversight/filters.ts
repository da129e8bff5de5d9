// Filtering findings and referrals. Lists, counts and summaries share one SQL
// condition: the caller's row rule (src/access/filters.ts) and the filter, so
// a total never counts what the page would not show.
import { Prisma } from '../../db/client/prisma/client';
import type { Department, FindingKind, FindingStatus, ReferralStatus } from '../../db/client/prisma/enums';
import type { Caller } from '../../access/callers';
import { userInputError } from '../../lib/errors';
import { builder } from './builder';
import { DepartmentEnum, FindingKindEnum, FindingStatusEnum, ReferralStatusEnum } from './enums';
import { RULE_NAMES } from '../../detection/ruleNames';
import { referralHiddenByFinding, sqlWhere } from '../../access/filters';
import { toSql } from '../../access/condition';

export interface FindingFilter {
  rule?: string | null;
  kind?: FindingKind | null;
  status?: FindingStatus | null;
  regionCode?: string | null;
  department?: Department | null;
  current?: boolean | null;
}

export const FindingFilterInput = builder.inputType('FindingFilter', {
  description: 'Every condition given must hold.',
  fields: (t) => ({
    rule: t.string({ required: false, description: 'A rule id of RULES.md, e.g. D1 or G3.' }),
    kind: t.field({ type: FindingKindEnum, required: false }),
    status: t.field({ type: FindingStatusEnum, required: false }),
    regionCode: t.string({ required: false, description: 'A region code or prefix the finding is filed under, e.g. 5101.' }),
    department: t.field({ type: DepartmentEnum, required: false, description: 'Findings that involve this department.' }),
    current: t.boolean({ required: false, description: 'true: found by the latest run of its rule; false: no longer found.' }),
  }),
});

/** The WHERE condition (alias `f`) of the caller's findings that match the filter. */
export function findingWhereSql(caller: Caller | null, filter: FindingFilter | null | undefined): Prisma.Sql {
  const conditions = [sqlWhere(caller, 'finding', 'f')];
  if (filter?.rule) {
    if (!Object.hasOwn(RULE_NAMES, filter.rule)) throw userInputError('filter.rule', `unknown rule ${JSON.stringify(filter.rule)}; expected one of ${Object.keys(RULE_NAMES).join(', ')}`);
    conditions.push(Prisma.sql`f.rule = ${filter.rule}`);
  }
  if (filter?.kind) conditions.push(Prisma.sql`f.kind::text = ${filter.kind}`);
  if (filter?.status) conditions.push(Prisma.sql`f.status::text = ${filter.status}`);
  if (filter?.regionCode) conditions.push(Prisma.sql`starts_with(f.region_code::text, ${filter.regionCode})`);
  if (filter?.department) conditions.push(Prisma.sql`${filter.department} = ANY(f.departments::text[])`);
  if (filter?.current !== undefined && filter.current !== null) conditions.push(Prisma.sql`f.current = ${filter.current}`);
  return Prisma.join(conditions, ' AND ');
}

/** Findings in a stable order: by rule, then region, then their identity. */
export const FINDING_ORDER_SQL = Prisma.sql`f.rule, f.region_code, f.finding_key`;

export interface ReferralFilter {
  status?: ReferralStatus | null;
  toDepartment?: Department | null;
  regionCode?: string | null;
}

export const ReferralFilterInput = builder.inputType('ReferralFilter', {
  description: 'Every condition given must hold.',
  fields: (t) => ({
    status: t.field({ type: ReferralStatusEnum, required: false }),
    toDepartment: t.field({ type: DepartmentEnum, required: false }),
    regionCode: t.string({ required: false, description: 'A region code or prefix, e.g. 510104.' }),
  }),
});

/** The WHERE condition (alias `r`) of the caller's referrals that match the filter. */
export function referralWhereSql(caller: Caller | null, filter: ReferralFilter | null | undefined): Prisma.Sql {
  const conditions = [
    sqlWhere(caller, 'referral', 'r'),
    // The finding it was opened from may hide it (referralHiddenByFinding).
    Prisma.sql`NOT EXISTS (SELECT 1 FROM finding rf WHERE rf.id = r.finding_id AND ${toSql(referralHiddenByFinding(caller), 'rf')})`,
  ];
  if (filter?.status) conditions.push(Prisma.sql`r.status::text = ${filter.status}`);
  if (filter?.toDepartment) conditions.push(Prisma.sql`r.to_department::text = ${filter.toDepartment}`);
  if (filter?.regionCode) conditions.push(Prisma.sql`starts_with(r.region_code::text, ${filter.regionCode})`);
  return Prisma.join(conditions, ' AND ');
}

/** Newest first; the id breaks ties. */
export const REFERRAL_ORDER_SQL = Prisma.sql`r.created_at DESC, r.id DESC`;
