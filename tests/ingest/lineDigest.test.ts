// A line sent again as it was stored is found unchanged by its digest
// (src/ingest/lineDigest.ts) without being checked and compared again; the
// answers must stay exactly those of the full path. These tests change what
// a stored line's digest vouches for, by every way it can change, and expect
// the full path's answer: outside writes to the row, its members or details,
// the household a record's checks read, a region's level, another line of the
// same chunk.
import type { Sender } from '../../src/ingest/handler';
import { ingest, type IngestItem, type IngestSummary } from '../../src/ingest/service';
import { personKey } from '../../src/lib/ids';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { ADMIN, REGIONS, household, idNumber, items, person } from './builders';

let test_: TestDatabase;
const prisma = () => test_.db.prisma;
const keyOf = (id: string) => personKey(id.toUpperCase(), test_.config.idPepper);

/** Lines as a file carries them: JSON text, numbered from 1. */
const lines = (objects: unknown[]): IngestItem[] => objects.map((object, i) => ({ position: i + 1, input: JSON.stringify(object) }));

function send(objects: unknown[], sender: Sender = ADMIN): Promise<IngestSummary> {
  return ingest(prisma(), lines(objects), { sender, personKeyPepper: test_.config.idPepper });
}

const outcomes = (summary: IngestSummary) => summary.outcomes.map((o) => o.outcome);

function dibao(head: string, householdSourceId: string, fields: Record<string, unknown> = {}) {
  return {
    type: 'record',
    department: 'CIVIL_AFFAIRS',
    sourceRecordId: `DB-${householdSourceId}`,
    program: 'DIBAO',
    beneficiaryIdNumber: head,
    householdSourceId,
    regionCode: '510104',
    amount: '1140.50',
    frequency: 'MONTHLY',
    startDate: '2026-01-01',
    endDate: null,
    status: 'ACTIVE',
    needCategory: 'LIVING',
    details: { dibaoGrade: 2, assessedIncomePerCapita: '420.35', supportMode: null, reason: '家庭收入低于标准' },
    ...fields,
  };
}

/** A household of two with a DIBAO record for its head, stored. */
async function storedFamily() {
  const head = idNumber({ birth: '19700101' });
  const spouse = idNumber({ birth: '19720101' });
  const home = household([{ idNumber: head, relation: 'HEAD' }, { idNumber: spouse, relation: 'SPOUSE' }]);
  const file = [person(head, { name: '王五' }), home, dibao(head, home.sourceId as string)];
  expect(outcomes(await send(file))).toEqual(['stored', 'stored', 'stored']);
  return { head, spouse, home, file };
}

beforeAll(async () => {
  test_ = await createTestDatabase();
  expect(await ingest(prisma(), items([...REGIONS]), { sender: ADMIN, personKeyPepper: test_.config.idPepper })).toMatchObject({ rejected: 0 });
});
afterAll(() => test_.drop());

describe('a line sent again as it was stored', () => {
  it('is unchanged, with its type and key, and every row it wrote keeps its digest', async () => {
    const { head, home, file } = await storedFamily();
    const again = await send(file);
    expect(again.outcomes.map(({ type, outcome, key }) => ({ type, outcome, key }))).toEqual([
      { type: 'person', outcome: 'unchanged', key: keyOf(head) },
      { type: 'household', outcome: 'unchanged', key: home.sourceId },
      { type: 'record', outcome: 'unchanged', key: `CIVIL_AFFAIRS:DB-${home.sourceId}` },
    ]);
    const [row] = await prisma().$queryRawUnsafe<{ digests: bigint }[]>(
      `SELECT (SELECT count(*) FROM person WHERE person_key = $1 AND line_digest IS NOT NULL)
            + (SELECT count(*) FROM household WHERE source_id = $2 AND line_digest IS NOT NULL)
            + (SELECT count(*) FROM assistance_record WHERE household_source_id = $2 AND line_digest IS NOT NULL) AS digests`,
      keyOf(head),
      home.sourceId,
    );
    expect(Number(row!.digests)).toBe(3);
  });

  it('goes the whole way when its row was changed outside ingestion, and restores the row', async () => {
    const { head, file } = await storedFamily();
    await prisma().$executeRawUnsafe(`UPDATE person SET name = '改名' WHERE person_key = $1`, keyOf(head));
    expect(outcomes(await send(file))).toEqual(['stored', 'unchanged', 'unchanged']);
    expect((await prisma().person.findUniqueOrThrow({ where: { personKey: keyOf(head) } })).name).toBe('王五');
  });

  it("goes the whole way when a record's details or a household's members were changed outside ingestion", async () => {
    const { home, file } = await storedFamily();
    const record = await prisma().assistanceRecord.findFirstOrThrow({ where: { householdSourceId: home.sourceId as string } });
    await prisma().civilAffairsRecordDetail.update({ where: { recordId: record.id }, data: { dibaoGrade: 3 } });
    await prisma().householdMember.deleteMany({ where: { householdSourceId: home.sourceId as string, relation: 'SPOUSE' } });
    expect(outcomes(await send(file))).toEqual(['unchanged', 'stored', 'stored']);
    expect((await prisma().civilAffairsRecordDetail.findUniqueOrThrow({ where: { recordId: record.id } })).dibaoGrade).toBe(2);
    expect(await prisma().householdMember.count({ where: { householdSourceId: home.sourceId as string } })).toBe(2);
  });

  it('is checked again when the household its record names changed: the head moved, the record is refused', async () => {
    const { head, spouse, home, file } = await storedFamily();
    const swapped = { ...home, members: [{ idNumber: spouse, relation: 'HEAD' }, { idNumber: head, relation: 'SPOUSE' }] };
    expect(outcomes(await send([swapped]))).toEqual(['stored']);
    const again = await send([file[2]]);
    expect(again.rejections).toEqual([
      { position: 1, problems: [{ field: 'beneficiaryIdNumber', reason: `must be the head of household ${home.sourceId} for a household-level program` }] },
    ]);
  });

  it('is not unchanged after another line of the same chunk changed its entity', async () => {
    const { head, file } = await storedFamily();
    const renamed = person(head, { name: '王六' });
    // The stored line comes second: the first one changed the person, so sending it changes them back.
    expect(outcomes(await send([renamed, file[0]]))).toEqual(['stored', 'stored']);
    expect((await prisma().person.findUniqueOrThrow({ where: { personKey: keyOf(head) } })).name).toBe('王五');
    expect(outcomes(await send([file[0], renamed]))).toEqual(['unchanged', 'stored']);
  });

  it("is checked again after a region's level changed: a county no more, the line is refused", async () => {
    const id = idNumber({ birth: '19800101' });
    const county = { type: 'region', code: '510199', name: '试点县', parentCode: '510100', level: 'COUNTY' };
    const line = person(id, { residenceRegionCode: '510199' });
    expect(outcomes(await send([county, line]))).toEqual(['stored', 'stored']);
    expect(outcomes(await send([{ ...county, level: 'CITY' }]))).toEqual(['stored']);
    expect((await send([line])).rejections).toEqual([
      { position: 1, problems: [{ field: 'residenceRegionCode', reason: '510199 is a CITY; a county code is needed here' }] },
    ]);
  });

  it("is not another sender's: a department that may not send households is refused, not told unchanged", async () => {
    const { home } = await storedFamily();
    const summary = await send([home], { name: 'import:EDUCATION', department: 'EDUCATION' });
    expect(summary.rejected).toBe(1);
    expect(summary.rejections[0]!.problems[0]!.field).toBe('type');
  });

  it('is read as nothing more than it claims: a malformed ID number, an unknown department, a number for an id and a reserved key are rejected as always', async () => {
    const malformed = [
      person('not-an-id-number'),
      { type: 'record', department: 'NO_SUCH_DEPARTMENT', sourceRecordId: 'X-1' },
      { type: 'expense', department: 'CIVIL_AFFAIRS', sourceId: 7 },
    ];
    // A reserved key, which only the walk of a line's shape finds.
    const reserved = '{"type":"household","sourceId":"HH-X","__proto__":{"regionCode":"510104"}}';
    const file = [...lines(malformed), { position: 4, input: reserved }];
    for (let round = 0; round < 2; round++) {
      const summary = await ingest(prisma(), file, { sender: ADMIN, personKeyPepper: test_.config.idPepper });
      expect(outcomes(summary)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
      expect(summary.rejections.map((r) => r.problems[0]!.field)).toEqual(['idNumber', 'department', 'sourceId', '__proto__']);
    }
  });
});

describe('a row found unchanged the long way', () => {
  const digestOf = async (table: string, where: string, value: string) =>
    (await prisma().$queryRawUnsafe<{ line_digest: string | null }[]>(`SELECT line_digest FROM ${table} WHERE ${where} = $1`, value))[0]!.line_digest;
  const sendObjects = (objects: unknown[]) => ingest(prisma(), items(objects), { sender: ADMIN, personKeyPepper: test_.config.idPepper });

  it('is given the digest of the line that found it so: stored from objects, then sent as text', async () => {
    const head = idNumber({ birth: '19650101' });
    const home = household([{ idNumber: head, relation: 'HEAD' }]);
    const file = [person(head, { name: '赵一' }), home, dibao(head, home.sourceId as string)];
    expect(outcomes(await sendObjects(file))).toEqual(['stored', 'stored', 'stored']);
    expect(await digestOf('person', 'person_key', keyOf(head))).toBeNull();
    expect(outcomes(await send(file))).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(await digestOf('person', 'person_key', keyOf(head))).toMatch(/^[\w-]{22}$/);
    expect(await digestOf('household', 'source_id', home.sourceId as string)).toMatch(/^[\w-]{22}$/);
    expect(await digestOf('assistance_record', 'household_source_id', home.sourceId as string)).toMatch(/^[\w-]{22}$/);
  });

  it('keeps the digest of a later line of the same chunk that changed it', async () => {
    const id = idNumber({ birth: '19660101' });
    const first = person(id, { name: '钱二' });
    const second = person(id, { name: '钱三' });
    expect(outcomes(await sendObjects([first]))).toEqual(['stored']);
    expect(outcomes(await send([first, second]))).toEqual(['unchanged', 'stored']);
    // Were the first line's digest carried over the second's write, the first would now read as unchanged.
    expect(outcomes(await send([first]))).toEqual(['stored']);
    expect((await prisma().person.findUniqueOrThrow({ where: { personKey: keyOf(id) } })).name).toBe('钱二');
    expect(outcomes(await send([first]))).toEqual(['unchanged']);
  });

  it("is not given a record's digest when its household changed later in the chunk", async () => {
    const head = idNumber({ birth: '19670101' });
    const other = idNumber({ birth: '19690101' });
    const home = household([{ idNumber: head, relation: 'HEAD' }, { idNumber: other, relation: 'SPOUSE' }]);
    const record = dibao(head, home.sourceId as string);
    expect(outcomes(await sendObjects([home, record]))).toEqual(['stored', 'stored']);
    const swapped = { ...home, members: [{ idNumber: other, relation: 'HEAD' }, { idNumber: head, relation: 'SPOUSE' }] };
    expect(outcomes(await send([record, swapped]))).toEqual(['unchanged', 'stored']);
    expect(await digestOf('assistance_record', 'household_source_id', home.sourceId as string)).toBeNull();
    expect((await send([record])).rejected).toBe(1);
  });
});

describe('a file of several chunks sent again', () => {
  it('finds a line of a later chunk changed by a line of an earlier chunk of the same file', async () => {
    const id = idNumber({ birth: '19710101' });
    const stored = person(id, { name: '孙七' });
    const renamed = person(id, { name: '孙八' });
    const expenses = Array.from({ length: 600 }, (_, i) => ({
      type: 'expense', department: 'HEALTHCARE_SECURITY', sourceId: `EXP-CHUNKS-${i}`, idNumber: id, category: 'MEDICAL', amount: '100.00', date: '2026-03-01',
    }));
    expect((await send([stored, ...expenses])).stored).toBe(601);
    // The renaming opens the first chunk; the stored line sits in the second, whose digests are read while the
    // first is written (on PostgreSQL, on another connection: they are stale, and must be read again).
    const summary = await send([renamed, ...expenses, stored]);
    expect(summary).toMatchObject({ stored: 2, unchanged: 600, rejected: 0 });
    expect(summary.outcomes.at(-1)).toMatchObject({ outcome: 'stored', key: keyOf(id) });
    expect((await prisma().person.findUniqueOrThrow({ where: { personKey: keyOf(id) } })).name).toBe('孙七');
  });
});
