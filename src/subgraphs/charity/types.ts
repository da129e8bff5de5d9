// What charities (慈善组织) add to the graph: their registered programs, with
// what has been granted from each, and on each charity grant what it pays for
// and the program it is paid from.
import { departmentRecordRef } from '../../graphql/departmentSubgraph';
import { recordEnums } from '../../graphql/recordEnums';
import { whenSubgraphDown } from '../../graphql/builder';
import { builder } from './builder';
import {
  grantsByProgram,
  grantTotals,
  programByCode,
  programVisible,
} from './loaders';

export const { NeedCategoryEnum, FrequencyEnum, RecordStatusEnum } = recordEnums(builder);

export const CharityProgramType = builder.prismaObject('CharityProgram', {
  description:
    'A program a charity registered (EXCHANGE.md `charityProgram`) before paying grants against it. A charity sees its own; officers, systems and auditors see those serving their regions.',
  fields: (t) => ({
    code: t.exposeID('code', { description: 'The program code, e.g. RED-CROSS-SC-2026-EDU.' }),
    name: t.exposeString('name'),
    organization: t.exposeString('organization', { description: 'The charity organisation\'s code (its tokens\' `org`).' }),
    needCategory: t.expose('needCategory', { type: NeedCategoryEnum, description: 'The need every grant of the program answers.' }),
    // One prefix for every program in both data sets; a program serving several counties lists each.
    regionCodes: t.exposeStringList('regionCodes', { description: 'Region-code prefixes (2, 4 or 6 digits) the program serves.', listSize: { assumedSize: 5 } }),
    budget: t.expose('budget', { type: 'Money' }),
    startDate: t.expose('startDate', { type: 'Date' }),
    endDate: t.expose('endDate', { type: 'Date', nullable: true, description: 'Last day (inclusive); null while open-ended.' }),
    granted: t.field({
      type: 'Money',
      description:
        'Sum of `amount` of the program\'s grants that are not CANCELLED. `amount` is per period as sent (per month for MONTHLY), so this is not the total paid over time.',
      resolve: async (program, _args, ctx) => (await grantTotals(ctx).load(program.code)).granted,
    }),
    grantCount: t.int({
      description: 'Number of the program\'s grants that are not CANCELLED.',
      resolve: async (program, _args, ctx) => (await grantTotals(ctx).load(program.code)).count,
    }),
  }),
});

builder.prismaObjectField(CharityProgramType, 'grants', (t) =>
  t.field({
    type: [CharityGrantRef],
    nullable: true,
    description: `Grants paid from this program that you may see, newest first: all of them for the charity that runs it. ${whenSubgraphDown('assistance')}`,
    // Not paged: the demo's two programs pay 19 and 8 grants, the rule data set's up to 35.
    listSize: { assumedSize: 50 },
    resolve: (program, _args, ctx) => grantsByProgram(ctx).load(program.code),
  }),
);

builder.asEntity(CharityProgramType, {
  key: builder.selection<{ code: string }>('code'),
  resolveReference: async ({ code }, ctx) => {
    const program = await programByCode(ctx).load(code);
    return program && programVisible(ctx.caller, program) ? program : null;
  },
});

// The record type with its detail fields (src/departments), Person.charityGrants and charityProgramKinds
// (the exchange catalogue; `charityPrograms` lists the registered programs, queries.ts).
export const CharityGrantRef = departmentRecordRef(builder, 'CHARITY');

builder.objectField(CharityGrantRef, 'charityProgram', (t) =>
  t.field({
    type: CharityProgramType,
    nullable: true,
    description: 'The registered program the grant is paid from; null when you may not see that program.',
    resolve: async (grant, _args, ctx) => {
      const code = grant.record.charityProgramCode;
      const program = code ? await programByCode(ctx).load(code) : null;
      return program && programVisible(ctx.caller, program) ? program : null;
    },
  }),
);
