// A department's subgraph, made from its descriptor (src/departments): its
// record type (an entity the assistance subgraph defines) extended with the
// department's detail fields, `Person.<personField>`, the catalogue of its
// programs, and its shield (the sensitivity table adds purpose and audit). A
// department with parts of its own adds them with `own` (housing: the
// household's records); charity, which is a subgraph of its own, asks here
// only for its record type.
import type { ObjectRef } from '@pothos/core';
import { prismaWhere } from '../access/filters';
import type { AssistanceRecord, Prisma } from '../db/client/prisma/client';
import type { Department, Program } from '../db/client/prisma/enums';
import {
  descriptorOf,
  detailRelation,
  kebabName,
  type DetailRelation,
  type DetailRow,
} from '../departments';
import { PROGRAMS, programsOf } from '../departments/programs';
import { byKey, groupedBy } from './batch';
import { detailFields } from './detailFields';
import { createBuilder, whenSubgraphDown, type HubBuilder, type HubSchemaTypes } from './builder';
import type { HubContext } from './context';
import { allow, canReadRecords, federationRules, subgraphShield } from './shield';
import { defineSubgraph, type Subgraph } from './subgraph';
import { personKeyInScope } from './visibility';

type Member<T, K> = K extends keyof T ? T[K] : never;
/** A department's detail row as Prisma loads it. */
export type DetailOf<D extends Department> = NonNullable<
  Member<Prisma.AssistanceRecordGetPayload<{ include: Record<DetailRelation<D>, true> }>, DetailRelation<D>>
>;

/** A record as a department subgraph sees it: the core row and the department's detail row. */
export interface DepartmentRecord<Detail> {
  id: string;
  record: AssistanceRecord;
  detail: Detail | null;
}

type Types = PothosSchemaTypes.ExtendDefaultTypes<HubSchemaTypes>;
export type DepartmentRecordRef<D extends Department> = ObjectRef<Types, DepartmentRecord<DetailOf<D>>>;

/** The shield rules of the types a department's own parts add. */
export type OwnRules = Parameters<typeof subgraphShield>[0];

/** What a department's own file adds to its subgraph, given its builder and record type; returns the rules of what it added. */
export type OwnParts<D extends Department> = (builder: HubBuilder, record: DepartmentRecordRef<D>) => OwnRules;

const made = new Map<Department, Subgraph>();

/** The department's subgraph (made once), named by its scheme (e.g. healthcare-security). */
export function departmentSubgraph<D extends Department>(department: D, own?: OwnParts<D>): Subgraph {
  const existing = made.get(department);
  if (existing) return existing;
  const builder = createBuilder();
  const record = departmentRecordRef(builder, department);
  const ownRules = own?.(builder, record) ?? {};
  const { graphql } = descriptorOf(department);
  const permissions = subgraphShield({
    Query: { ...federationRules, [graphql.programsQuery]: canReadRecords },
    _Service: allow,
    ProgramDescription: allow,
    Person: canReadRecords,
    [graphql.recordType]: canReadRecords,
    ...ownRules,
  });
  const subgraph = defineSubgraph(kebabName(department), builder, permissions);
  made.set(department, subgraph);
  return subgraph;
}

/** The department's record type with its detail fields, `Person.<personField>` and `Query.<programsQuery>`. */
export function departmentRecordRef<D extends Department>(builder: HubBuilder, department: D): DepartmentRecordRef<D> {
  const { graphql, fields } = descriptorOf(department);
  const ref = builder.externalRef(graphql.recordType, builder.selection<{ id: string }>('id'), ({ id }, ctx) =>
    recordById(ctx, department).load(id),
  );
  ref.implement({
    externalFields: (t) => ({ id: t.id() }),
    fields: (t) => detailFields(builder, t, department, (r) => ({ recordId: r.record.id, detail: r.detail as DetailRow | null })),
  });
  addPersonField(builder, ref, department);
  addProgramsQuery(builder, department);
  return ref;
}

/** A record row loaded with its detail relation, in the shape department types resolve from. */
export function toDepartmentRecord<Detail>(
  row: AssistanceRecord & Record<string, unknown>,
  options: { detail: DetailRelation },
): DepartmentRecord<Detail> {
  const { [options.detail]: detail, ...record } = row;
  return { id: `${row.department}:${row.sourceRecordId}`, record: record as AssistanceRecord, detail: (detail ?? null) as Detail | null };
}

/** The department's records matching `where` that the caller may see (row rules: invisible is unknown), newest first. */
export async function departmentRecords<D extends Department>(
  ctx: HubContext,
  department: D,
  where: Prisma.AssistanceRecordWhereInput,
): Promise<DepartmentRecord<DetailOf<D>>[]> {
  const relation = detailRelation(department);
  const rows = await ctx.prisma.assistanceRecord.findMany({
    where: { AND: [{ department, ...where }, prismaWhere<Prisma.AssistanceRecordWhereInput>(ctx.caller, 'record')] },
    include: { [relation]: true },
    orderBy: [{ startDate: 'desc' }, { sourceRecordId: 'asc' }],
  });
  return rows.map((row) => toDepartmentRecord<DetailOf<D>>(row, { detail: relation }));
}

function recordById<D extends Department>(ctx: HubContext, department: D) {
  const prefix = `${department}:`;
  return byKey(
    ctx,
    `${department}.recordById`,
    (ids: string[]) =>
      departmentRecords(ctx, department, {
        sourceRecordId: { in: ids.filter((id) => id.startsWith(prefix)).map((id) => id.slice(prefix.length)) },
      }),
    (record) => record.id,
  );
}

function byBeneficiary<D extends Department>(ctx: HubContext, department: D) {
  return groupedBy(
    ctx,
    `${department}.byBeneficiary`,
    (personKeys: string[]) => departmentRecords(ctx, department, { beneficiaryKey: { in: personKeys } }),
    (record) => record.record.beneficiaryKey,
  );
}

function addPersonField<D extends Department>(builder: HubBuilder, ref: DepartmentRecordRef<D>, department: D) {
  builder.externalRef('Person', builder.selection<{ personKey: string }>('personKey')).implement({
    externalFields: (t) => ({ personKey: t.id() }),
    fields: (t) => ({
      [descriptorOf(department).graphql.personField]: t.field({
        type: [ref],
        nullable: true,
        description: `${department} records whose beneficiary is this person, newest first. ${whenSubgraphDown(kebabName(department))}`,
        // A person who has any has one to three of a department's records in both data sets.
        listSize: { assumedSize: 3 },
        resolve: async (parent, _args, ctx) =>
          (await personKeyInScope(ctx, parent.personKey)) ? byBeneficiary(ctx, department).load(parent.personKey) : [],
      }),
    }),
  });
}

interface ProgramDescription {
  program: Program;
  department: Department;
  householdLevel: boolean;
  description: string;
}

function addProgramsQuery(builder: HubBuilder, department: Department) {
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
  builder.queryField(descriptorOf(department).graphql.programsQuery, (t) =>
    t.field({
      type: [type],
      description: `The programs ${department} runs (EXCHANGE.md).`,
      // Exactly the department's programs.
      listSize: { assumedSize: programsOf(department).length },
      resolve: () => programsOf(department).map((program) => ({ program, ...PROGRAMS[program] })),
    }),
  );
}
