// What housing (住建) has beyond its descriptor: housing programs cover a
// household (公租房, 租赁补贴, 农村危房改造 are household-level, EXCHANGE.md), so
// Household lists its housing records too.
import { departmentRecords, departmentSubgraph } from '../graphql/departmentSubgraph';
import { groupedBy } from '../graphql/batch';
import { whenSubgraphDown } from '../graphql/builder';
import type { HubContext } from '../graphql/context';
import { canReadRecords } from '../graphql/shield';
import { householdInScope } from '../graphql/visibility';

/** HOUSING records whose householdSourceId is the given household, newest first. */
const byHousehold = (ctx: HubContext) =>
  groupedBy(
    ctx,
    'HOUSING.byHousehold',
    (sourceIds: string[]) => departmentRecords(ctx, 'HOUSING', { householdSourceId: { in: sourceIds } }),
    (record) => record.record.householdSourceId!,
  );

export const housingSubgraph = () =>
  departmentSubgraph('HOUSING', (builder, housingRecord) => {
    builder.externalRef('Household', builder.selection<{ sourceId: string }>('sourceId')).implement({
      externalFields: (t) => ({ sourceId: t.id() }),
      fields: (t) => ({
        housingRecords: t.field({
          type: [housingRecord],
          nullable: true,
          // One or two a household that has any, in both data sets.
          listSize: { assumedSize: 2 },
          description:
            `HOUSING records granted to this household (公租房, 租赁补贴, 农村危房改造 are household-level), newest first. ${whenSubgraphDown('housing')}`,
          resolve: async (household, _args, ctx) =>
            (await householdInScope(ctx, household.sourceId)) ? byHousehold(ctx).load(household.sourceId) : [],
        }),
      }),
    });
    return { Household: canReadRecords };
  });
