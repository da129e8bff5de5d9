// Many rows of one model in one statement: INSERT … SELECT FROM
// json_populate_recordset(…) ON CONFLICT …, the rows passed as one JSON
// parameter. PostgreSQL turns each JSON value into its column's type with the
// type's own input function (enums, numerics, dates, char(n)), so the rows
// need no casts and the statement's text depends only on the model and the
// columns: one text per use, prepared once (src/db/preparedStatements.ts).
// Prisma's createMany/upsert would interpret every row and parameter in
// JavaScript and cannot upsert many rows at once; table and column names
// come from the generated client's own data model, so a @map stays one name.
// The JSON is passed by reference (src/db/heldParameters.ts): Prisma would
// copy it through JSON.stringify and JSON.parse on its way to the driver.
import type { PrismaClient } from './client/prisma/client';
import { withHeldParameter } from './heldParameters';

type Tx = Pick<PrismaClient, '$queryRawUnsafe' | '$executeRawUnsafe'>;

interface RuntimeModel {
  dbName: string | null;
  fields: { name: string; kind: string; dbName?: string }[];
}

export interface UpsertOptions {
  /** The fields of the unique key a conflict is found on; none: a plain INSERT. */
  key: readonly string[];
  /** The fields a conflict overwrites ('rest': every field but the key's); empty: a stored row is left as it is (DO NOTHING). */
  update: readonly string[] | 'rest';
  /** Fields to read back from every inserted or updated row (not from rows left as they are). */
  returning?: readonly string[];
}

/**
 * Upserts `rows` in their order (objects keyed by the model's field names;
 * every row the same fields, a key at most once) and returns the `returning` fields of the
 * rows written, keyed by field name. A model with `updatedAt` gets now() on
 * insert and on update, as Prisma's @updatedAt would.
 */
export async function upsertRows(
  tx: Tx,
  model: string,
  rows: readonly Record<string, unknown>[],
  options: UpsertOptions,
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const { table, column } = tableOf(tx, model);
  const fields = Object.keys(rows[0]!);
  const stamped = column.has('updatedAt') && !fields.includes('updatedAt');
  const targets = [...fields.map((f) => column.get(f)!), ...(stamped ? [column.get('updatedAt')!] : [])];
  const values = [...fields.map((f) => `r.${column.get(f)!}`), ...(stamped ? ['now()'] : [])];
  const update = options.update === 'rest' ? fields.filter((f) => !options.key.includes(f)) : options.update;
  const updated = [...update, ...(stamped && update.length > 0 ? ['updatedAt'] : [])];
  const action =
    updated.length === 0
      ? 'DO NOTHING'
      : `DO UPDATE SET ${updated.map((f) => `${column.get(f)!} = EXCLUDED.${column.get(f)!}`).join(', ')}`;
  const onConflict = options.key.length === 0 ? '' : ` ON CONFLICT (${options.key.map((f) => column.get(f)!).join(', ')}) ${action}`;
  const returning = options.returning?.length ? ` RETURNING ${options.returning.map((f) => `${column.get(f)!} AS "${f}"`).join(', ')}` : '';
  const sql =
    `INSERT INTO ${table} (${targets.join(', ')}) SELECT ${values.join(', ')} ` +
    // In the rows' order: serial ids (history's) follow it.
    `FROM json_populate_recordset(NULL::${table}, $1::json) WITH ORDINALITY AS r ORDER BY r.ordinality` +
    `${onConflict}${returning}`;
  const json = JSON.stringify(rows.map((row) => byColumn(row, fields, column)));
  return withHeldParameter(json, async (parameter) => {
    if (!returning) {
      await tx.$executeRawUnsafe(sql, parameter);
      return [];
    }
    return tx.$queryRawUnsafe<Record<string, unknown>[]>(sql, parameter);
  });
}

/** Deletes the rows whose `field` is one of `values`, in one statement. */
export async function deleteRowsWhere(tx: Tx, model: string, field: string, values: readonly (string | number)[]): Promise<void> {
  if (values.length === 0) return;
  const { table, column } = tableOf(tx, model);
  const elements = typeof values[0] === 'number' ? 'int' : 'text';
  await tx.$executeRawUnsafe(
    `DELETE FROM ${table} WHERE ${column.get(field)!} = ANY(SELECT value::${elements} FROM json_array_elements_text($1::json))`,
    JSON.stringify(values),
  );
}

function byColumn(row: Record<string, unknown>, fields: string[], column: Map<string, string>) {
  const out: Record<string, unknown> = {};
  for (const field of fields) out[unquoted(column.get(field)!)] = row[field] ?? null;
  return out;
}

const unquoted = (identifier: string) => identifier.slice(1, -1);
const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

const tables = new WeakMap<object, Map<string, { table: string; column: Map<string, string> }>>();

/** The model's table and its fields' columns (quoted), from the client's runtime data model. */
function tableOf(tx: Tx, model: string) {
  const models = (tx as unknown as { _runtimeDataModel: { models: Record<string, RuntimeModel> } })._runtimeDataModel.models;
  let known = tables.get(models);
  if (!known) tables.set(models, (known = new Map()));
  let entry = known.get(model);
  if (!entry) {
    const m = models[model];
    if (!m) throw new Error(`unknown model ${model}`);
    const column = new Map(m.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum').map((f) => [f.name, quoted(f.dbName ?? f.name)]));
    entry = { table: quoted(m.dbName ?? model), column };
    known.set(model, entry);
  }
  return entry;
}
