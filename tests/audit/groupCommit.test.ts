// Audit appends are group-committed: many concurrent requests' entries go in
// few INSERTs, the chain stays one verifiable order (also with a second
// writer, as a replica would be), and a flush that cannot be written fails
// every request waiting on it (fail-closed).
import { appendAudit, verifyAuditChain } from '../../src/audit/log';
import type { Caller } from '../../src/access/callers';
import { PrismaClient } from '../../src/db/client/prisma/client';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

let db: TestDatabase;
const statements: string[] = [];
beforeAll(async () => {
  db = await createTestDatabase({ onStatement: (sql) => statements.push(sql) });
});
afterAll(() => db.drop());

const caller: Caller = { sub: 'officer-1', role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['5101'], org: null, purpose: 'case 2026-7' };
const read = (n: number) => [{ subject: { personKey: n.toString(16).padStart(64, '0') }, fields: ['Person.name'] }];
/** One flush is one INSERT of every entry it carries. */
const flushes = () => statements.filter((sql) => /^\s*INSERT INTO audit_entry\b/.test(sql)).length;

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

test('an append resolves only once its entries are stored; an idle writer that knows the head writes with one statement', async () => {
  statements.length = 0;
  await appendAudit(db.db.prisma, caller, 'request-durable', read(9999));
  expect(flushes()).toBe(1);
  expect(statements).toHaveLength(1);
  expect(await db.db.prisma.auditEntry.count({ where: { requestId: 'request-durable' } })).toBe(1);
});

test('two writers on one database (two replicas) keep one chain: the one whose head is stale re-reads it and chains after the other', async () => {
  // A second client on the same database is a second writer with its own idea of the head.
  const replica = new PrismaClient({ adapter: db.db.adapterFactory });
  try {
    const before = await db.db.prisma.auditEntry.count();
    await appendAudit(replica, caller, 'replica-1', read(1));
    // The first writer's head is now stale: its next append loses the race for it once, then succeeds.
    await appendAudit(db.db.prisma, caller, 'primary-1', read(2));
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => appendAudit(i % 2 ? replica : db.db.prisma, caller, `both-${i}`, read(i))),
    );
    expect(await db.db.prisma.auditEntry.count()).toBe(before + 42);
    expect(await verifyAuditChain(db.db.prisma)).toEqual({ entries: before + 42, problems: [] });
  } finally {
    await replica.$disconnect();
  }
});

test('when the log cannot be written, every request waiting on the flush fails (fail-closed)', async () => {
  // Closed, and on PostgreSQL dropped too: nothing to reconnect to.
  const gone = await createTestDatabase();
  await gone.drop();
  const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => appendAudit(gone.db.prisma, caller, `lost-${i}`, read(i))));
  expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
});
