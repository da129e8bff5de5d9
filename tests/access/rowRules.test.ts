// The row rules are written once (src/access/filters.ts) and rendered three
// ways: a Prisma where, SQL, and a check in memory. On generated rows and
// every kind of caller, the three must pick exactly the same rows, on the
// real database (PGlite, or PostgreSQL with DATABASE_URL).
import { toPrisma, toSql, matches, NotRenderable, type Condition } from '../../src/access/condition';
import { MODEL_OF, ROW_RULES, prismaWhere, type Entity } from '../../src/access/filters';
import { coveringHouseholdsInOneStatement, coveringPersonsInOneStatement } from '../../src/subgraphs/assistance/coveringSql';
import { RECORD_ORDER, recordWhere, type RecordFilter } from '../../src/subgraphs/assistance/filters';
import { WITH_DETAILS } from '../../src/graphql/detailFields';
import { Prisma } from '../../src/db/client/prisma/client';
import type { Caller, Department, Role } from '../../src/access/callers';
import { HOUSEHOLD_LEVEL_PROGRAMS, PROGRAMS } from '../../src/departments/programs';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

const COUNTIES = ['510104', '510105', '511302', '511303', '513401'];
const PROGRAM_NAMES = Object.keys(PROGRAMS) as (keyof typeof PROGRAMS)[];
const NEEDS = ['LIVING', 'MEDICAL', 'EDUCATION', 'HOUSING', 'EMPLOYMENT', 'DISABILITY_CARE', 'EMERGENCY'] as const;
const RULES = ['D1', 'D2', 'D3', 'D5', 'G1', 'G3', 'G4', 'G7', 'G8'];
const DEPARTMENTS: Department[] = ['CIVIL_AFFAIRS', 'EDUCATION', 'HOUSING', 'HEALTHCARE_SECURITY', 'HUMAN_RESOURCES', 'DISABLED_PERSONS_FEDERATION'];

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!, chance: (p: number) => next() < p };
}

let test_db: TestDatabase;
const rnd = random(20261204);

beforeAll(async () => {
  test_db = await createTestDatabase();
  await generate(test_db.db.prisma);
});
afterAll(() => test_db.drop());

async function generate(prisma: TestDatabase['db']['prisma']) {
  await prisma.region.createMany({
    data: [
      { code: '510000', name: '四川省', level: 'PROVINCE' },
      { code: '510100', name: '成都市', level: 'CITY', parentCode: '510000' },
      { code: '511300', name: '南充市', level: 'CITY', parentCode: '510000' },
      { code: '513400', name: '凉山州', level: 'CITY', parentCode: '510000' },
      ...COUNTIES.map((code) => ({ code, name: code, level: 'COUNTY' as const, parentCode: `${code.slice(0, 4)}00` })),
    ],
  });
  const keys = Array.from({ length: 60 }, (_, i) => i.toString(16).padStart(64, '0'));
  const county = () => (rnd.chance(0.2) ? null : rnd.pick(COUNTIES));
  await prisma.person.createMany({
    data: keys.map((personKey) => ({
      personKey,
      maskedIdNumber: '5101**********0000',
      birthDate: new Date('1980-01-01'),
      sex: 'MALE' as const,
      residenceRegionCode: county(),
      hukouRegionCode: county(),
    })),
  });
  const households = Array.from({ length: 20 }, (_, i) => ({ sourceId: `HH-${i}`, regionCode: rnd.pick(COUNTIES), area: 'URBAN' as const }));
  await prisma.household.createMany({ data: households });
  const members = households.flatMap((h) => {
    const chosen = [...new Set(Array.from({ length: 1 + Math.floor(rnd.next() * 3) }, () => rnd.pick(keys)))];
    return chosen.map((personKey, position) => ({ householdSourceId: h.sourceId, personKey, relation: position === 0 ? ('HEAD' as const) : ('CHILD' as const), position }));
  });
  await prisma.householdMember.createMany({ data: members });
  await prisma.charityProgram.createMany({
    data: ['ORG-A', 'ORG-B'].flatMap((organization, o) =>
      [['5101'], ['51'], ['511302', '5134'], ['513401']].map((regionCodes, i) => ({
        code: `P-${o}-${i}`,
        name: 'p',
        organization,
        needCategory: 'EDUCATION' as const,
        regionCodes,
        budget: '1000.00',
        startDate: new Date('2026-01-01'),
        sender: 'test',
      })),
    ),
  });
  const records = Array.from({ length: 150 }, (_, i) => {
    const program = rnd.pick(PROGRAM_NAMES);
    const household = HOUSEHOLD_LEVEL_PROGRAMS.includes(program) || rnd.chance(0.2) ? rnd.pick(households).sourceId : null;
    return {
      department: PROGRAMS[program].department,
      sourceRecordId: `R-${i}`,
      program,
      beneficiaryKey: rnd.pick(keys),
      householdSourceId: household,
      regionCode: rnd.pick(COUNTIES),
      amount: '1.00',
      frequency: 'MONTHLY' as const,
      startDate: new Date('2026-01-01'),
      status: 'ACTIVE' as const,
      needCategory: rnd.pick(NEEDS),
      charityProgramCode: program === 'CHARITY_GRANT' ? `P-${rnd.pick([0, 1])}-${rnd.pick([0, 1, 2, 3])}` : null,
      sender: 'test',
    };
  });
  await prisma.assistanceRecord.createMany({ data: records });
  await prisma.expense.createMany({
    data: Array.from({ length: 30 }, (_, i) => ({
      department: 'HEALTHCARE_SECURITY' as const,
      sourceId: `E-${i}`,
      personKey: rnd.pick(keys),
      category: 'MEDICAL' as const,
      amount: '1.00',
      date: new Date('2026-01-01'),
      sender: 'test',
    })),
  });
  await prisma.finding.createMany({
    data: Array.from({ length: 80 }, (_, i) => {
      const rule = rnd.pick(RULES);
      return {
        findingKey: `F-${i}`,
        rule,
        kind: rule.startsWith('D') ? ('DUPLICATE' as const) : ('GAP' as const),
        regionCode: rnd.pick(COUNTIES),
        regionCodes: rnd.chance(0.5) ? [rnd.pick(COUNTIES)] : [],
        departments: [...new Set([rnd.pick(DEPARTMENTS), rnd.pick(DEPARTMENTS)])],
        asOf: new Date('2026-11-20'),
        firstFoundAsOf: new Date('2026-11-20'),
      };
    }),
  });
  await prisma.referral.createMany({
    data: Array.from({ length: 40 }, () => ({
      regionCode: rnd.pick(COUNTIES),
      toDepartment: rnd.pick(DEPARTMENTS),
      program: rnd.chance(0.3) ? null : rnd.pick(PROGRAM_NAMES),
      openedBy: 'test',
    })),
  });
}

function callers(): Caller[] {
  const out: Caller[] = [];
  const regionSets = [['51'], ['5101'], ['510104'], ['5113', '5134'], ['511302', '5101'], []];
  const roles: Role[] = ['OFFICER', 'SYSTEM', 'CASEWORKER', 'CHARITY', 'AUDITOR', 'ADMIN'];
  for (const role of roles) {
    for (const regions of regionSets) {
      for (const purpose of [null, 'case 2026-1']) {
        const departments: (Department | null)[] = role === 'OFFICER' || role === 'SYSTEM' ? ['CIVIL_AFFAIRS', 'DISABLED_PERSONS_FEDERATION'] : [null];
        for (const department of departments) {
          out.push({ sub: 'u', role, department, regions, org: role === 'CHARITY' ? 'ORG-A' : null, purpose });
        }
      }
    }
  }
  return out;
}

/** Each entity: its table, the key of a row, and how to load rows with the relations its rule reads. */
const PERSON_RELATIONS = { memberships: { include: { household: true } } } as const;
const TABLES: Record<Exclude<Entity, 'findingReview'>, { table: string; key: string; load: (p: TestDatabase['db']['prisma'], where?: object) => Promise<Record<string, unknown>[]> }> = {
  person: { table: 'person', key: 'personKey', load: (p, where) => p.person.findMany({ where, include: PERSON_RELATIONS }) },
  household: { table: 'household', key: 'sourceId', load: (p, where) => p.household.findMany({ where }) },
  record: {
    table: 'assistance_record',
    key: 'sourceRecordId',
    load: (p, where) =>
      p.assistanceRecord.findMany({
        where,
        include: {
          beneficiary: { include: PERSON_RELATIONS },
          household: { include: { members: { include: { person: { include: PERSON_RELATIONS } } } } },
          charityProgram: true,
        },
      }),
  },
  expense: { table: 'expense', key: 'sourceId', load: (p, where) => p.expense.findMany({ where, include: { person: { include: PERSON_RELATIONS } } }) },
  finding: { table: 'finding', key: 'findingKey', load: (p, where) => p.finding.findMany({ where }) },
  referral: { table: 'referral', key: 'id', load: (p, where) => p.referral.findMany({ where }) },
  charityProgram: { table: 'charity_program', key: 'code', load: (p, where) => p.charityProgram.findMany({ where }) },
};
const ENTITIES = Object.keys(TABLES) as (keyof typeof TABLES)[];

const keysOf = (rows: Record<string, unknown>[], key: string) => rows.map((r) => String(r[key])).sort();

describe.each(ENTITIES)('%s: the row rule picks the same rows in memory, through Prisma and in SQL', (entity) => {
  const { table, key, load } = TABLES[entity];

  test('for every kind of caller', async () => {
    const prisma = test_db.db.prisma;
    const all = await load(prisma);
    expect(all.length).toBeGreaterThan(5);
    let nonEmpty = 0;
    let partial = 0;
    for (const caller of callers()) {
      const condition: Condition = ROW_RULES[entity](caller);
      const inMemory = keysOf(all.filter((row) => matches(condition, row)), key);
      const viaPrisma = await prismaKeys(condition);
      const viaSql = await sqlKeys(condition);
      // Each rule has at least one database form, and every form it has agrees with memory.
      expect(viaPrisma ?? viaSql).not.toBeNull();
      if (viaPrisma) expect({ caller, viaPrisma }).toEqual({ caller, viaPrisma: inMemory });
      if (viaSql) expect({ caller, viaSql }).toEqual({ caller, viaSql: inMemory });
      if (inMemory.length > 0) nonEmpty++;
      if (inMemory.length > 0 && inMemory.length < all.length) partial++;
    }
    // Not vacuous: callers see something, and some see part of the rows only.
    expect(nonEmpty).toBeGreaterThan(0);
    expect(partial).toBeGreaterThan(0);

    async function prismaKeys(condition: Condition): Promise<string[] | null> {
      let where: object;
      try {
        where = toPrisma(condition, MODEL_OF[entity]);
      } catch (error) {
        if (error instanceof NotRenderable) return null;
        throw error;
      }
      return keysOf(await load(prisma, where), key);
    }

    async function sqlKeys(condition: Condition): Promise<string[] | null> {
      let where: Prisma.Sql;
      try {
        where = toSql(condition, 't', MODEL_OF[entity]);
      } catch (error) {
        if (error instanceof NotRenderable) return null;
        throw error;
      }
      const column = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
      const rows = await prisma.$queryRaw<{ k: unknown }[]>(
        Prisma.sql`SELECT ${Prisma.raw(`t.${column}`)} AS k FROM ${Prisma.raw(table)} t WHERE ${where}`,
      );
      return rows.map((r) => String(r.k)).sort();
    }
  });
});

test('the rules of findings, referrals and charity programs have an SQL form (their lists and sums are SQL)', () => {
  for (const caller of callers()) {
    for (const entity of ['finding', 'referral', 'charityProgram'] as const) expect(() => toSql(ROW_RULES[entity](caller), 't', MODEL_OF[entity])).not.toThrow();
  }
});

test('the rules of persons, households, records and expenses have an SQL form too (their relations as EXISTS), so the comparison above covers it', () => {
  for (const caller of callers()) {
    for (const entity of ['person', 'household', 'record', 'expense'] as const) expect(() => toSql(ROW_RULES[entity](caller), 't', MODEL_OF[entity])).not.toThrow();
  }
});

describe('records covering households and persons: the one statement of each answers as the Prisma queries it replaced', () => {
  /** The reference: the two Prisma statements the assistance subgraph used before (scope and listings, then records). */
  async function reference(caller: Caller, asked: string[], filter: RecordFilter | null, details: boolean) {
    const prisma = test_db.db.prisma;
    const households = await prisma.household.findMany({
      where: { AND: [{ sourceId: { in: asked } }, prismaWhere<Prisma.HouseholdWhereInput>(caller, 'household')] },
      select: { sourceId: true, members: { select: { personKey: true, person: { select: { memberships: { select: { householdSourceId: true } } } } } } },
    });
    const householdsOf = new Map<string, string[]>();
    const listed = new Map<string, string[]>();
    for (const { sourceId, members } of households) {
      for (const { personKey, person } of members) {
        householdsOf.set(personKey, [...(householdsOf.get(personKey) ?? []), sourceId]);
        for (const { householdSourceId } of person.memberships) listed.set(householdSourceId, [...new Set([...(listed.get(householdSourceId) ?? []), personKey])]);
      }
    }
    const sourceIds = households.map((h) => h.sourceId);
    const records = await referenceRecords(caller, filter, details, [
      { householdSourceId: { in: sourceIds } },
      ...throughPersons([...householdsOf.keys()], listed),
    ]);
    return records.map((record) => {
      const persons = HOUSEHOLD_LEVEL_PROGRAMS.includes(record.program) ? (listed.get(record.householdSourceId ?? '') ?? []) : [record.beneficiaryKey];
      const own = record.householdSourceId && sourceIds.includes(record.householdSourceId) ? [record.householdSourceId] : [];
      return { record, covers: [...new Set([...own, ...persons.flatMap((key) => householdsOf.get(key) ?? [])])].sort() };
    });
  }

  /** Records covering these persons: their own person-level records, and household-level records of the households listing them. */
  const throughPersons = (personKeys: string[], listed: Map<string, string[]>): Prisma.AssistanceRecordWhereInput[] => [
    { beneficiaryKey: { in: personKeys }, program: { notIn: HOUSEHOLD_LEVEL_PROGRAMS } },
    { householdSourceId: { in: [...listed.keys()] }, program: { in: HOUSEHOLD_LEVEL_PROGRAMS } },
  ];

  /** The references' record statement: any of `covering`, the caller's row rule and filter, in RECORD_ORDER. */
  function referenceRecords(caller: Caller, filter: RecordFilter | null, details: boolean, covering: Prisma.AssistanceRecordWhereInput[]) {
    return test_db.db.prisma.assistanceRecord.findMany({
      where: { AND: [recordWhere(filter), prismaWhere<Prisma.AssistanceRecordWhereInput>(caller, 'record'), { OR: covering }] },
      ...(details ? { include: WITH_DETAILS } : {}),
      orderBy: RECORD_ORDER,
    });
  }

  /** The reference for persons: the two Prisma statements Person.assistanceRecords used before. */
  async function referenceForPersons(caller: Caller, asked: string[], filter: RecordFilter | null, details: boolean) {
    const prisma = test_db.db.prisma;
    const persons = await prisma.person.findMany({
      where: { AND: [{ personKey: { in: asked } }, prismaWhere<Prisma.PersonWhereInput>(caller, 'person')] },
      select: { personKey: true, memberships: { select: { householdSourceId: true } } },
    });
    const listed = new Map<string, string[]>();
    for (const { personKey, memberships } of persons) {
      for (const { householdSourceId } of memberships) listed.set(householdSourceId, [...(listed.get(householdSourceId) ?? []), personKey]);
    }
    const records = await referenceRecords(caller, filter, details, throughPersons(persons.map((p) => p.personKey), listed));
    return records.map((record) => ({
      record,
      covers: [...new Set(HOUSEHOLD_LEVEL_PROGRAMS.includes(record.program) ? (listed.get(record.householdSourceId ?? '') ?? []) : [record.beneficiaryKey])].sort(),
    }));
  }

  beforeAll(async () => {
    // Detail rows for some records, with money and dates, so the joined details are compared too.
    const prisma = test_db.db.prisma;
    const records = await prisma.assistanceRecord.findMany({ orderBy: { id: 'asc' } });
    for (const r of records.filter((_, i) => i % 3 === 0)) {
      if (r.department === 'CIVIL_AFFAIRS') await prisma.civilAffairsRecordDetail.create({ data: { recordId: r.id, dibaoGrade: 2, assessedIncomePerCapita: '312.50' } });
      if (r.department === 'HEALTHCARE_SECURITY')
        await prisma.healthcareSecurityRecordDetail.create({ data: { recordId: r.id, hospitalName: 'H', billTotal: '1000.10', admissionDate: new Date('2026-02-01') } });
    }
  });

  const FILTERS: (RecordFilter | null)[] = [
    null,
    { programs: ['DIBAO', 'MEDICAL_ASSISTANCE'] },
    { departments: ['HOUSING', 'CHARITY'] },
    { statuses: ['ENDED'] },
    { activeOn: '2026-03-01' },
    { to: '2025-12-31' },
  ];

  test('for every kind of caller, filter and detail choice: the same records, in the same order, covering the same households or persons', async () => {
    const asked = ['HH-0', 'HH-3', 'HH-7', 'HH-11', 'HH-19', 'HH-none'];
    // Persons: the members of those households and one person who does not exist.
    const members = await test_db.db.prisma.householdMember.findMany({ where: { householdSourceId: { in: asked } } });
    const askedPersons = [...new Set(members.map((m) => m.personKey)), 'no-such-person'];
    const cases = [
      { keys: asked, filters: FILTERS, statement: coveringHouseholdsInOneStatement, expect: reference },
      { keys: askedPersons, filters: [null, FILTERS[1]!], statement: coveringPersonsInOneStatement, expect: referenceForPersons },
    ];
    let compared = 0;
    for (const { keys, filters, statement, expect: referenceOf } of cases) {
      for (const caller of callers()) {
        for (const filter of filters) {
          // Details joined or not, under no filter; the filters without them (they are independent in the statement).
          for (const details of filter === null ? [false, true] : [false]) {
            const expected = await referenceOf(caller, keys, filter, details);
            const got = (await statement(test_db.db.prisma, caller, keys, filter, details)).map((row) => ({ ...row, covers: [...row.covers].sort() }));
            expect({ caller, keys, filter, details, rows: got }).toEqual({ caller, keys, filter, details, rows: expected });
            compared += expected.length;
          }
        }
      }
    }
    // Not vacuous: many records were compared, some with a detail row.
    expect(compared).toBeGreaterThan(300);
    const withDetail = (await reference(callers().find((c) => c.role === 'ADMIN' && c.purpose)!, asked, null, true)).filter(
      (r) => (r.record as Record<string, unknown>).civilAffairs || (r.record as Record<string, unknown>).healthcareSecurity,
    );
    expect(withDetail.length).toBeGreaterThan(0);
  });
});
