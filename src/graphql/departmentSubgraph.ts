// What every department subgraph shares: its record type (an entity the
// assistance subgraph defines) extended with the department's own detail
// fields, `Person.<department>Records`, and the catalogue of its programs.
// Each department folder supplies only what is its own.
import DataLoader from 'dataloader';
import type { AssistanceRecord } from '../db/client/prisma/client';
import type { Department, Program } from '../db/client/prisma/enums';
import { personKeyInScope } from './visibility';
import { prismaWhere } from '../access/filters';
import type { Prisma } from '../db/client/prisma/client';
import { PROGRAMS, programsOf } from '../departments/programs';
import type { ObjectRef } from '@pothos/core';
import type { HubBuilder, HubSchemaTypes } from './builder';
import { loaderFor, type HubContext } from './context';
import { RECORD_TYPE_NAMES } from '../departments/recordTypes';
import type { DetailRelation } from '../departments/details';

/** A record as a department subgraph sees it: the core row and the department's detail row. */
export interface DepartmentRecord<Detail> {
  id: string;
  record: AssistanceRecord;
  detail: Detail | null;
}

export interface DepartmentRecordOptions {
  department: Department;
  /** AssistanceRecord's relation to this department's detail table. */
  detail: DetailRelation;
  /** Name of the Person field listing this department's records, e.g. civilAffairsRecords. */
  personField: string;
  /** Name of the query listing this department's programs, e.g. civilAffairsPrograms. */
  programsQuery: string;
}

export function departmentRecordRef<Detail>(builder: HubBuilder, options: DepartmentRecordOptions) {
  const ref = builder.externalRef(
    RECORD_TYPE_NAMES[options.department],
    builder.selection<{ id: string }>('id'),
    ({ id }, ctx) => recordLoader<Detail>(ctx, options).load(id),
  );
  addPersonField(builder, ref, options);
  addProgramsQuery(builder, options);
  return ref;
}

/** The caller's row rule for records (src/access/filters.ts), folded into each query: invisible is unknown. */
const recordRule = (ctx: HubContext) => prismaWhere<Prisma.AssistanceRecordWhereInput>(ctx.caller, 'record');

function recordLoader<Detail>(ctx: HubContext, options: DepartmentRecordOptions) {
  return loaderFor(
    ctx,
    `${options.department}.recordById`,
    () =>
      new DataLoader<string, DepartmentRecord<Detail> | null>(async (ids) => {
        const prefix = `${options.department}:`;
        const sourceIds = ids.filter((id) => id.startsWith(prefix)).map((id) => id.slice(prefix.length));
        const rows = await ctx.prisma.assistanceRecord.findMany({
          where: { AND: [{ department: options.department, sourceRecordId: { in: sourceIds } }, recordRule(ctx)] },
          include: { [options.detail]: true },
        });
        const byId = new Map(rows.map((row) => [`${prefix}${row.sourceRecordId}`, toDepartmentRecord<Detail>(row, options)]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
  );
}

/** A record row loaded with `include: { [options.detail]: true }`, in the shape department types resolve from. */
export function toDepartmentRecord<Detail>(
  row: AssistanceRecord & Record<string, unknown>,
  options: Pick<DepartmentRecordOptions, 'detail'>,
): DepartmentRecord<Detail> {
  const { [options.detail]: detail, ...record } = row;
  return { id: `${row.department}:${row.sourceRecordId}`, record: record as AssistanceRecord, detail: (detail ?? null) as Detail | null };
}

function addPersonField<Detail>(
  builder: HubBuilder,
  ref: ObjectRef<PothosSchemaTypes.ExtendDefaultTypes<HubSchemaTypes>, DepartmentRecord<Detail>>,
  options: DepartmentRecordOptions,
) {
  const person = builder.externalRef('Person', builder.selection<{ personKey: string }>('personKey')).implement({
    externalFields: (t) => ({ personKey: t.id() }),
    fields: (t) => ({
      [options.personField]: t.field({
        type: [ref],
        description: `${options.department} records whose beneficiary is this person, newest first.`,
        resolve: async (parent, _args, ctx) =>
          (await personKeyInScope(ctx, parent.personKey)) ? byBeneficiary<Detail>(ctx, options).load(parent.personKey) : [],
      }),
    }),
  });
  return person;
}

function byBeneficiary<Detail>(ctx: HubContext, options: DepartmentRecordOptions) {
  return loaderFor(
    ctx,
    `${options.department}.byBeneficiary`,
    () =>
      new DataLoader<string, DepartmentRecord<Detail>[]>(async (personKeys) => {
        const rows = await ctx.prisma.assistanceRecord.findMany({
          where: { AND: [{ department: options.department, beneficiaryKey: { in: [...personKeys] } }, recordRule(ctx)] },
          include: { [options.detail]: true },
          orderBy: [{ startDate: 'desc' }, { sourceRecordId: 'asc' }],
        });
        const records = rows.map((row) => toDepartmentRecord<Detail>(row, options));
        return personKeys.map((key) => records.filter((r) => r.record.beneficiaryKey === key));
      }),
  );
}

interface ProgramDescription {
  program: Program;
  department: Department;
  householdLevel: boolean;
  description: string;
}

function addProgramsQuery(builder: HubBuilder, options: DepartmentRecordOptions) {
  const type = builder.objectRef<ProgramDescription>('ProgramDescription').implement({
    description: 'A program of the exchange format and who runs it.',
    shareable: true,
    fields: (t) => ({
      program: t.exposeString('program'),
      department: t.exposeString('department'),
      householdLevel: t.exposeBoolean('householdLevel', {
        description: 'True when a grant covers every current member of a household.',
      }),
      description: t.exposeString('description'),
    }),
  });
  builder.queryField(options.programsQuery, (t) =>
    t.field({
      type: [type],
      description: `The programs ${options.department} runs (EXCHANGE.md).`,
      resolve: () => programsOf(options.department).map((program) => ({ program, ...PROGRAMS[program] })),
    }),
  );
}
