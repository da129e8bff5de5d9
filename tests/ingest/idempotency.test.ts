// Re-sending and changing objects (EXCHANGE.md): an identical re-send is a
// no-op, a change is stored with its history (who, before, after), persons
// are updated field by field, households replace their member list, and the
// plain ID number is never stored anywhere.
import type { Sender } from '../../src/ingest/handler';
import { ingest, type IngestSummary } from '../../src/ingest/service';
import { personKey } from '../../src/lib/ids';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { ADMIN, REGIONS, household, idNumber, items, person, standard } from './builders';

let test_: TestDatabase;
const prisma = () => test_.db.prisma;
const keyOf = (id: string) => personKey(id.toUpperCase(), test_.config.idPepper);

/** Every ID number a test sent, for the final "stored nowhere" scan. */
const sentIdNumbers: string[] = [];
function newId(options?: Parameters<typeof idNumber>[0]): string {
  const id = idNumber(options);
  sentIdNumbers.push(id);
  return id;
}

function send(objects: unknown[], sender: Sender = ADMIN): Promise<IngestSummary> {
  return ingest(prisma(), items(objects), { sender, personKeyPepper: test_.config.idPepper });
}

const changeEventCount = () => prisma().changeEvent.count();
const historyOf = (entityType: string, entityKey: string) =>
  prisma().changeEvent.findMany({ where: { entityType, entityKey }, orderBy: { id: 'asc' } });
const membersOf = async (sourceId: string) =>
  (await prisma().householdMember.findMany({ where: { householdSourceId: sourceId }, orderBy: { position: 'asc' } })).map(
    (m) => ({ personKey: m.personKey, relation: m.relation }),
  );

beforeAll(async () => {
  test_ = await createTestDatabase();
  expect(await send([...REGIONS])).toMatchObject({ stored: REGIONS.length, rejected: 0 });
});
afterAll(() => test_.drop());

describe('re-sending identical objects', () => {
  it('reports every object unchanged the second time and writes no history', async () => {
    const head = newId({ birth: '19750203', sex: 'MALE' });
    const spouse = newId({ birth: '19770809', sex: 'FEMALE' });
    const deceased = newId({ birth: '19300101' });
    const batch = [
      { type: 'region', code: '510107', name: '武侯区', parentCode: '510100', level: 'COUNTY' },
      standard({ regionCode: '510107', year: 2026, monthlyAmount: '780.00' }),
      person(head, { name: '张三', hukouRegionCode: '510107', residenceRegionCode: '510107', disabilityGrade: 2, disabilityType: 'PHYSICAL', orphan: false, deathDate: null }),
      household([{ idNumber: head, relation: 'HEAD' }, { idNumber: spouse, relation: 'SPOUSE' }], { regionCode: '510107' }),
      person(deceased, { name: '周九', deathDate: '2024-02-29', schoolStage: null }),
    ];
    expect(await send(batch)).toMatchObject({ stored: 5, unchanged: 0, rejected: 0 });
    const events = await changeEventCount();

    const again = await send(batch);
    expect(again).toMatchObject({ stored: 0, unchanged: 5, rejected: 0 });
    expect(again.outcomes.map((o) => o.outcome)).toEqual(Array(5).fill('unchanged'));
    expect(await changeEventCount()).toBe(events);
  });

  it('treats equivalent spellings as identical: "780" = "780.00", lower-case x, a trimmed name, member order after the head', async () => {
    const head = newId({ check: 'X' });
    const child = newId({ birth: '20100101' });
    const parent = newId({ birth: '19450101' });
    const line = household([
      { idNumber: child, relation: 'CHILD' },
      { idNumber: head, relation: 'HEAD' },
      { idNumber: parent, relation: 'PARENT' },
    ]);
    expect(await send([standard({ year: 2040, monthlyAmount: '780' }), line, person(head, { name: '李四' })])).toMatchObject({
      stored: 3,
    });
    const events = await changeEventCount();
    const respelled = {
      ...line,
      monthlyIncomePerCapita: '650',
      members: [
        { idNumber: `${head.slice(0, 17)}x`, relation: 'HEAD' },
        { idNumber: child, relation: 'CHILD' },
        { idNumber: parent, relation: 'PARENT' },
      ],
    };
    const summary = await send([standard({ year: 2040, monthlyAmount: '780.00' }), respelled, person(`${head.slice(0, 17)}x`, { name: ' 李四 ' })]);
    expect(summary).toMatchObject({ stored: 0, unchanged: 3, rejected: 0 });
    expect(await changeEventCount()).toBe(events);
  });
});

describe('changing an object', () => {
  it('stores the change and records UPDATED with the previous and current state and the sender', async () => {
    const key = '510104/2041/TEKUN/RURAL';
    const line = standard({ year: 2041, program: 'TEKUN', area: 'RURAL', monthlyAmount: '1014.00' });
    expect(await send([line])).toMatchObject({ stored: 1 });
    const officer: Sender = { name: 'officer-7', department: null };
    expect(await send([{ ...line, monthlyAmount: '1100.50' }], officer)).toMatchObject({ stored: 1, unchanged: 0 });

    const stored = await prisma().standard.findUniqueOrThrow({
      where: { regionCode_year_program_area: { regionCode: '510104', year: 2041, program: 'TEKUN', area: 'RURAL' } },
    });
    expect(stored.monthlyAmount.toFixed(2)).toBe('1100.50');
    const history = await historyOf('standard', key);
    expect(history.map((e) => [e.action, e.sender])).toEqual([
      ['CREATED', ADMIN.name],
      ['UPDATED', 'officer-7'],
    ]);
    expect(history[0]!.previous).toBeNull();
    expect(history[1]!.previous).toEqual({ monthlyAmount: '1014.00' });
    expect(history[1]!.current).toEqual({ monthlyAmount: '1100.50' });
    expect(history[1]!.receivedAt).toBeInstanceOf(Date);
  });

  it('a changed region is stored as UPDATED with its earlier name', async () => {
    const region = { type: 'region', code: '510108', name: '成华区', parentCode: '510100', level: 'COUNTY' };
    await send([region]);
    expect(await send([{ ...region, name: '成华区（新）' }])).toMatchObject({ stored: 1 });
    const history = await historyOf('region', '510108');
    expect(history.at(-1)).toMatchObject({
      action: 'UPDATED',
      previous: { name: '成华区', level: 'COUNTY', parentCode: '510100' },
      current: { name: '成华区（新）', level: 'COUNTY', parentCode: '510100' },
    });
  });
});

describe('person updates are partial', () => {
  it('an omitted field keeps its stored value', async () => {
    const id = newId({ birth: '19880412' });
    await send([person(id, { name: '王五', disabilityGrade: 1, disabilityType: 'VISUAL', employmentStatus: 'UNEMPLOYED', residenceRegionCode: '510104' })]);
    expect(await send([person(id, { employmentStatus: 'EMPLOYED' })])).toMatchObject({ stored: 1 });

    const stored = await prisma().person.findUniqueOrThrow({ where: { personKey: keyOf(id) } });
    expect(stored).toMatchObject({ name: '王五', disabilityGrade: 1, disabilityType: 'VISUAL', employmentStatus: 'EMPLOYED', residenceRegionCode: '510104' });
    const last = (await historyOf('person', keyOf(id))).at(-1)!;
    expect(last.action).toBe('UPDATED');
    expect(last.previous).toMatchObject({ name: '王五', employmentStatus: 'UNEMPLOYED', disabilityGrade: 1 });
    expect(last.current).toMatchObject({ name: '王五', employmentStatus: 'EMPLOYED', disabilityGrade: 1 });
  });

  it('an explicit null clears the field and nothing else', async () => {
    const id = newId({ birth: '19600101' });
    await send([person(id, { name: '赵六', disabilityGrade: 3, disabilityType: 'HEARING', orphan: false, deathDate: '2025-12-01', schoolStage: null })]);
    expect(await send([person(id, { disabilityGrade: null, disabilityType: null, deathDate: null })])).toMatchObject({ stored: 1 });

    const stored = await prisma().person.findUniqueOrThrow({ where: { personKey: keyOf(id) } });
    expect(stored).toMatchObject({ name: '赵六', disabilityGrade: null, disabilityType: null, deathDate: null, orphan: false });
    const last = (await historyOf('person', keyOf(id))).at(-1)!;
    expect(last.previous).toMatchObject({ disabilityGrade: 3, disabilityType: 'HEARING', deathDate: '2025-12-01' });
    expect(last.current).toMatchObject({ disabilityGrade: null, disabilityType: null, deathDate: null, name: '赵六' });
  });

  it('a person line with nothing but the ID number changes nothing', async () => {
    const id = newId();
    await send([person(id, { name: '钱七', orphan: true })]);
    expect(await send([person(id)])).toMatchObject({ stored: 0, unchanged: 1 });
    expect(await prisma().person.findUniqueOrThrow({ where: { personKey: keyOf(id) } })).toMatchObject({ name: '钱七', orphan: true });
  });
});

describe('households', () => {
  it('re-sending with a different member list replaces the members and keeps the old list in history', async () => {
    const head = newId({ birth: '19700101' });
    const spouse = newId({ birth: '19720202' });
    const child = newId({ birth: '20120506', sex: 'FEMALE' });
    const first = household([{ idNumber: head, relation: 'HEAD' }, { idNumber: spouse, relation: 'SPOUSE' }]);
    const sourceId = first.sourceId as string;
    expect(await send([first])).toMatchObject({ stored: 1 });
    expect(await membersOf(sourceId)).toEqual([
      { personKey: keyOf(head), relation: 'HEAD' },
      { personKey: keyOf(spouse), relation: 'SPOUSE' },
    ]);

    const second = { ...first, members: [{ idNumber: head, relation: 'HEAD' }, { idNumber: child, relation: 'CHILD' }] };
    expect(await send([second])).toMatchObject({ stored: 1, unchanged: 0 });
    expect(await membersOf(sourceId)).toEqual([
      { personKey: keyOf(head), relation: 'HEAD' },
      { personKey: keyOf(child), relation: 'CHILD' },
    ]);
    // The person who left the household is still a person.
    expect(await prisma().person.count({ where: { personKey: keyOf(spouse) } })).toBe(1);

    const history = await historyOf('household', sourceId);
    expect(history.map((e) => e.action)).toEqual(['CREATED', 'UPDATED']);
    expect(history[1]!.previous).toMatchObject({
      members: [
        { personKey: keyOf(head), relation: 'HEAD' },
        { personKey: keyOf(spouse), relation: 'SPOUSE' },
      ],
    });
    expect(history[1]!.current).toMatchObject({
      members: [
        { personKey: keyOf(head), relation: 'HEAD' },
        { personKey: keyOf(child), relation: 'CHILD' },
      ],
    });
  });

  it('members not yet known become persons with birth date, sex and masked number taken from the ID number', async () => {
    const head = newId({ birth: '19810315', sex: 'MALE' });
    const daughter = newId({ birth: '20120506', sex: 'FEMALE' });
    await send([household([{ idNumber: head, relation: 'HEAD' }, { idNumber: daughter, relation: 'CHILD' }])]);

    const stored = await prisma().person.findUniqueOrThrow({ where: { personKey: keyOf(daughter) } });
    expect(stored.birthDate.toISOString().slice(0, 10)).toBe('2012-05-06');
    expect(stored.sex).toBe('FEMALE');
    expect(stored.maskedIdNumber).toBe(`${daughter.slice(0, 4)}**********${daughter.slice(14)}`);
    expect(stored).toMatchObject({ name: null, disabilityGrade: null, deathDate: null });
    const father = await prisma().person.findUniqueOrThrow({ where: { personKey: keyOf(head) } });
    expect([father.birthDate.toISOString().slice(0, 10), father.sex]).toEqual(['1981-03-15', 'MALE']);
  });

  it('listing an already known person does not overwrite what is known about them', async () => {
    const head = newId();
    await send([person(head, { name: '孙八', disabilityGrade: 2 })]);
    await send([household([{ idNumber: head, relation: 'HEAD' }])]);
    expect(await prisma().person.findUniqueOrThrow({ where: { personKey: keyOf(head) } })).toMatchObject({ name: '孙八', disabilityGrade: 2 });
  });
});

describe('senders (--sender)', () => {
  const EDUCATION: Sender = { name: 'import:EDUCATION', department: 'EDUCATION' };
  const CIVIL_AFFAIRS: Sender = { name: 'import:CIVIL_AFFAIRS', department: 'CIVIL_AFFAIRS' };

  it('a region or standard from a department is refused: administrators only', async () => {
    const summary = await send(
      [{ type: 'region', code: '510112', name: '龙泉驿区', parentCode: '510100', level: 'COUNTY' }, standard({ year: 2042 })],
      CIVIL_AFFAIRS,
    );
    expect(summary).toMatchObject({ stored: 0, rejected: 2 });
    expect(summary.rejections).toEqual([
      { position: 1, problems: [{ field: 'type', reason: 'regions are written by administrators only (import without --sender)' }] },
      { position: 2, problems: [{ field: 'type', reason: 'standards are written by administrators only (import without --sender)' }] },
    ]);
    expect(await prisma().region.count({ where: { code: '510112' } })).toBe(0);
  });

  it('a household from EDUCATION is refused and creates no member', async () => {
    const head = newId();
    const line = household([{ idNumber: head, relation: 'HEAD' }]);
    const summary = await send([line], EDUCATION);
    expect(summary.rejections).toEqual([
      { position: 1, problems: [{ field: 'type', reason: 'households are registered by CIVIL_AFFAIRS (or an administrator import)' }] },
    ]);
    expect(await prisma().household.count({ where: { sourceId: line.sourceId as string } })).toBe(0);
    expect(await prisma().person.count({ where: { personKey: keyOf(head) } })).toBe(0);
  });

  it('a household from CIVIL_AFFAIRS is accepted and its history names the sender', async () => {
    const line = household([{ idNumber: newId(), relation: 'HEAD' }]);
    expect(await send([line], CIVIL_AFFAIRS)).toMatchObject({ stored: 1, rejected: 0 });
    expect((await historyOf('household', line.sourceId as string)).map((e) => e.sender)).toEqual(['import:CIVIL_AFFAIRS']);
  });
});

describe('no plain ID number is stored', () => {
  // Runs last: scans every table of the database as text for every number the tests above sent.
  it('no row of any table contains an ID number that was sent (nor its first 17 digits)', async () => {
    expect(sentIdNumbers.length).toBeGreaterThan(15);
    const tables = await prisma().$queryRawUnsafe<{ name: string }[]>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    );
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['person', 'household', 'household_member', 'change_event']));
    let scanned = 0;
    for (const { name } of tables) {
      const rows = await prisma().$queryRawUnsafe<{ row: string }[]>(`SELECT t::text AS row FROM "${name}" t`);
      for (const { row } of rows) {
        scanned++;
        for (const id of sentIdNumbers) expect(row).not.toContain(id.slice(0, 17));
      }
    }
    expect(scanned).toBeGreaterThan(50);
    // The masked form is what is kept instead.
    const masked = await prisma().person.findMany({ select: { maskedIdNumber: true } });
    expect(masked.every((p) => /^\d{4}\*{10}\d{3}[\dX]$/.test(p.maskedIdNumber))).toBe(true);
  });
});
