// Registry queries. Lookups outside the caller's regions return null, exactly
// as for records that do not exist; a cursor naming one pages exactly like a
// cursor naming nothing (src/graphql/cursors.ts).
import { cursorAsPosition } from '../../graphql/cursors';
import { prismaWhere } from '../../access/filters';
import type { Prisma } from '../../db/client/prisma/client';
import { userInputError } from '../../lib/errors';
import type { HubContext } from '../../graphql/context';
import type { RegionLevel } from '../../db/client/prisma/enums';
import { parseIdNumber, personKey } from '../../lib/ids';
import { builder } from './builder';
import { AreaEnum, RegionLevelEnum, StandardProgramEnum } from './enums';
import { nearestStandard } from './standards';
import { StandardType } from './types';

builder.queryFields((t) => ({
  region: t.prismaField({
    type: 'Region',
    nullable: true,
    description: 'One region by its GB/T 2260 code.',
    args: { code: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.region.findUnique({ ...query, where: { code: String(args.code) } }),
  }),
  regions: t.prismaConnection(
    {
      type: 'Region',
      cursor: 'code',
      description: 'Regions ordered by code, optionally one level or the children of one region.',
      args: {
        level: t.arg({ type: RegionLevelEnum, required: false }),
        parentCode: t.arg.id({ required: false }),
      },
      resolve: (query, _root, args, ctx) => {
        const page = cursorAsPosition(query, 'code');
        return ctx.prisma.region.findMany({
          ...page.query,
          where: { AND: [regionsWhere(args), page.where] },
          orderBy: { code: 'asc' },
        });
      },
      totalCount: (_root, args, ctx) => ctx.prisma.region.count({ where: regionsWhere(args) }),
    },
    { name: 'RegionConnection', description: 'A page of regions.' },
    { name: 'RegionEdge' },
  ),
  standard: t.field({
    type: StandardType,
    nullable: true,
    description:
      'The standard that applies to a region: its own, or for a region without one its nearest registered ancestor\'s (RULES.md).',
    args: {
      regionCode: t.arg.id({ required: true }),
      year: t.arg.int({ required: true }),
      program: t.arg({ type: StandardProgramEnum, required: true }),
      area: t.arg({ type: AreaEnum, required: true }),
    },
    resolve: (_root, args, ctx) =>
      nearestStandard(ctx.prisma, { ...args, regionCode: String(args.regionCode) }),
  }),
  person: t.prismaField({
    type: 'Person',
    nullable: true,
    description: 'One person by person key; null when unknown or outside your regions.',
    args: { personKey: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.person.findFirst({ ...query, where: { AND: [{ personKey: String(args.personKey) }, personRule(ctx)] } }),
  }),
  personByIdNumber: t.prismaField({
    type: 'Person',
    nullable: true,
    description:
      'One person by resident ID number. The number is validated, turned into its person key and forgotten: it is neither stored nor logged.',
    args: { idNumber: t.arg.string({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const parsed = parseIdNumber(args.idNumber);
      if (!parsed.ok) throw userInputError('idNumber', parsed.reason);
      const key = personKey(parsed.normalized, ctx.config.idPepper);
      // One statement whether the person is unknown, invisible or visible: the answer and its timing alike.
      return ctx.prisma.person.findFirst({ ...query, where: { AND: [{ personKey: key }, personRule(ctx)] } });
    },
  }),
  household: t.prismaField({
    type: 'Household',
    nullable: true,
    description: 'One household by its source id; null when unknown or outside your regions.',
    args: { sourceId: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.household.findFirst({ ...query, where: { AND: [{ sourceId: String(args.sourceId) }, householdRule(ctx)] } }),
  }),
  households: t.prismaConnection(
    {
      type: 'Household',
      cursor: 'sourceId',
      description: 'Households in your regions, ordered by source id; optionally under one region-code prefix.',
      args: { regionCode: t.arg.string({ required: false, description: 'A region code or prefix, e.g. 5101.' }) },
      // A cursor is a place in the order, not a household looked up: one outside your regions pages exactly like an unknown one.
      resolve: (query, _root, args, ctx) => {
        const page = cursorAsPosition(query, 'sourceId');
        return ctx.prisma.household.findMany({
          ...page.query,
          where: { AND: [householdsWhere(ctx, args.regionCode), page.where] },
          orderBy: { sourceId: 'asc' },
        });
      },
      totalCount: (_root, args, ctx) =>
        ctx.prisma.household.count({ where: householdsWhere(ctx, args.regionCode) }),
    },
    { name: 'HouseholdConnection', description: 'A page of households.' },
    { name: 'HouseholdEdge' },
  ),
}));

function householdsWhere(ctx: HubContext, regionCode: string | null | undefined) {
  return {
    AND: [householdRule(ctx), regionCode ? { regionCode: { startsWith: regionCode } } : {}],
  };
}

function regionsWhere(args: { level?: RegionLevel | null; parentCode?: string | number | null }) {
  return {
    ...(args.level ? { level: args.level } : {}),
    ...(args.parentCode ? { parentCode: String(args.parentCode) } : {}),
  };
}

const personRule = (ctx: HubContext) => prismaWhere<Prisma.PersonWhereInput>(ctx.caller, 'person');
const householdRule = (ctx: HubContext) => prismaWhere<Prisma.HouseholdWhereInput>(ctx.caller, 'household');
