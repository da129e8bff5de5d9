// One chunk of lines, read and written as sets. Before the chunk's lines are
// applied, what they will read (stored persons, households, records, expenses) is
// loaded with one statement per kind; the handlers then read it from here
// and hand their writes here, and the writes go out as one multi-row
// statement per table (src/db/rows.ts) when the chunk ends. The handlers keep
// their checks and messages line by line; only their reads and writes are
// batched.
//
// A line that reads what an earlier line of the same chunk wrote (the same
// person twice, a household whose members a person line changed) finds it
// marked dirty: the buffered writes go out first and the row is read again,
// so every line sees exactly what a line-by-line import would have seen.
import type { Department } from '../db/client/prisma/enums';
import type { CharityProgram } from '../db/client/prisma/client';
import { DETAILS } from '../departments/details';
import { detailDelegate } from '../departments';
import { deleteRowsWhere, upsertRows } from '../db/rows';
import { PERSON_ACCESS_SELECT } from '../access/writes';
import type { Tx } from './handler';
import { carryDigests, type DigestCandidate } from './lineDigest';

const DETAIL_RELATIONS = Object.fromEntries(Object.values(DETAILS).map((spec) => [spec.relation, true])) as Record<string, true>;

/** A stored person with what the person rule reads (src/access/writes.ts PERSON_ACCESS_SELECT). */
export type StoredPerson = NonNullable<Awaited<ReturnType<typeof loadPersonsWithMemberships>>>[number];
/** A stored household with its members in order. */
export type StoredHousehold = NonNullable<Awaited<ReturnType<typeof loadHouseholds>>>[number];
/** A stored record with every detail relation, its household's region and its charity program's organisation. */
export type StoredRecordRow = NonNullable<Awaited<ReturnType<typeof loadRecordsWithAll>>>[number];
/** A stored expense with what the person rule reads of its person. */
export type StoredExpense = NonNullable<Awaited<ReturnType<typeof loadExpenses>>>[number];

/** What a chunk's lines will read, as keys. */
export interface ChunkKeys {
  persons: Set<string>;
  households: Set<string>;
  /** "DEPARTMENT:sourceRecordId" */
  records: Set<string>;
  /** "DEPARTMENT:sourceId" */
  expenses: Set<string>;
}

export const emptyKeys = (): ChunkKeys => ({ persons: new Set(), households: new Set(), records: new Set(), expenses: new Set() });

type Row = Record<string, unknown>;

interface RecordWrite {
  department: Department;
  row: Row;
  details: Row | null;
  hadDetails: boolean;
}

export class ChunkStore {
  private persons = new Map<string, StoredPerson | null>();
  private households = new Map<string, StoredHousehold | null>();
  private records = new Map<string, StoredRecordRow | null>();
  private expenses = new Map<string, StoredExpense | null>();
  /** Keys written since they were read: "p:", "h:", "r:", "e:" + key. */
  private dirty = new Set<string>();

  private personUpserts = new Map<string, Row>();
  private personInserts = new Map<string, Row>();
  private householdUpserts = new Map<string, Row>();
  private memberRows = new Map<string, Row[]>();
  private recordWrites = new Map<string, RecordWrite>();
  private expenseUpserts = new Map<string, Row>();

  private programs = new Map<string, Promise<CharityProgram | null>>();

  /** The digest of the line being applied (src/ingest/lineDigest.ts), kept with the row it writes whole; null for a line not sent as text. */
  lineDigest: string | null = null;
  /** Rows found unchanged by lines whose digest they are to carry, by type and key (carried at the chunk's end). */
  private carried = new Map<string, DigestCandidate>();

  /**
   * `restricted`: the caller's write checks read persons' households and
   * records' households (an unrestricted caller's ask nothing, so nothing of
   * it is loaded); `charity`: records are written by a charity, whose checks
   * read a stored grant's organisation.
   */
  constructor(
    private readonly tx: Tx,
    private readonly reads: { restricted: boolean; charity: boolean },
  ) {}

  /** Loads what the keys name, one statement per kind, replacing whatever was known of them. */
  async prefetch(keys: ChunkKeys): Promise<void> {
    const persons = [...keys.persons];
    const households = [...keys.households];
    const records = [...keys.records];
    const p = persons.length > 0 ? await loadPersons(this.tx, persons, this.reads.restricted) : [];
    const h = households.length > 0 ? await loadHouseholds(this.tx, households) : [];
    const r = records.length > 0 ? await loadRecords(this.tx, records, this.reads) : [];
    const expenses = [...keys.expenses];
    const e = expenses.length > 0 ? await loadExpenses(this.tx, expenses) : [];
    remember(this.persons, persons, p, (row) => row.personKey);
    remember(this.households, households, h, (row) => row.sourceId);
    remember(this.records, records, r, (row) => `${row.department}:${row.sourceRecordId}`);
    remember(this.expenses, expenses, e, (row) => `${row.department}:${row.sourceId}`);
    for (const key of persons) this.dirty.delete(`p:${key}`);
    for (const key of households) this.dirty.delete(`h:${key}`);
    for (const key of records) this.dirty.delete(`r:${key}`);
    for (const key of expenses) this.dirty.delete(`e:${key}`);
  }

  /** Forgets everything read (a line was applied outside the chunk's sets: what it wrote is not known here). */
  forget(): void {
    this.persons.clear();
    this.households.clear();
    this.records.clear();
    this.expenses.clear();
    this.programs.clear();
    this.dirty.clear();
  }

  async person(key: string): Promise<StoredPerson | null> {
    await this.fresh('p', [key], this.persons, (keys) => ({ ...emptyKeys(), persons: new Set(keys) }));
    return this.persons.get(key) ?? null;
  }

  async personsOf(keys: string[]): Promise<Map<string, StoredPerson>> {
    await this.fresh('p', keys, this.persons, (missing) => ({ ...emptyKeys(), persons: new Set(missing) }));
    const out = new Map<string, StoredPerson>();
    for (const key of keys) {
      const row = this.persons.get(key);
      if (row) out.set(key, row);
    }
    return out;
  }

  async household(sourceId: string): Promise<StoredHousehold | null> {
    await this.fresh('h', [sourceId], this.households, (keys) => ({ ...emptyKeys(), households: new Set(keys) }));
    return this.households.get(sourceId) ?? null;
  }

  async record(key: string): Promise<StoredRecordRow | null> {
    const cached = this.records.get(key);
    // A record's household region is part of what it reads: a household written since makes it stale.
    if (cached?.householdSourceId && this.dirty.has(`h:${cached.householdSourceId}`)) this.dirty.add(`r:${key}`);
    await this.fresh('r', [key], this.records, (keys) => ({ ...emptyKeys(), records: new Set(keys) }));
    return this.records.get(key) ?? null;
  }

  /** A charity program, read once per chunk (grants name a few programs many times). */
  charityProgram(code: string): Promise<CharityProgram | null> {
    let program = this.programs.get(code);
    if (!program) this.programs.set(code, (program = this.tx.charityProgram.findUnique({ where: { code } })));
    return program;
  }

  async expense(key: string): Promise<StoredExpense | null> {
    const cached = this.expenses.get(key);
    // Its person's regions are part of what it reads: a person written since makes it stale.
    if (cached && this.dirty.has(`p:${cached.personKey}`)) this.dirty.add(`e:${key}`);
    await this.fresh('e', [key], this.expenses, (keys) => ({ ...emptyKeys(), expenses: new Set(keys) }));
    return this.expenses.get(key) ?? null;
  }

  /** A person written whole: inserted, or every field overwritten (the line's snapshot holds them all). */
  putPerson(key: string, row: Row): void {
    this.carried.delete(`person\n${key}`);
    this.personUpserts.set(key, { ...row, lineDigest: this.lineDigest });
    this.dirty.add(`p:${key}`);
  }

  /** A person created from their ID number unless stored. */
  insertPerson(key: string, row: Row): void {
    if (!this.personUpserts.has(key)) this.personInserts.set(key, row);
    this.dirty.add(`p:${key}`);
  }

  /** A household written with its member list replaced; its members, old and new, read anew afterwards. */
  putHousehold(sourceId: string, row: Row, members: Row[], previousMembers: string[]): void {
    this.carried.delete(`household\n${sourceId}`);
    // A record found unchanged earlier was checked against the household as it was.
    for (const [key, c] of this.carried) if (c.household === sourceId) this.carried.delete(key);
    this.householdUpserts.set(sourceId, { ...row, lineDigest: this.lineDigest });
    this.memberRows.set(sourceId, members);
    this.dirty.add(`h:${sourceId}`);
    for (const key of [...previousMembers, ...members.map((m) => m.personKey as string)]) this.dirty.add(`p:${key}`);
  }

  /** A record written with its details (null: none, and any stored ones removed when it had some). */
  putRecord(key: string, department: Department, row: Row, details: Row | null, hadDetails: boolean): void {
    this.carried.delete(`record\n${key}`);
    this.recordWrites.set(key, { department, row: { ...row, lineDigest: this.lineDigest }, details, hadDetails });
    this.dirty.add(`r:${key}`);
  }

  putExpense(key: string, row: Row): void {
    this.carried.delete(`expense\n${key}`);
    this.expenseUpserts.set(key, { ...row, lineDigest: this.lineDigest });
    this.dirty.add(`e:${key}`);
  }

  /** A row the line being applied found unchanged: it is to carry the line's digest, unless a later line of the chunk writes it. */
  carryDigest(candidate: DigestCandidate): void {
    this.carried.set(`${candidate.type}\n${candidate.key}`, candidate);
  }

  /** Nothing noted so far is carried: a line applied outside the chunk's sets (a region's) may change what their checks read. */
  dropCarried(): void {
    this.carried.clear();
  }

  /** The chunk's end: what is buffered written, then the digests of the rows found unchanged. */
  async finish(): Promise<void> {
    await this.flush();
    await carryDigests(this.tx, [...this.carried.values()]);
    this.carried.clear();
  }

  /** Writes everything buffered: parents before children, one statement per table. */
  async flush(): Promise<void> {
    const tx = this.tx;
    await upsertRows(tx, 'Person', [...this.personUpserts.values()], { key: ['personKey'], update: 'rest' });
    await upsertRows(tx, 'Person', [...this.personInserts.values()], { key: ['personKey'], update: [] });
    if (this.householdUpserts.size > 0) {
      await upsertRows(tx, 'Household', [...this.householdUpserts.values()], { key: ['sourceId'], update: 'rest' });
      await deleteRowsWhere(tx, 'HouseholdMember', 'householdSourceId', [...this.householdUpserts.keys()]);
      await upsertRows(tx, 'HouseholdMember', [...this.memberRows.values()].flat(), { key: ['householdSourceId', 'personKey'], update: [] });
    }
    await this.flushRecords();
    await upsertRows(tx, 'Expense', [...this.expenseUpserts.values()], { key: ['department', 'sourceId'], update: 'rest' });
    this.personUpserts.clear();
    this.personInserts.clear();
    this.householdUpserts.clear();
    this.memberRows.clear();
    this.recordWrites.clear();
    this.expenseUpserts.clear();
  }

  private async flushRecords(): Promise<void> {
    if (this.recordWrites.size === 0) return;
    const writes = [...this.recordWrites.values()];
    const saved = await upsertRows(this.tx, 'AssistanceRecord', writes.map((w) => w.row), {
      key: ['department', 'sourceRecordId'],
      update: 'rest',
      returning: ['id', 'department', 'sourceRecordId'],
    });
    const ids = new Map(saved.map((r) => [`${r.department}:${r.sourceRecordId}`, Number(r.id)]));
    for (const [department, inDepartment] of groupBy(writes, (w) => w.department)) {
      const model = modelOf(department as Department);
      const idOf = (w: RecordWrite) => ids.get(`${w.department}:${w.row.sourceRecordId}`)!;
      // Every column is written, so fields the new version no longer has are cleared.
      const columns = Object.keys(DETAILS[department as Department].schema.shape);
      const withDetails = inDepartment.filter((w) => w.details !== null);
      await upsertRows(this.tx, model, withDetails.map((w) => ({ recordId: idOf(w), ...emptyRow(columns), ...w.details })), { key: ['recordId'], update: 'rest' });
      await deleteRowsWhere(this.tx, model, 'recordId', inDepartment.filter((w) => w.details === null && w.hadDetails).map(idOf));
    }
  }

  /** Reads anew the keys not known or written since they were read (after writing what is buffered). */
  private async fresh<T>(kind: 'p' | 'h' | 'r' | 'e', keys: string[], known: Map<string, T>, asKeys: (keys: string[]) => ChunkKeys) {
    const stale = keys.filter((key) => !known.has(key) || this.dirty.has(`${kind}:${key}`));
    if (stale.length === 0) return;
    if (stale.some((key) => this.dirty.has(`${kind}:${key}`))) await this.flush();
    await this.prefetch(asKeys(stale));
  }
}

function remember<T>(map: Map<string, T | null>, keys: string[], rows: T[], keyOf: (row: T) => string) {
  for (const key of keys) map.set(key, null);
  for (const row of rows) map.set(keyOf(row), row);
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = out.get(key);
    if (group) group.push(item);
    else out.set(key, [item]);
  }
  return out;
}

const emptyRow = (columns: string[]) => Object.fromEntries(columns.map((c) => [c, null]));

function modelOf(department: Department): string {
  const delegate = detailDelegate(department) as string;
  return delegate[0]!.toUpperCase() + delegate.slice(1);
}

function loadPersons(tx: Tx, keys: string[], withMemberships = true) {
  const where = { personKey: { in: keys } };
  // Memberships are read only by the write checks, which ask nothing of an unrestricted caller.
  if (!withMemberships) return tx.person.findMany({ where }) as ReturnType<typeof loadPersonsWithMemberships>;
  return loadPersonsWithMemberships(tx, where);
}

function loadPersonsWithMemberships(tx: Tx, where: { personKey: { in: string[] } }) {
  return tx.person.findMany({ where, include: { memberships: PERSON_ACCESS_SELECT.memberships } });
}

function loadHouseholds(tx: Tx, sourceIds: string[]) {
  return tx.household.findMany({ where: { sourceId: { in: sourceIds } }, include: { members: { orderBy: { position: 'asc' } } } });
}

function loadExpenses(tx: Tx, keys: string[]) {
  return tx.expense.findMany({
    where: { OR: [...groupBy(keys, departmentOf)].map(([department, inDepartment]) => ({ department: department as Department, sourceId: { in: inDepartment.map(idOf) } })) },
    include: { person: { select: PERSON_ACCESS_SELECT } },
  });
}

const departmentOf = (key: string) => key.slice(0, key.indexOf(':'));
const idOf = (key: string) => key.slice(key.indexOf(':') + 1);

/**
 * Records with the detail relations of the departments asked for (a chunk
 * holds one or two), and what the write checks read only when they read it:
 * the household's region (a restricted caller), the program's organisation
 * (a charity).
 */
function loadRecords(tx: Tx, keys: string[], reads = { restricted: true, charity: true }) {
  const byDepartment = groupBy(keys, departmentOf);
  const details = Object.fromEntries([...byDepartment.keys()].map((d) => [DETAILS[d as Department].relation, true]));
  return tx.assistanceRecord.findMany({
    where: {
      OR: [...byDepartment].map(([department, inDepartment]) => ({
        department: department as Department,
        sourceRecordId: { in: inDepartment.map(idOf) },
      })),
    },
    include: {
      ...(details as typeof DETAIL_RELATIONS),
      household: reads.restricted && { select: { regionCode: true } },
      charityProgram: reads.charity && { select: { organization: true } },
    },
  }) as ReturnType<typeof loadRecordsWithAll>;
}

/** The shape loadRecords answers in (with what it was asked to read). */
function loadRecordsWithAll(tx: Tx) {
  return tx.assistanceRecord.findMany({
    include: { ...DETAIL_RELATIONS, household: { select: { regionCode: true } }, charityProgram: { select: { organization: true } } },
  });
}
