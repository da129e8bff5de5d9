// Findings of the duplicate and gap rules (RULES.md) as the graph shows them:
// what was found, about whom, the evidence records, the estimated
// overpayment, and the review history. Finding is an entity so that other
// subgraphs (the batch answer of submitExchangeBatch) can point to one.
import type { Finding, FindingReview } from '../../db/client/prisma/client';
import { builder } from './builder';
import { AreaEnum, DepartmentEnum, FindingKindEnum, FindingStatusEnum, ProgramEnum } from './enums';
import { reviewsByFinding, visibleFinding } from './loaders';
import { EvidenceRecordUnion, HouseholdRef, PersonRef, departmentOf } from './refs';
import { ruleName } from '../../detection/ruleNames';

export const FindingReviewType = builder.objectRef<FindingReview>('FindingReview').implement({
  description: 'One review decision on a finding: who decided, when, from which state to which, and why. Kept for good.',
  fields: (t) => ({
    fromStatus: t.expose('fromStatus', { type: FindingStatusEnum }),
    toStatus: t.expose('toStatus', { type: FindingStatusEnum }),
    note: t.exposeString('note', { nullable: true }),
    sub: t.exposeString('sub', { description: 'Who reviewed: the token\'s subject.' }),
    role: t.exposeString('role'),
    department: t.expose('department', { type: DepartmentEnum, nullable: true }),
    at: t.expose('at', { type: 'DateTime' }),
  }),
});

interface Evidence {
  id: string;
}

const FindingEvidenceType = builder.objectRef<Evidence>('FindingEvidence').implement({
  description: 'One evidence record of a finding.',
  fields: (t) => ({
    id: t.exposeString('id', { description: '"DEPARTMENT:sourceRecordId", as the assistanceRecord query takes it.' }),
    department: t.field({ type: DepartmentEnum, resolve: (e) => departmentOf(e.id) }),
    sourceRecordId: t.string({ resolve: (e) => e.id.slice(e.id.indexOf(':') + 1) }),
    record: t.field({
      type: EvidenceRecordUnion,
      nullable: true,
      description: 'The record itself, with the rules of the subgraph that owns it: null when you may not see it.',
      resolve: (e) => ({ id: e.id }),
    }),
  }),
});

export const FindingType = builder.objectRef<Finding>('Finding').implement({
  description:
    'A duplicate payout or a gap found by a rule of RULES.md, kept across detection runs with its review state. Only findings you may see exist for you (ACCESS.md).',
  fields: (t) => ({
    id: t.id({ resolve: (f) => String(f.id) }),
    rule: t.exposeString('rule', { description: 'The rule id of RULES.md, e.g. D1.' }),
    ruleName: t.string({ nullable: true, description: 'RULES.md\'s name of the rule, e.g. EXCLUSIVE_BASIC_LIVING.', resolve: (f) => ruleName(f.rule) }),
    kind: t.expose('kind', { type: FindingKindEnum }),
    status: t.expose('status', { type: FindingStatusEnum }),
    personKey: t.exposeID('personKey', { nullable: true, description: 'The person the finding names (for D4 the household head); null for household and region findings.' }),
    person: t.field({
      type: PersonRef,
      nullable: true,
      description: 'The person, as the registry shows them to you.',
      resolve: (f) => (f.personKey ? { personKey: f.personKey } : null),
    }),
    householdSourceId: t.exposeString('householdSourceId', { nullable: true }),
    household: t.field({
      type: HouseholdRef,
      nullable: true,
      description: 'The household, as the registry shows it to you.',
      resolve: (f) => (f.householdSourceId ? { sourceId: f.householdSourceId } : null),
    }),
    regionCode: t.string({ description: 'The county the finding is filed under.', resolve: (f) => f.regionCode.trim() }),
    regionCodes: t.exposeStringList('regionCodes', { description: 'Every region involved (records, household, person).', listSize: { assumedSize: 3 } }),
    area: t.expose('area', { type: AreaEnum, nullable: true, description: 'For region findings (G8): the area whose standards are wrong.' }),
    // One to three records a finding in the rule data set (D3: three payments for one event).
    records: t.exposeStringList('records', { description: 'Evidence records as "DEPARTMENT:sourceRecordId", sorted.', listSize: { assumedSize: 3 } }),
    evidence: t.field({
      type: [FindingEvidenceType],
      listSize: { assumedSize: 3 },
      description: 'The evidence records, each resolvable to the record itself.',
      resolve: (f) => f.records.map((id) => ({ id })),
    }),
    overpayment: t.expose('overpayment', {
      type: 'Money',
      nullable: true,
      description: 'Estimated amount paid twice, up to the as-of date (RULES.md); null for gaps.',
    }),
    suggestedPrograms: t.expose('suggestedPrograms', { type: [ProgramEnum], description: 'Programs that would close a gap.', listSize: { assumedSize: 2 } }),
    departments: t.expose('departments', {
      type: [DepartmentEnum],
      listSize: { assumedSize: 3 },
      description: 'Departments owning the evidence records (duplicates) or the suggested programs (gaps).',
    }),
    asOf: t.expose('asOf', { type: 'Date', description: 'As-of date of the latest run that found it.' }),
    firstFoundAsOf: t.expose('firstFoundAsOf', { type: 'Date' }),
    current: t.exposeBoolean('current', { description: 'True while the latest run of its rule still finds it.' }),
    reviewNote: t.exposeString('reviewNote', { nullable: true, description: 'The note of the latest review.' }),
    reviewedBy: t.exposeString('reviewedBy', { nullable: true, description: 'Who made the latest review (a token\'s subject).' }),
    reviewedAt: t.expose('reviewedAt', { type: 'DateTime', nullable: true }),
    reviews: t.field({
      type: [FindingReviewType],
      description: 'Every review decision, oldest first.',
      // Confirmed, then resolved; now and then reopened.
      listSize: { assumedSize: 3 },
      resolve: (f, _args, ctx) => reviewsByFinding(ctx).load(f.id),
    }),
  }),
});

builder.asEntity(FindingType, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: ({ id }, ctx) => visibleFinding(ctx, id),
});

export const FindingConnection = builder.connectionObject(
  {
    type: FindingType,
    name: 'FindingConnection',
    description: 'A page of findings, by rule, region and identity.',
    fields: (t) => ({
      totalCount: t.int({ resolve: (connection) => (connection as unknown as { totalCount: number }).totalCount }),
    }),
  },
  { name: 'FindingEdge' },
);
