// The full demo set (registry + every department's records): deterministic,
// consistent with the exchange rules, accepted whole by the real ingestion,
// and holding exactly the problems it plants for the hub's rules.
import {
  DEMO_AS_OF,
  generateDemoData,
  generateDemoDataSet,
  generateDemoRegistry,
  type DemoDataObject,
  type ExpenseObject,
  type HouseholdObject,
  type PersonObject,
  type RecordObject,
} from '../../src/demo';
import { ingest } from '../../src/ingest/service';
import { DEPARTMENT_VALUES, PROGRAMS } from '../../src/departments/programs';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { findings } from './rulesReading';

const { objects, planted } = generateDemoDataSet();
const records = objects.filter((o): o is RecordObject => o.type === 'record');
const households = objects.filter((o): o is HouseholdObject => o.type === 'household');
const persons = new Map(objects.filter((o): o is PersonObject => o.type === 'person').map((p) => [p.idNumber, p]));
const expenses = objects.filter((o): o is ExpenseObject => o.type === 'expense');

/** Departments with a record for the household itself or for one of its members. */
function departmentsOf(h: HouseholdObject): Set<string> {
  const ids = new Set(h.members.map((m) => m.idNumber));
  return new Set(records.filter((r) => r.householdSourceId === h.sourceId || ids.has(r.beneficiaryIdNumber)).map((r) => r.department));
}

describe('generateDemoData determinism and shape', () => {
  it('is identical for the same seed and differs for another', () => {
    expect(JSON.stringify(generateDemoData())).toBe(JSON.stringify(objects));
    expect(JSON.stringify(generateDemoData({ seed: 7, households: 60 }))).toBe(JSON.stringify(generateDemoData({ seed: 7, households: 60 })));
    expect(JSON.stringify(generateDemoData({ seed: 99 }))).not.toBe(JSON.stringify(objects));
  });

  it('starts with exactly the registry generateDemoRegistry gives', () => {
    const registry = generateDemoRegistry();
    expect(objects.slice(0, registry.length)).toEqual(registry);
  });

  it('copes with tiny data sets (problems are planted only where they fit)', () => {
    for (const households of [0, 1, 5, 12]) expect(() => generateDemoData({ households })).not.toThrow();
  });

  it('emits regions, standards, persons, households, charity programs, records, expenses in that order', () => {
    const order: DemoDataObject['type'][] = ['region', 'standard', 'person', 'household', 'charityProgram', 'record', 'expense'];
    const ranks = objects.map((o) => order.indexOf(o.type));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(expenses.length).toBeGreaterThanOrEqual(2);
  });

  it('has one to four records per household on average', () => {
    expect(records.length / households.length).toBeGreaterThan(1);
    expect(records.length / households.length).toBeLessThan(4);
  });
});

describe('generateDemoData records', () => {
  it('numbers records uniquely per department, e.g. CA-2026-000001', () => {
    const keys = records.map((r) => `${r.department}:${r.sourceRecordId}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const r of records) expect(r.sourceRecordId).toMatch(/^(CA|EDU|HOU|HS|HR|DPF|CH)-2026-\d{6}$/);
  });

  it('sends each program from its own department, household programs to the head', () => {
    const heads = new Map(households.map((h) => [h.sourceId, h.members.find((m) => m.relation === 'HEAD')!.idNumber]));
    for (const r of records) {
      expect(r.department).toBe(PROGRAMS[r.program].department);
      if (PROGRAMS[r.program].householdLevel) expect(r.beneficiaryIdNumber).toBe(heads.get(r.householdSourceId!));
    }
  });

  it('keeps amounts, periods and dates in shape', () => {
    for (const r of records) {
      expect(r.amount).toMatch(/^\d+\.\d{2}$/);
      if (r.frequency === 'ONE_OFF') expect(r.endDate).toBe(r.startDate);
      if (r.endDate !== null) expect(r.endDate >= r.startDate).toBe(true);
      expect(r.startDate <= DEMO_AS_OF).toBe(true);
    }
  });

  it('covers every department, with some records ended, cancelled and suspended', () => {
    expect(new Set(records.map((r) => r.department))).toEqual(new Set(DEPARTMENT_VALUES));
    for (const status of ['ACTIVE', 'ENDED', 'CANCELLED', 'SUSPENDED']) expect(records.some((r) => r.status === status)).toBe(true);
  });

  it('shows several households with records from at least four departments', () => {
    const rich = households.filter((h) => departmentsOf(h).size >= 4);
    expect(rich.length).toBeGreaterThanOrEqual(5);
  });

  it('gives disabled people their subsidies most of the time', () => {
    const disabled = [...persons.values()].filter((p) => p.disabilityGrade !== null);
    const served = disabled.filter((p) => records.some((r) => r.department === 'DISABLED_PERSONS_FEDERATION' && r.beneficiaryIdNumber === p.idNumber));
    expect(served.length / disabled.length).toBeGreaterThan(0.5);
  });
});

describe('generateDemoData planted problems', () => {
  const ruleCount = (rule: string): number => planted.filter((p) => p.rule === rule).length;

  it('plants a few of each kind', () => {
    const rules = ['D1', 'D2', 'D3', 'D4', 'D5', 'G1', 'G3', 'G4', 'G5', 'G7'];
    const outOfRange = rules.filter((rule) => ruleCount(rule) < 2 || ruleCount(rule) > 5);
    expect(outOfRange).toEqual([]);
    expect(ruleCount('D6')).toBeGreaterThanOrEqual(1);
    expect(ruleCount('G8')).toBe(1);
  });

  it('holds exactly the planted problems and no others (as of the extract date)', () => {
    const subject = (p: (typeof planted)[number]): string => (p.records.length > 0 ? p.records.join(' ') : p.idNumber ?? p.householdSourceId ?? '');
    const expected = planted.filter((p) => p.rule !== 'G8').map((p) => `${p.rule} ${subject(p)}`).sort();
    const found = findings(objects, DEMO_AS_OF).map((f) => `${f.rule} ${f.subject}`).sort();
    expect(found).toEqual(expected);
  });
});

describe('generateDemoData through the real ingestion', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(async () => {
    await test.drop();
  });

  it('stores every object, none rejected', async () => {
    const summary = await ingest(test.db.prisma, objects.map((input, i) => ({ position: i + 1, input })), {
      sender: { name: 'test', department: null },
      personKeyPepper: 'test-pepper',
    });
    if (summary.rejected > 0) {
      const first = summary.rejections.slice(0, 5).map((r) => ({ ...r, object: objects[r.position - 1] }));
      console.error('first rejections:', JSON.stringify(first, null, 2));
    }
    expect(summary.rejected).toBe(0);
    expect(summary.stored).toBe(objects.length);
    expect(await test.db.prisma.assistanceRecord.count()).toBe(records.length);
    expect(await test.db.prisma.expense.count()).toBe(expenses.length);
  }, 300_000);
});
