// Housing's own loader: its records by the household they cover (housing
// programs are household-level, EXCHANGE.md), batched per request. Record by id
// and records by beneficiary are the shared department loaders in
// src/lib/graphql/departmentSubgraph.ts.
import DataLoader from 'dataloader';
import { prismaWhere } from '../../access/filters';
import type { HousingRecordDetail, Prisma } from '../../db/client/prisma/client';
import { loaderFor, type HubContext } from '../../graphql/context';
import { toDepartmentRecord, type DepartmentRecord } from '../../graphql/departmentSubgraph';

/** HOUSING records whose householdSourceId is the given household, newest first. */
export function housingRecordsByHousehold(ctx: HubContext) {
  return loaderFor(
    ctx,
    'HOUSING.byHousehold',
    () =>
      new DataLoader<string, DepartmentRecord<HousingRecordDetail>[]>(async (sourceIds) => {
        const rows = await ctx.prisma.assistanceRecord.findMany({
          where: {
            AND: [
              { department: 'HOUSING', householdSourceId: { in: [...sourceIds] } },
              prismaWhere<Prisma.AssistanceRecordWhereInput>(ctx.caller, 'record'),
            ],
          },
          include: { housing: true },
          orderBy: [{ startDate: 'desc' }, { sourceRecordId: 'asc' }],
        });
        const records = rows.map((row) => toDepartmentRecord<HousingRecordDetail>(row, { detail: 'housing' }));
        return sourceIds.map((id) => records.filter((r) => r.record.householdSourceId === id));
      }),
  );
}
