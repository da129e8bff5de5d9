// Looking up records directly: one by id, or a page of those in your regions.
import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { regionPrefixWhere } from '../../lib/auth/scope';
import { builder } from './builder';
import { RECORD_ORDER, RecordFilterInput, recordWhere } from './filters';
import { recordById } from './loaders';
import { AssistanceRecordConnection, AssistanceRecordInterface, recordInScope } from './types';

builder.queryFields((t) => ({
  assistanceRecord: t.field({
    type: AssistanceRecordInterface,
    nullable: true,
    description: 'One record by id ("DEPARTMENT:sourceRecordId"); null when unknown or outside your regions.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const record = await recordById(ctx).load(String(args.id));
      return record && (await recordInScope(ctx, record)) ? record : null;
    },
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
            regionPrefixWhere(ctx.caller, 'regionCode'),
            args.regionCode ? { regionCode: { startsWith: args.regionCode } } : {},
          ],
        };
        const totalCount = await ctx.prisma.assistanceRecord.count({ where });
        const page = await resolveOffsetConnection({ args }, ({ offset, limit }) =>
          ctx.prisma.assistanceRecord.findMany({ where, orderBy: RECORD_ORDER, skip: offset, take: limit }),
        );
        return { ...page, totalCount };
      },
    },
    AssistanceRecordConnection,
  ),
}));
