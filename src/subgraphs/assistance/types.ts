// The one-graph view of assistance: every department's records behind one
// interface, and the registry's Person and Household extended with the
// records that cover them (一户一档).
import { resolveArrayConnection } from '@pothos/plugin-relay';
import type { AssistanceRecord, Expense } from '../../db/client/prisma/client';
import type { Department } from '../../db/client/prisma/enums';
import { asksForDetails, detailFields, detailOfRecord } from '../../graphql/detailFields';
import { personKeyInScope } from '../../graphql/visibility';
import { CONNECTION_LIST_SIZE, whenSubgraphDown } from '../../graphql/builder';
import { RECORD_TYPE_NAMES } from '../../departments/recordTypes';
import { builder } from './builder';
import { DepartmentEnum, FrequencyEnum, NeedCategoryEnum, ProgramEnum, RecordStatusEnum } from './enums';
import { RecordFilterInput } from './filters';
import {
  callerOwnsGrant,
  expensesByPerson,
  historyByRecord,
  recordById,
  recordId,
  recordsCoveringHousehold,
  recordsCoveringPerson,
} from './loaders';
import type { HubContext } from '../../graphql/context';

export const RegionRef = builder.externalRef('Region', builder.keyDirective(builder.selection<{ code: string }>('code'), false)).implement({
  externalFields: (t) => ({ code: t.id() }),
  fields: () => ({}),
});

export const PersonRef = builder.externalRef('Person', builder.selection<{ personKey: string }>('personKey'));
export const HouseholdRef = builder.externalRef('Household', builder.selection<{ sourceId: string }>('sourceId'));

export const RecordChangeType = builder.objectRef<{ action: string; sender: string; receivedAt: Date; previous: unknown; current: unknown }>('RecordChange').implement({
  description: 'One accepted change of a record: who sent it, when, and the state before and after.',
  fields: (t) => ({
    action: t.exposeString('action', { description: 'CREATED or UPDATED.' }),
    sender: t.exposeString('sender', { description: 'The sending system or user (a token\'s sub, or an import).' }),
    receivedAt: t.expose('receivedAt', { type: 'DateTime' }),
    previous: t.expose('previous', { type: 'JSON', nullable: true }),
    current: t.expose('current', { type: 'JSON' }),
  }),
});

export const AssistanceRecordInterface = builder.interfaceRef<AssistanceRecord>('AssistanceRecord').implement({
  description:
    'One assistance grant or payment stream from any department (EXCHANGE.md `record`). Each department\'s own type adds what only it knows.',
  fields: (t) => ({
    id: t.id({ description: '"DEPARTMENT:sourceRecordId", e.g. CIVIL_AFFAIRS:CA-2026-000001.', resolve: recordId }),
    department: t.expose('department', { type: DepartmentEnum }),
    sourceRecordId: t.exposeString('sourceRecordId', { description: 'The sending department\'s own id.' }),
    program: t.expose('program', { type: ProgramEnum }),
    beneficiary: t.field({
      type: PersonRef,
      nullable: true,
      description: `The person paid or served; for household-level programs the household head. ${whenSubgraphDown('registry')}`,
      resolve: (r) => ({ personKey: r.beneficiaryKey }),
    }),
    household: t.field({
      type: HouseholdRef,
      nullable: true,
      description: 'The household a household-level grant covers (every current member).',
      resolve: (r) => (r.householdSourceId ? { sourceId: r.householdSourceId } : null),
    }),
    region: t.field({ type: RegionRef, nullable: true, description: `Where the record is paid. ${whenSubgraphDown('registry')}`, resolve: (r) => ({ code: r.regionCode }) }),
    amount: t.expose('amount', { type: 'Money', description: 'Per period: per month for MONTHLY, per payment for ONE_OFF.' }),
    frequency: t.expose('frequency', { type: FrequencyEnum }),
    startDate: t.expose('startDate', { type: 'Date', description: 'First day covered (inclusive).' }),
    endDate: t.expose('endDate', { type: 'Date', nullable: true, description: 'Last day covered (inclusive); null while ongoing.' }),
    status: t.expose('status', { type: RecordStatusEnum }),
    needCategory: t.expose('needCategory', { type: NeedCategoryEnum }),
    eventRef: t.exposeString('eventRef', { nullable: true, description: 'The one event the grant pays for (a hospital bill, a school term, a fire).' }),
    expenseBasis: t.expose('expenseBasis', { type: 'Money', nullable: true, description: 'Documented cost of that event.' }),
    charityProgramCode: t.exposeString('charityProgramCode', { nullable: true }),
    receivedAt: t.expose('receivedAt', { type: 'DateTime', description: 'When the hub first received the record.' }),
    history: t.field({
      type: [RecordChangeType],
      description: 'Every accepted change, oldest first. The snapshots include department details (personal data: needs a purpose).',
      // Both data sets store each record once; in life a record is amended, suspended and ended: a few versions.
      listSize: { assumedSize: 4 },
      resolve: (r, _args, ctx) => historyByRecord(ctx).load(recordId(r)),
    }),
  }),
});

/** One concrete type per department, each an entity its department's subgraph extends. */
export const RecordTypes = Object.fromEntries(
  (Object.entries(RECORD_TYPE_NAMES) as [Department, string][]).map(([department, name]) => {
    const ref = builder.objectRef<AssistanceRecord>(name).implement({
      description: `A record of ${department}.`,
      interfaces: [AssistanceRecordInterface],
      isTypeOf: (value) => (value as AssistanceRecord).department === department,
      // The department's details, loaded with the record (shared with the department's subgraph: src/graphql/detailFields.ts).
      fields: (t) => detailFields(builder, t, department, detailOfRecord),
    });
    builder.asEntity(ref, {
      key: builder.selection<{ id: string }>('id'),
      resolveReference: async ({ id }, ctx) => {
        const record = await recordById(ctx).load(id);
        return record && record.department === department ? record : null;
      },
    });
    return [department, ref];
  }),
);

export const AssistanceRecordConnection = builder.connectionObject(
  {
    type: AssistanceRecordInterface,
    name: 'AssistanceRecordConnection',
    description: 'A page of assistance records, newest first.',
    fields: (t) => ({
      totalCount: t.int({ resolve: (connection) => (connection as unknown as { totalCount: number }).totalCount }),
    }),
  },
  { name: 'AssistanceRecordEdge' },
);

const ExpenseType = builder.objectRef<Expense>('Expense').implement({
  description: 'A documented out-of-pocket cost reported by a department (for example a large medical bill).',
  fields: (t) => ({
    department: t.expose('department', { type: DepartmentEnum }),
    sourceId: t.exposeString('sourceId'),
    category: t.expose('category', { type: NeedCategoryEnum }),
    amount: t.expose('amount', { type: 'Money' }),
    date: t.expose('date', { type: 'Date' }),
  }),
});

PersonRef.implement({
  externalFields: (t) => ({ personKey: t.id() }),
  fields: (t) => ({
    assistanceRecords: t.connection(
      {
        type: AssistanceRecordInterface,
        nullable: true,
        description: `Every department's records covering this person: their own, and household-level grants of households that list them. ${whenSubgraphDown('assistance')}`,
        args: { filter: t.arg({ type: RecordFilterInput, required: false }) },
        // Without first/last, the person's records up to a page: two on average in both data sets, 9 in 10 persons five or fewer, at most 14.
        listSize: { ...CONNECTION_LIST_SIZE, assumedSize: 10 },
        resolve: async (person, args, ctx, info) => {
          // An unknown or invisible person covers nothing: the loader's first statement is the scope check.
          const records = await recordsCoveringPerson(ctx, args.filter, asksForDetails(info)).load(person.personKey);
          return { ...resolveArrayConnection({ args }, records), totalCount: records.length };
        },
      },
      AssistanceRecordConnection,
    ),
    expenses: t.field({
      type: [ExpenseType],
      nullable: true,
      description: `Documented out-of-pocket costs (personal data: needs a purpose). ${whenSubgraphDown('assistance')}`,
      // Large bills only: at most two a person in the demo set, one in the rule data set.
      listSize: { assumedSize: 2 },
      resolve: async (person, _args, ctx) =>
        (await personKeyInScope(ctx, person.personKey)) ? expensesByPerson(ctx).load(person.personKey) : [],
    }),
  }),
});

HouseholdRef.implement({
  externalFields: (t) => ({ sourceId: t.id() }),
  fields: (t) => ({
    assistanceRecords: t.connection(
      {
        type: AssistanceRecordInterface,
        nullable: true,
        description: `Every department's records covering this household or any current member, including household-level grants of other households that list a member. ${whenSubgraphDown('assistance')}`,
        args: { filter: t.arg({ type: RecordFilterInput, required: false }) },
        // Without first/last, the household's records up to a page: two to four on average in both data sets, at most 15.
        listSize: { ...CONNECTION_LIST_SIZE, assumedSize: 15 },
        resolve: async (household, args, ctx, info) => {
          // An unknown or invisible household is covered by nothing: the loader's first statement is the scope check.
          const records = await recordsCoveringHousehold(ctx, args.filter, asksForDetails(info)).load(household.sourceId);
          return { ...resolveArrayConnection({ args }, records), totalCount: records.length };
        },
      },
      AssistanceRecordConnection,
    ),
  }),
});
