// What housing (住建) knows about its records beyond the shared core: the
// dwelling behind public rental housing (公租房), a rental subsidy or a rural
// renovation (农村危房改造). Housing programs cover a household, so Household
// lists them too.
import type { HousingRecordDetail } from '../../db/client/prisma/client';
import { householdInScope } from '../../graphql/visibility';
import { departmentRecordRef } from '../../graphql/departmentSubgraph';
import { formatMoney } from '../../lib/money';
import { builder } from './builder';
import { housingRecordsByHousehold } from './loaders';

export const HousingRecordRef = departmentRecordRef<HousingRecordDetail>(builder, {
  department: 'HOUSING',
  detail: 'housing',
  personField: 'housingRecords',
  programsQuery: 'housingPrograms',
});

HousingRecordRef.implement({
  externalFields: (t) => ({ id: t.id() }),
  fields: (t) => ({
    propertyRef: t.string({
      nullable: true,
      description: 'Reference of the public rental unit or the renovated dwelling (房源编号).',
      resolve: (r) => r.detail?.propertyRef ?? null,
    }),
    floorAreaSqm: t.string({
      nullable: true,
      description:
        'Floor area (建筑面积) of that unit or dwelling in square metres, as a decimal string with exactly two decimals, e.g. "45.50" (not Money, and never a float).',
      resolve: (r) => (r.detail?.floorAreaSqm == null ? null : formatMoney(r.detail.floorAreaSqm)),
    }),
  }),
});

export const HouseholdRef = builder.externalRef('Household', builder.selection<{ sourceId: string }>('sourceId'));

HouseholdRef.implement({
  externalFields: (t) => ({ sourceId: t.id() }),
  fields: (t) => ({
    housingRecords: t.field({
      type: [HousingRecordRef],
      description:
        'HOUSING records granted to this household (公租房, 租赁补贴, 农村危房改造 are household-level), newest first.',
      resolve: async (household, _args, ctx) =>
        (await householdInScope(ctx, household.sourceId)) ? housingRecordsByHousehold(ctx).load(household.sourceId) : [],
    }),
  }),
});
