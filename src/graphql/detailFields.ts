// A department's detail fields on its record type, made from its descriptor.
// Two subgraphs resolve them: the department's own (its record type's owner
// of meaning, reached through `Person.<personField>` and `_entities`), and
// the assistance subgraph, which loads each record with its detail row in
// the same statement. Both declare them @shareable, so the gateway takes
// them from whichever subgraph is already fetching the record: on the
// household view that is assistance, and no department subgraph is asked
// to read the record again: one statement per subgraph fetch.
import { Kind, isInterfaceType, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import {
  DESCRIPTORS,
  descriptorOf,
  detailDelegate,
  detailRelation,
  graphqlNameOf,
  type DetailField,
  type DetailRelation,
  type DetailRow,
  type EnumSpec,
} from '../departments';
import { RECORD_TYPE_NAMES } from '../departments/recordTypes';
import type { AssistanceRecord } from '../db/client/prisma/client';
import type { Department } from '../db/client/prisma/enums';
import { formatMoney } from '../lib/money';
import { byKey } from './batch';
import type { HubBuilder, HubSchemaTypes } from './builder';
import type { HubContext } from './context';

type Types = PothosSchemaTypes.ExtendDefaultTypes<HubSchemaTypes>;

/** Every department's detail relation, to include when records are loaded (one statement with relationJoins). */
export const WITH_DETAILS = Object.fromEntries(
  (Object.keys(DESCRIPTORS) as Department[]).map((department) => [detailRelation(department), true]),
) as Record<DetailRelation, true>;

/**
 * Whether the selection under this field asks for any department's detail
 * field: a field, inside a fragment on a record type, that the
 * AssistanceRecord interface does not have. Loading the detail rows costs the
 * database a join per department, so a page that asks only for the common
 * fields (amount, dates, status) does not pay for them; a detail asked for
 * anyway is loaded by `detailFields` (batched), never answered wrongly.
 */
export function asksForDetails(info: GraphQLResolveInfo, interfaceName = 'AssistanceRecord'): boolean {
  const common = info.schema.getType(interfaceName);
  if (!isInterfaceType(common)) return true;
  const commonFields = common.getFields();
  const recordTypes = new Set(Object.values(RECORD_TYPE_NAMES));
  const visit = (set: SelectionSetNode | undefined, onRecordType: boolean): boolean =>
    (set?.selections ?? []).some((selection) => {
      if (selection.kind === Kind.FIELD) {
        if (onRecordType && selection.name.value !== '__typename' && !(selection.name.value in commonFields)) return true;
        return visit(selection.selectionSet, false);
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition?.name.value;
        return visit(selection.selectionSet, onRecordType || (type !== undefined && recordTypes.has(type)));
      }
      const fragment = info.fragments[selection.name.value];
      return !!fragment && visit(fragment.selectionSet, onRecordType || recordTypes.has(fragment.typeCondition.name.value));
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet, false));
}

/**
 * The department's detail fields for `t`, each resolved from the row's
 * detail as `detailOf` finds it: `undefined` when the row was loaded without
 * its detail (then it is loaded, batched), `null` when the record has none.
 */
export function detailFields<Row extends object>(
  builder: HubBuilder,
  t: PothosSchemaTypes.FieldBuilder<Types, Row, 'Object' | 'ExtendedEntity'>,
  department: Department,
  detailOf: (row: Row) => { recordId: number; detail: DetailRow | null | undefined },
) {
  const enumRef = enumTypes(builder);
  return Object.fromEntries(
    Object.entries(descriptorOf(department).fields).map(([key, field]) => [
      graphqlNameOf(key, field),
      // One field builder for every detail type: Pothos types each field's output by its type, which varies here.
      t.field({
        type: (typeof field.type === 'string' ? graphqlScalar(field.type) : enumRef(field.type)) as 'String',
        nullable: true,
        shareable: true,
        description: field.description,
        resolve: async (row: Row, _args: unknown, ctx: HubContext) => {
          const { recordId, detail } = detailOf(row);
          const loaded = detail === undefined ? await detailByRecordId(ctx, department).load(recordId) : detail;
          return valueOf(key, field, loaded) as string | null;
        },
      }),
    ]),
  );
}

/** The detail row of an assistance record as loaded WITH_DETAILS; undefined when it was loaded without. */
export function detailOfRecord(record: AssistanceRecord): { recordId: number; detail: DetailRow | null | undefined } {
  const relation = detailRelation(record.department);
  return { recordId: record.id, detail: (record as unknown as Record<string, DetailRow | null | undefined>)[relation] };
}

/** Detail rows by the record's database id, for records loaded without them (not the hot paths). */
function detailByRecordId(ctx: HubContext, department: Department) {
  const delegate = ctx.prisma[detailDelegate(department)] as unknown as {
    findMany(args: { where: { recordId: { in: number[] } } }): Promise<(DetailRow & { recordId: number })[]>;
  };
  return byKey(ctx, `${department}.detailByRecordId`, (ids: number[]) => delegate.findMany({ where: { recordId: { in: ids } } }), (row) => row.recordId);
}

const graphqlScalar = (type: Exclude<DetailField['type'], EnumSpec>) => (type === 'Decimal' ? 'String' : type);

const enumsOf = new WeakMap<HubBuilder, Map<string, ReturnType<HubBuilder['enumType']>>>();

/** Each enum once per builder, however many fields use it. */
function enumTypes(builder: HubBuilder) {
  let declared = enumsOf.get(builder);
  if (!declared) enumsOf.set(builder, (declared = new Map()));
  return (spec: EnumSpec) => {
    if (!declared.has(spec.name)) declared.set(spec.name, builder.enumType(spec.values, { name: spec.name, description: spec.description }));
    return declared.get(spec.name)!;
  };
}

function valueOf(key: string, field: DetailField, detail: DetailRow | null): unknown {
  if (!detail) return null;
  if (field.kind === 'computed') return field.compute(detail);
  const value = detail[key] ?? null;
  return field.type === 'Decimal' && value !== null ? formatMoney(value as string) : value;
}
