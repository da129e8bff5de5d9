// Reading registered charity programs. A charity sees its own organisation's;
// officers, systems, auditors and administrators see those serving their
// regions. A program you may not see is exactly like one that does not exist.
import { cursorAsPosition } from '../../graphql/cursors';
import { builder } from './builder';
import { programByCode, programVisible, visibleProgramsWhere } from './loaders';
import { CharityProgramType } from './types';

builder.queryFields((t) => ({
  charityPrograms: t.prismaConnection(
    {
      type: 'CharityProgram',
      cursor: 'code',
      description:
        'Registered charity programs you may see, ordered by code: a charity\'s own, or for other readers those with a region-code prefix overlapping one of your regions.',
      // A cursor is a place in the order, not a program looked up: one you may not see pages like an unknown one.
      resolve: async (query, _root, _args, ctx) => {
        const page = cursorAsPosition(query, 'code');
        return ctx.prisma.charityProgram.findMany({ ...page.query, where: { AND: [await visibleProgramsWhere(ctx), page.where] }, orderBy: { code: 'asc' } });
      },
      totalCount: async (_root, _args, ctx) => ctx.prisma.charityProgram.count({ where: await visibleProgramsWhere(ctx) }),
    },
    { name: 'CharityProgramConnection', description: 'A page of charity programs.' },
    { name: 'CharityProgramEdge' },
  ),
  charityProgram: t.field({
    type: CharityProgramType,
    nullable: true,
    description: 'One registered program by code; null when unknown or not yours to see.',
    args: { code: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const program = await programByCode(ctx).load(String(args.code));
      return program && programVisible(ctx.caller, program) ? program : null;
    },
  }),
}));
