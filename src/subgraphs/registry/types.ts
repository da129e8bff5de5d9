// Registry types: regions, standards, persons, households and their members.
// Person, Household and Region are federation entities that the department
// subgraphs extend with their own records.
import { ageOn, formatDate, todayIso } from '../../lib/dates';
import { prismaWhere } from '../../access/filters';
import type { Prisma } from '../../db/client/prisma/client';
import { builder } from './builder';
import {
  AreaEnum,
  DisabilityTypeEnum,
  EmploymentStatusEnum,
  RegionLevelEnum,
  RelationEnum,
  SchoolStageEnum,
  SexEnum,
  StandardProgramEnum,
} from './enums';
import { visibleHouseholdById, visiblePersonByKey } from '../../graphql/visibility';

export const RegionType = builder.prismaObject('Region', {
  description: 'An administrative division (行政区划) with its GB/T 2260 code.',
  fields: (t) => ({
    code: t.exposeID('code', { description: 'Six-digit GB/T 2260 code, e.g. 510104.' }),
    name: t.exposeString('name', { description: 'Official name, e.g. 锦江区.' }),
    level: t.expose('level', { type: RegionLevelEnum }),
    parent: t.relation('parent', { nullable: true, description: 'The division this one belongs to.' }),
    children: t.relation('children', {
      description: 'Divisions directly below this one.',
      // GB/T 2260 in a province: Sichuan has 21 cities, and a city at most about 20 counties (Chengdu 20).
      listSize: { assumedSize: 20 },
      query: { orderBy: { code: 'asc' } },
    }),
    standards: t.relation('standards', {
      description: 'Assistance standards registered for exactly this region.',
      // Four a year (DIBAO and TEKUN, URBAN and RURAL), as both data sets hold; two years without `year`.
      listSize: { assumedSize: 8 },
      args: { year: t.arg.int({ required: false }) },
      query: (args) => ({
        where: args.year ? { year: args.year } : {},
        orderBy: [{ year: 'desc' }, { program: 'asc' }, { area: 'asc' }],
      }),
    }),
  }),
});

builder.prismaObjectField(RegionType, 'ancestors', (t) =>
  t.field({
    type: [RegionType],
    description: 'Parent chain from the direct parent up to the province.',
    // Province, city, county: a county has two.
    listSize: { assumedSize: 2 },
    resolve: (region, _args, ctx) => loadAncestors(ctx.prisma, region.parentCode),
  }),
);

async function loadAncestors(
  prisma: import('../../db/client/prisma/client').PrismaClient,
  parentCode: string | null,
) {
  const chain = [];
  // Three levels at most (county, city, province): a loop beats a recursive CTE here.
  for (let code = parentCode; code; ) {
    const region = await prisma.region.findUnique({ where: { code } });
    if (!region) break;
    chain.push(region);
    code = region.parentCode;
  }
  return chain;
}

builder.asEntity(RegionType, {
  key: builder.selection<{ code: string }>('code'),
  resolveReference: ({ code }, ctx) => ctx.prisma.region.findUnique({ where: { code } }),
});

export const StandardType = builder.prismaObject('Standard', {
  description: 'The local assistance standard (保障标准): the monthly amount for a region, year, program and area.',
  fields: (t) => ({
    region: t.relation('region'),
    year: t.exposeInt('year'),
    program: t.expose('program', { type: StandardProgramEnum }),
    area: t.expose('area', { type: AreaEnum }),
    monthlyAmount: t.expose('monthlyAmount', { type: 'Money', description: 'Yuan per person per month.' }),
  }),
});

export const PersonType = builder.prismaObject('Person', {
  description:
    'A person known to the registry. Identified by `personKey` (HMAC of the resident ID number); the plain number is never stored or returned.',
  fields: (t) => ({
    personKey: t.exposeID('personKey', {
      description: 'Lower-case hex HMAC-SHA256 of the normalised ID number with the hub pepper (EXCHANGE.md).',
    }),
    maskedIdNumber: t.exposeString('maskedIdNumber', { description: 'First 4 and last 4 characters, e.g. 5101**********123X.' }),
    birthDate: t.expose('birthDate', { type: 'Date', description: 'Derived from the ID number.' }),
    sex: t.expose('sex', { type: SexEnum }),
    age: t.int({
      description: 'Whole years on `asOf` (default: today in China).',
      args: { asOf: t.arg({ type: 'Date', required: false }) },
      resolve: (person, args) => ageOn(formatDate(person.birthDate), args.asOf ?? todayIso()),
    }),
    name: t.exposeString('name', { nullable: true, description: 'Full name (personal data: needs a purpose).' }),
    hukouRegion: t.relation('hukouRegion', { nullable: true, description: 'Region of household registration (户籍).' }),
    residenceRegion: t.relation('residenceRegion', { nullable: true, description: 'Region of actual residence.' }),
    disabilityGrade: t.exposeInt('disabilityGrade', {
      nullable: true,
      description: 'Disability grade 1 (most severe) to 4 (personal data).',
    }),
    disabilityType: t.expose('disabilityType', { type: DisabilityTypeEnum, nullable: true }),
    employmentStatus: t.expose('employmentStatus', { type: EmploymentStatusEnum, nullable: true }),
    schoolStage: t.expose('schoolStage', {
      type: SchoolStageEnum,
      nullable: true,
      description: 'Stage the person is enrolled in; null when not enrolled.',
    }),
    orphan: t.exposeBoolean('orphan', {
      nullable: true,
      description: 'Orphan or de-facto unattended child (孤儿、事实无人抚养儿童).',
    }),
    deathDate: t.expose('deathDate', { type: 'Date', nullable: true }),
    households: t.relation('memberships', {
      description:
        'Every household listing of this person in your regions (a person may be listed in more than one county).',
      // One nearly always; the demo lists a couple of people twice, the rule data set a few up to three times.
      listSize: { assumedSize: 3 },
      query: (_args, ctx) => ({
        where: { household: prismaWhere<Prisma.HouseholdWhereInput>(ctx.caller, 'household') },
        orderBy: { householdSourceId: 'asc' },
      }),
    }),
  }),
});

builder.asEntity(PersonType, {
  key: builder.selection<{ personKey: string }>('personKey'),
  resolveReference: ({ personKey }, ctx) => visiblePersonByKey(ctx).load(personKey),
});

export const HouseholdType = builder.prismaObject('Household', {
  description: 'A household (家庭) as registered in a county, with its current member list.',
  fields: (t) => ({
    sourceId: t.exposeID('sourceId', { description: 'The registering system\'s id, e.g. HH-510104-000123.' }),
    region: t.relation('region'),
    township: t.exposeString('township', { nullable: true, description: 'Township or street (乡镇/街道).' }),
    area: t.expose('area', { type: AreaEnum }),
    monthlyIncomePerCapita: t.expose('monthlyIncomePerCapita', {
      type: 'Money',
      nullable: true,
      description: 'Monthly income per member (personal data: needs a purpose).',
    }),
    members: t.relation('members', {
      description: 'Current members, head first.',
      // Three on average in the demo set and two in the rule data set; none has more than six.
      listSize: { assumedSize: 6 },
      query: { orderBy: { position: 'asc' } },
    }),
    memberCount: t.relationCount('members'),
  }),
});

builder.asEntity(HouseholdType, {
  key: builder.selection<{ sourceId: string }>('sourceId'),
  resolveReference: ({ sourceId }, ctx) => visibleHouseholdById(ctx).load(sourceId),
});

export const HouseholdMemberType = builder.prismaObject('HouseholdMember', {
  description: 'One listing of a person in a household.',
  fields: (t) => ({
    relation: t.expose('relation', { type: RelationEnum, description: 'Relation to the head of the household.' }),
    person: t.relation('person'),
    household: t.relation('household'),
  }),
});
