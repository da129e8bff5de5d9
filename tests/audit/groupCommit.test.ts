// Audit appends are group-committed: many concurrent requests' entries go in
// few transactions, the chain stays one verifiable order, and a flush that
// cannot be written fails every request waiting on it (fail-closed).
import { appendAudit, verifyAuditChain } from '../../src/audit/log';
import type { Caller } from '../../src/access/callers';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

let db: TestDatabase;
const statements: string[] = [];
beforeAll(async () => {
  db = await createTestDatabase({ onStatement: (sql) => statements.push(sql) });
});
afterAll(() => db.drop());

const caller: Caller = { sub: 'officer-1', role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['5101'], org: null, purpose: 'case 2026-7' };
const read = (n: number) => [{ subject: { personKey: n.toString(16).padStart(64, '0') }, fields: ['Person.name'] }];
/** One flush takes the chain's lock once. */
const flushes = () => statements.filter((sql) => sql.includes('pg_advisory_xact_lock')).length;

test('200 concurrent appends are all written, in one chain that verifies, by far fewer flushes than appends', async () => {
  const prisma = db.db.prisma;
  statements.length = 0;
  await Promise.all(Array.from({ length: 200 }, (_, i) => appendAudit(prisma, caller, `request-${i}`, read(i))));
  expect(await prisma.auditEntry.count()).toBe(200);
  expect(flushes()).toBeGreaterThan(0);
  expect(flushes()).toBeLessThan(20);
  const chain = await verifyAuditChain(prisma);
  expect(chain).toEqual({ entries: 200, problems: [] });
});

test('an append resolves only once its entries are stored; an idle writer flushes at once', async () => {
  statements.length = 0;
  await appendAudit(db.db.prisma, caller, 'request-durable', read(9999));
  expect(flushes()).toBe(1);
  expect(await db.db.prisma.auditEntry.count({ where: { requestId: 'request-durable' } })).toBe(1);
});

test('when the log cannot be written, every request waiting on the flush fails (fail-closed)', async () => {
  // Closed, and on PostgreSQL dropped too: nothing to reconnect to.
  const gone = await createTestDatabase();
  await gone.drop();
  const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => appendAudit(gone.db.prisma, caller, `lost-${i}`, read(i))));
  expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
});
