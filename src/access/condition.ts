// The language of row rules: a small tree of conditions on a row's fields,
// written once per entity (filters.ts) and rendered three ways, so the same
// rule decides a Prisma query, a raw SQL query and a check on a row already
// in memory (a loaded entity, or the state a write would leave behind).
// tests/access/rowRules.test.ts proves the three renderings agree on generated
// rows, on the real database.
// A rendering that cannot express a node throws, rather than guess.
import { getDatamodel } from '../db/client/pothos-types';
import { Prisma } from '../db/client/prisma/client';

export type Condition =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'and'; of: Condition[] }
  | { kind: 'or'; of: Condition[] }
  | { kind: 'not'; of: Condition }
  | { kind: 'equals'; field: string; value: string | number | boolean | null }
  | { kind: 'oneOf'; field: string; values: readonly string[] }
  /** A text column starts with one of the prefixes. */
  | { kind: 'startsWith'; field: string; prefixes: readonly string[] }
  /** A text[] column holds the value. */
  | { kind: 'has'; field: string; value: string }
  /** Some element of a text[] column starts with one of the prefixes (SQL and memory only). */
  | { kind: 'someStartsWith'; field: string; prefixes: readonly string[] }
  /** Some element of a text[] column of prefixes and one of the prefixes given: either starts with the other (SQL and memory only). */
  | { kind: 'someOverlaps'; field: string; prefixes: readonly string[] }
  /** A to-one relation's row meets the condition (SQL only when the model is known). */
  | { kind: 'is'; relation: string; where: Condition }
  /** Some row of a to-many relation meets the condition (SQL only when the model is known). */
  | { kind: 'some'; relation: string; where: Condition };

export const ALL: Condition = { kind: 'all' };
export const NONE: Condition = { kind: 'none' };

export function and(...of: Condition[]): Condition {
  if (of.some((c) => c.kind === 'none')) return NONE;
  const rest = of.filter((c) => c.kind !== 'all');
  return rest.length === 0 ? ALL : rest.length === 1 ? rest[0]! : { kind: 'and', of: rest };
}

export function or(...of: Condition[]): Condition {
  if (of.some((c) => c.kind === 'all')) return ALL;
  const rest = of.filter((c) => c.kind !== 'none');
  return rest.length === 0 ? NONE : rest.length === 1 ? rest[0]! : { kind: 'or', of: rest };
}

export function not(of: Condition): Condition {
  return of.kind === 'all' ? NONE : of.kind === 'none' ? ALL : { kind: 'not', of };
}

export const equals = (field: string, value: string | number | boolean | null): Condition => ({ kind: 'equals', field, value });
export const oneOf = (field: string, values: readonly string[]): Condition =>
  values.length === 0 ? NONE : { kind: 'oneOf', field, values };
export const startsWith = (field: string, prefixes: readonly string[]): Condition =>
  prefixes.length === 0 ? NONE : { kind: 'startsWith', field, prefixes };
export const has = (field: string, value: string): Condition => ({ kind: 'has', field, value });
export const someStartsWith = (field: string, prefixes: readonly string[]): Condition =>
  prefixes.length === 0 ? NONE : { kind: 'someStartsWith', field, prefixes };
export const someOverlaps = (field: string, prefixes: readonly string[]): Condition =>
  prefixes.length === 0 ? NONE : { kind: 'someOverlaps', field, prefixes };
export const is = (relation: string, where: Condition): Condition =>
  where.kind === 'none' ? NONE : { kind: 'is', relation, where };
export const some = (relation: string, where: Condition): Condition =>
  where.kind === 'none' ? NONE : { kind: 'some', relation, where };

export class NotRenderable extends Error {}

// ---- Prisma -----------------------------------------------------------------

type Where = Record<string, unknown>;

/** A Prisma `where` on `model` (a Prisma model name, e.g. Person). */
export function toPrisma(condition: Condition, model: string): Where {
  switch (condition.kind) {
    case 'all':
      return {};
    case 'none':
      // `in: []` matches nothing (an empty OR, surprisingly, matches everything).
      return { [firstScalar(model)]: { in: [] } };
    case 'and':
      return { AND: condition.of.map((c) => toPrisma(c, model)) };
    case 'or':
      return { OR: condition.of.map((c) => toPrisma(c, model)) };
    case 'not':
      return { NOT: toPrisma(condition.of, model) };
    case 'equals':
      return condition.value === null
        ? { [condition.field]: null }
        : present(model, condition.field, { [condition.field]: condition.value });
    case 'oneOf':
      return present(model, condition.field, { [condition.field]: { in: [...condition.values] } });
    case 'startsWith':
      return present(model, condition.field, {
        OR: condition.prefixes.map((prefix) => ({ [condition.field]: { startsWith: prefix } })),
      });
    case 'has':
      return { [condition.field]: { has: condition.value } };
    case 'is':
      return { [condition.relation]: { is: toPrisma(condition.where, relatedModel(model, condition.relation)) } };
    case 'some':
      return { [condition.relation]: { some: toPrisma(condition.where, relatedModel(model, condition.relation)) } };
    case 'someStartsWith':
    case 'someOverlaps':
      throw new NotRenderable(`${condition.kind} on ${condition.field} has no Prisma form: use SQL`);
  }
}

const MODELS: Record<string, { fields: readonly { name: string; type: string; kind: string; isRequired: boolean }[] }> = getDatamodel().datamodel.models;

const firstScalar = (model: string) => MODELS[model]!.fields.find((f) => f.kind === 'scalar')!.name;

function fieldOf(model: string, name: string) {
  const found = MODELS[model]?.fields.find((f) => f.name === name);
  if (!found) throw new Error(`${model} has no field ${name}`);
  return found;
}

const relatedModel = (model: string, relation: string) => fieldOf(model, relation).type;

/**
 * A test on a nullable column is false, never unknown, when the column is
 * null: without this, NOT(test) would drop null rows in the database while
 * keeping them in memory (SQL's three-valued logic).
 */
const present = (model: string, field: string, test: Where): Where =>
  fieldOf(model, field).isRequired ? test : { AND: [{ [field]: { not: null } }, test] };

// ---- SQL --------------------------------------------------------------------

/** Column of a field: this schema maps every field to its snake_case name. */
export const columnOf = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Table of a model: this schema maps the models row rules reach to their snake_case names. */
const tableOf = (model: string) => columnOf(model[0]!.toLowerCase() + model.slice(1));

/** The single-field key of a model. */
function keyOf(model: string): string {
  const id = MODELS[model]?.fields.find((f) => (f as { isId?: boolean }).isId);
  if (!id) throw new NotRenderable(`${model} has no single-field id: its relations have no SQL form here`);
  return id.name;
}

type RelationField = { name: string; type: string; relationName?: string; relationFromFields?: string[] };

/**
 * How a row of `model` (aliased `alias`) meets the rows of a relation
 * (aliased `inner`): on the foreign key this side holds, or on the one the
 * other side holds back to this side's key.
 */
function joinOn(model: string, relation: string, alias: string, inner: string): string {
  const field = fieldOf(model, relation) as RelationField;
  const from = field.relationFromFields ?? [];
  if (from.length === 1) return `${inner}.${columnOf(keyOf(field.type))} = ${alias}.${columnOf(from[0]!)}`;
  const back = MODELS[field.type]!.fields.find(
    (f) => (f as RelationField).relationName === field.relationName && ((f as RelationField).relationFromFields ?? []).length === 1,
  ) as RelationField | undefined;
  if (!back || from.length > 0) throw new NotRenderable(`relation ${model}.${relation} has no single-column join`);
  return `${inner}.${columnOf(back.relationFromFields![0]!)} = ${alias}.${columnOf(keyOf(model))}`;
}

/**
 * An SQL condition on the table aliased `alias`. Given the Prisma model the
 * table holds, relations render as EXISTS over the related table (`is` on a
 * to-one, `some` on a to-many: both "a related row meets it", as in memory);
 * without it they cannot be rendered.
 */
export function toSql(condition: Condition, alias: string, model?: string): Prisma.Sql {
  const column = (field: string) => Prisma.raw(`${alias}.${columnOf(field)}`);
  switch (condition.kind) {
    case 'all':
      return Prisma.sql`TRUE`;
    case 'none':
      return Prisma.sql`FALSE`;
    case 'and':
      return Prisma.sql`(${Prisma.join(condition.of.map((c) => toSql(c, alias, model)), ' AND ')})`;
    case 'or':
      return Prisma.sql`(${Prisma.join(condition.of.map((c) => toSql(c, alias, model)), ' OR ')})`;
    case 'not':
      return Prisma.sql`NOT ${toSql(condition.of, alias, model)}`;
    // Each test on a column is COALESCEd to FALSE: two-valued, like memory (see `present`).
    case 'equals':
      return condition.value === null
        ? Prisma.sql`${column(condition.field)} IS NULL`
        : Prisma.sql`COALESCE(${column(condition.field)}${typeof condition.value === 'string' ? Prisma.raw('::text') : Prisma.empty} = ${condition.value}, FALSE)`;
    case 'oneOf':
      return Prisma.sql`COALESCE(${column(condition.field)}::text IN (${Prisma.join([...condition.values])}), FALSE)`;
    case 'startsWith':
      return Prisma.sql`COALESCE(${Prisma.join(
        condition.prefixes.map((prefix) => Prisma.sql`starts_with(${column(condition.field)}::text, ${prefix})`),
        ' OR ',
      )}, FALSE)`;
    case 'has':
      return Prisma.sql`COALESCE(${condition.value} = ANY(${column(condition.field)}::text[]), FALSE)`;
    case 'someStartsWith':
      return Prisma.sql`EXISTS (SELECT 1 FROM unnest(${column(condition.field)}::text[]) AS e(v), unnest(ARRAY[${Prisma.join([...condition.prefixes])}]::text[]) AS p(v) WHERE starts_with(e.v, p.v))`;
    case 'someOverlaps':
      return Prisma.sql`EXISTS (SELECT 1 FROM unnest(${column(condition.field)}::text[]) AS e(v), unnest(ARRAY[${Prisma.join([...condition.prefixes])}]::text[]) AS p(v) WHERE starts_with(e.v, p.v) OR starts_with(p.v, e.v))`;
    case 'is':
    case 'some': {
      if (!model) throw new NotRenderable(`relation ${condition.relation} has no SQL form without the table's model`);
      const related = relatedModel(model, condition.relation);
      const inner = `${alias}_${condition.relation}`;
      return Prisma.sql`EXISTS (SELECT 1 FROM ${Prisma.raw(`${tableOf(related)} ${inner}`)} WHERE ${Prisma.raw(joinOn(model, condition.relation, alias, inner))} AND ${toSql(condition.where, inner, related)})`;
    }
  }
}

// ---- memory -----------------------------------------------------------------

type Row = Record<string, unknown>;

/**
 * Does a row in memory meet the condition? Relations must be loaded on the
 * row (an object for `is`, a list for `some`): a missing relation throws,
 * so a check can never pass because its data was not there.
 */
export function matches(condition: Condition, row: Row): boolean {
  switch (condition.kind) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'and':
      return condition.of.every((c) => matches(c, row));
    case 'or':
      return condition.of.some((c) => matches(c, row));
    case 'not':
      return !matches(condition.of, row);
    case 'equals':
      return (field(row, condition.field) ?? null) === condition.value;
    case 'oneOf': {
      const value = field(row, condition.field);
      return typeof value === 'string' && condition.values.includes(value);
    }
    case 'startsWith': {
      const value = field(row, condition.field);
      return typeof value === 'string' && condition.prefixes.some((prefix) => value.startsWith(prefix));
    }
    case 'has':
      return list(row, condition.field).includes(condition.value);
    case 'someStartsWith':
      return list(row, condition.field).some((v) => condition.prefixes.some((p) => v.startsWith(p)));
    case 'someOverlaps':
      return list(row, condition.field).some((v) => condition.prefixes.some((p) => v.startsWith(p) || p.startsWith(v)));
    case 'is': {
      const related = relation(row, condition.relation);
      if (Array.isArray(related)) throw new Error(`relation ${condition.relation} is a list: use some()`);
      return related !== null && matches(condition.where, related as Row);
    }
    case 'some': {
      const related = relation(row, condition.relation);
      if (!Array.isArray(related)) throw new Error(`relation ${condition.relation} is not a list: use is()`);
      return related.some((r) => matches(condition.where, r as Row));
    }
  }
}

function field(row: Row, name: string): unknown {
  if (!(name in row)) throw new Error(`row has no field ${name}: load it before checking access`);
  return row[name];
}

function list(row: Row, name: string): string[] {
  const value = field(row, name);
  return Array.isArray(value) ? (value as string[]) : [];
}

function relation(row: Row, name: string): unknown {
  if (!(name in row)) throw new Error(`row has no relation ${name} loaded: include it before checking access`);
  return row[name] ?? null;
}
