// Storing a large run stays a few statements (src/detection/store.ts): findings go
// in chunks of INSERT ... ON CONFLICT, the vanished ones are resolved in one
// UPDATE, whatever their number. Statements are counted at the driver adapter.
import { openMigratedDatabase, type OpenedDatabase } from '../../src/db/open';
import type { DetectedFinding } from '../../src/detection/finding';
import { storeRun } from '../../src/detection/store';
import { testConfig, throwAwayDatabaseUrl } from '../helpers/database';

const MANY = 12_000;
let db: OpenedDatabase;
let drop: () => Promise<void>;
let statements: string[] = []; // SQL sent through the adapter (BEGIN/COMMIT are not counted)

/** The n-th made-up D2 finding: two DIBAO records of one person in two counties. */
function finding(n: number, overpayment = '1200.00'): DetectedFinding {
  const records = [`CIVIL_AFFAIRS:CA-${String(n).padStart(6, '0')}-A`, `CIVIL_AFFAIRS:CA-${String(n).padStart(6, '0')}-B`];
  return {
    findingKey: ['D2', ...records].join('|'), kind: 'DUPLICATE', rule: 'D2', personKey: n.toString(16).padStart(64, '0'),
    householdSourceId: `HH-${n}`, regionCode: '510104', regionCodes: ['510104', '510105'], area: null, records, overpayment,
    suggestedPrograms: [], departments: ['CIVIL_AFFAIRS'],
  };
}
const findings = Array.from({ length: MANY }, (_, i) => finding(i + 1));

async function store(asOf: string, stored: DetectedFinding[]) {
  const run = await db.prisma.detectionRun.create({ data: { asOf: new Date(`${asOf}T00:00:00Z`), rules: ['D2'], startedBy: 'test' } });
  statements = [];
  const result = await storeRun(db.prisma, { runId: run.id, asOf, rules: ['D2'], findings: stored });
  // The writes to `finding`; the adapters add a bookkeeping statement or two of their own around them.
  return { ...result, statements: statements.filter((sql) => /\bfinding\b/.test(sql)).length, all: statements.length };
}

beforeAll(async () => {
  const database = await throwAwayDatabaseUrl();
  drop = database.drop;
  db = await openMigratedDatabase(testConfig(database.url), { onStatement: (sql) => statements.push(sql) });
});
afterAll(async () => {
  await db.close();
  await drop();
});

describe('storing a detection run', () => {
  it(`stores ${MANY} new findings in a handful of statements, all OPEN and current`, async () => {
    const { statements: count, all } = await store('2026-06-30', findings);
    // one UPDATE resolving and ceil(12000 / 5000) = 3 INSERTs, whatever the number of findings
    expect(count).toBe(4);
    expect(all).toBeLessThanOrEqual(8);
    expect(await db.prisma.finding.count({ where: { status: 'OPEN', current: true } })).toBe(MANY);
  });

  it('a second run of the same size, a thousand gone and one changed, is as few statements', async () => {
    const again = findings.slice(1000).map((f, i) => (i === 0 ? { ...f, overpayment: '1300.00' } : f));
    const { statements: count, all, resolved } = await store('2026-07-31', again);
    expect(count).toBe(4);
    expect(all).toBeLessThanOrEqual(8);
    expect(resolved).toBe(1000);
    expect(await db.prisma.finding.count({ where: { status: 'RESOLVED', current: false } })).toBe(1000);
    expect(await db.prisma.finding.count({ where: { status: 'OPEN', current: true } })).toBe(MANY - 1000);
    const changed = await db.prisma.finding.findUniqueOrThrow({ where: { findingKey: again[0]!.findingKey } });
    expect(String(changed.overpayment)).toBe('1300');
  });
});
