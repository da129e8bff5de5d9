// The records covering some households or persons, in one statement each:
// the scope check of what was asked (its row rule), the members and the
// households listing each member, the records (their row rule and the
// caller's filter) and, when asked, each record's department detail row.
// Each gives the answer of the two Prisma queries it replaced (scope and
// listings, then records), which tests/access/rowRules.test.ts keeps as the
// reference and compares for every kind of caller and filter. This is the
// household view's hot path (`npm run bench:peer`): one statement fewer per
// kind, and rows read without Prisma's query interpreter. The detail tables'
// names come from the Prisma client's runtime data model (their @@map).
import { Prisma, type AssistanceRecord, type PrismaClient } from '../../db/client/prisma/client';
import { getDatamodel } from '../../db/client/pothos-types';
import { columnOf } from '../../access/condition';
import { sqlWhere } from '../../access/filters';
import type { Caller } from '../../access/callers';
import { HOUSEHOLD_LEVEL_PROGRAMS } from '../../departments/programs';
import { WITH_DETAILS } from '../../graphql/detailFields';
import { toDbDate } from '../../lib/dates';
import type { RecordFilter } from './filters';

type Model = { fields: readonly { name: string; kind: string; type: string }[] };
const MODELS = getDatamodel().datamodel.models as Record<string, Model>;

const scalarFields = (model: string) => MODELS[model]!.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum');

/** A column read back under its Prisma field name; enums as text, as Prisma returns them. */
const selectAs = (alias: string, model: string, prefix = '') =>
  scalarFields(model).map((f) => `${alias}.${columnOf(f.name)}${f.kind === 'enum' ? '::text' : ''} AS "${prefix}${f.name}"`);

/** Each detail relation of WITH_DETAILS: its model, its table and the alias it is joined under. */
function detailJoins(prisma: PrismaClient) {
  const tables = (prisma as unknown as { _runtimeDataModel: { models: Record<string, { dbName: string | null }> } })._runtimeDataModel.models;
  return Object.keys(WITH_DETAILS).map((relation, i) => {
    const model = MODELS.AssistanceRecord!.fields.find((f) => f.name === relation)!.type;
    return { relation, model, table: tables[model]?.dbName ?? model, alias: `d${i}` };
  });
}

/** The caller's record filter (filters.ts recordWhere) in SQL on `r`. */
function filterSql(filter: RecordFilter | null | undefined): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (filter?.departments?.length) parts.push(Prisma.sql`r.department::text = ANY(${filter.departments}::text[])`);
  if (filter?.programs?.length) parts.push(Prisma.sql`r.program::text = ANY(${filter.programs}::text[])`);
  if (filter?.statuses?.length) parts.push(Prisma.sql`r.status::text = ANY(${filter.statuses}::text[])`);
  const reaches = (day: string) => Prisma.sql`(r.end_date IS NULL OR r.end_date >= ${toDbDate(day)}::date)`;
  if (filter?.activeOn) parts.push(Prisma.sql`r.start_date <= ${toDbDate(filter.activeOn)}::date`, reaches(filter.activeOn));
  if (filter?.from) parts.push(reaches(filter.from));
  if (filter?.to) parts.push(Prisma.sql`r.start_date <= ${toDbDate(filter.to)}::date`);
  return parts.length ? Prisma.join(parts, ' AND ') : Prisma.sql`TRUE`;
}

export interface CoveringRow {
  record: AssistanceRecord;
  /** The keys asked for (households or persons) that this record covers. */
  covers: string[];
}

/**
 * Records covering each household asked for that the caller may see:
 * records sent for the household, and the records covering its current
 * members (RULES.md). Ordered as RECORD_ORDER orders them.
 */
export function coveringHouseholdsInOneStatement(
  prisma: PrismaClient,
  caller: Caller | null,
  asked: string[],
  filter: RecordFilter | null | undefined,
  details: boolean,
): Promise<CoveringRow[]> {
  return coveringStatement(prisma, caller, filter, details, {
    persons: Prisma.sql`
      asked AS (
        SELECT h.source_id FROM household h WHERE h.source_id = ANY(${asked}::text[]) AND ${sqlWhere(caller, 'household', 'h')}
      ), persons AS (
        SELECT m.household_source_id AS asked_id, m.person_key FROM household_member m JOIN asked a ON a.source_id = m.household_source_id
      )`,
    own: Prisma.sql`SELECT r.id, a.source_id AS asked_id FROM assistance_record r JOIN asked a ON r.household_source_id = a.source_id UNION`,
  });
}

/**
 * Records covering each person asked for that the caller may see: their own
 * person-level records, and household-level records of every household that
 * currently lists them (RULES.md). Ordered as RECORD_ORDER orders them.
 */
export function coveringPersonsInOneStatement(
  prisma: PrismaClient,
  caller: Caller | null,
  asked: string[],
  filter: RecordFilter | null | undefined,
  details: boolean,
): Promise<CoveringRow[]> {
  return coveringStatement(prisma, caller, filter, details, {
    persons: Prisma.sql`
      persons AS (
        SELECT p.person_key AS asked_id, p.person_key FROM person p WHERE p.person_key = ANY(${asked}::text[]) AND ${sqlWhere(caller, 'person', 'p')}
      )`,
  });
}

/**
 * The statement of both: `persons` (CTEs ending in `persons (asked_id,
 * person_key)`: each key asked for, with the persons through whom records
 * cover it) and any records covering a key directly (`own`, a UNION branch).
 * Through a person: their own person-level records, and household-level
 * records of every household listing them. Each record comes once, with the
 * keys it covers, its row rule, the filter and, when asked, its details.
 */
async function coveringStatement(
  prisma: PrismaClient,
  caller: Caller | null,
  filter: RecordFilter | null | undefined,
  details: boolean,
  cover: { persons: Prisma.Sql; own?: Prisma.Sql },
): Promise<CoveringRow[]> {
  const joins = details ? detailJoins(prisma) : [];
  const columns = [
    ...selectAs('r', 'AssistanceRecord'),
    ...joins.flatMap((d) => [`${d.alias}.record_id IS NOT NULL AS "${d.relation}__present"`, ...selectAs(d.alias, d.model, `${d.relation}__`)]),
  ].join(', ');
  // Each detail table behind its own fenced LATERAL (OFFSET 0): joined plainly, the seven tables
  // made the planner weigh every join order, and planning took longer than running (1.9 ms
  // against 0.7 ms, EXPLAIN ANALYZE on the bench:peer data).
  const detailSql = joins
    .map((d) => `LEFT JOIN LATERAL (SELECT * FROM ${d.table} x WHERE x.record_id = r.id OFFSET 0) ${d.alias} ON TRUE`)
    .join(' ');
  const rows = await prisma.$queryRaw<Record<string, unknown>[]>(Prisma.sql`
    WITH ${cover.persons}, covered AS (
      ${cover.own ?? Prisma.empty}
      SELECT r.id, pr.asked_id FROM assistance_record r JOIN persons pr ON r.beneficiary_key = pr.person_key
       WHERE r.program::text <> ALL(${HOUSEHOLD_LEVEL_PROGRAMS}::text[])
      UNION
      SELECT r.id, pr.asked_id FROM persons pr JOIN household_member l ON l.person_key = pr.person_key
        JOIN assistance_record r ON r.household_source_id = l.household_source_id
       WHERE r.program::text = ANY(${HOUSEHOLD_LEVEL_PROGRAMS}::text[])
    ), grouped AS (
      SELECT id, array_agg(DISTINCT asked_id) AS covers FROM covered GROUP BY id
    )
    SELECT ${Prisma.raw(columns)}, g.covers AS "__covers"
      FROM grouped g JOIN assistance_record r ON r.id = g.id ${Prisma.raw(detailSql)}
     WHERE ${filterSql(filter)} AND ${sqlWhere(caller, 'record', 'r')}
     ORDER BY r.start_date DESC, r.department ASC, r.source_record_id ASC`);
  return rows.map((row) => ({ record: recordOf(row, joins), covers: row.__covers as string[] }));
}

/** A row as Prisma's findMany would give the record (with its detail relations when joined). */
function recordOf(row: Record<string, unknown>, joins: ReturnType<typeof detailJoins>): AssistanceRecord {
  const record: Record<string, unknown> = {};
  for (const f of scalarFields('AssistanceRecord')) record[f.name] = row[f.name];
  for (const d of joins) {
    if (!row[`${d.relation}__present`]) {
      record[d.relation] = null;
      continue;
    }
    const detail: Record<string, unknown> = {};
    for (const f of scalarFields(d.model)) detail[f.name] = row[`${d.relation}__${f.name}`];
    record[d.relation] = detail;
  }
  return record as AssistanceRecord;
}
