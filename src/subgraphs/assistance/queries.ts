// Looking up records directly: one by id, or a page of those in your regions.
import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { inRegions } from '../../access/filters';
import { toPrisma } from '../../access/condition';
import type { Prisma } from '../../db/client/prisma/client';
import { WITH_DETAILS } from '../../graphql/detailFields';
import { builder } from './builder';
import { RECORD_ORDER, RecordFilterInput, recordWhere } from './filters';
import { recordById, recordRule } from './loaders';
import { AssistanceRecordConnection, AssistanceRecordInterface } from './types';

builder.queryFields((t) => ({
  assistanceRecord: t.field({
    type: AssistanceRecordInterface,
    nullable: true,
    description: 'One record by id ("DEPARTMENT:sourceRecordId"); null when unknown or outside your regions.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => recordById(ctx).load(String(args.id)),
  }),
  assistanceRecords: t.connection(
    {
      type: AssistanceRecordInterface,
      description: 'Records paid in your regions, newest first.',
      args: {
        filter: t.arg({ type: RecordFilterInput, required: false }),
        regionCode: t.arg.string({ required: false, description: 'A region code or prefix, e.g. 5101.' }),
      },
      resolve: async (_root, args, ctx) => {
        const where = {
          AND: [
            recordWhere(args.filter),
            recordRule(ctx),
            // This list is of records paid in the caller's regions, a narrower set than the rule lets them read.
            toPrisma(inRegions(ctx.caller!, 'regionCode'), 'AssistanceRecord') as Prisma.AssistanceRecordWhereInput,
            args.regionCode ? { regionCode: { startsWith: args.regionCode } } : {},
          ],
        };
        // The page first: a cursor it cannot read is refused before any statement runs.
        const page = await resolveOffsetConnection({ args }, ({ offset, limit }) =>
          ctx.prisma.assistanceRecord.findMany({ where, include: WITH_DETAILS, orderBy: RECORD_ORDER, skip: offset, take: limit }),
        );
        return { ...page, totalCount: await ctx.prisma.assistanceRecord.count({ where }) };
      },
    },
    AssistanceRecordConnection,
  ),
}));
