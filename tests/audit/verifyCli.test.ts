// `assist-hub audit verify`, the real command: exit 0 on an intact chain, 1
// naming the entry that was edited.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appendAudit } from '../../src/audit/log';
import { openMigratedDatabase } from '../../src/db/open';
import { testConfig, throwAwayDatabaseUrl } from '../helpers/database';

const REPO = path.resolve(__dirname, '../..');
let dataDir: string;
let databaseUrl: string | undefined;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ url: databaseUrl, drop } = await throwAwayDatabaseUrl());
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-cli-'));
});
afterAll(async () => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  await drop();
});

const env = () => ({
  ...process.env,
  HUB_ID_PEPPER: 'test-pepper',
  HUB_JWT_SECRET: 'test-jwt-secret-that-is-long-enough-for-hs256',
  ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { HUB_DATA_DIR: dataDir, DATABASE_URL: '' }),
});

function verify(): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile('node', ['bin/assist-hub.cjs', 'audit', 'verify'], { cwd: REPO, env: env(), timeout: 120_000 }, (error, stdout) =>
      resolve({ code: error ? Number((error as NodeJS.ErrnoException & { code?: number }).code ?? 1) : 0, stdout }),
    );
  });
}

/** Opens the same database the command will use (and closes it: the embedded one is locked while open). */
async function withDatabase(work: (db: Awaited<ReturnType<typeof openMigratedDatabase>>) => Promise<void>) {
  const config = testConfig(databaseUrl, databaseUrl ? {} : { HUB_DATA_DIR: dataDir });
  const db = await openMigratedDatabase(config);
  try {
    await work(db);
  } finally {
    await db.close();
  }
}

test('an intact chain verifies with exit 0; an edited entry makes it exit 1 and is named', async () => {
  await withDatabase(async (db) => {
    const caller = { sub: 'officer-wang', role: 'OFFICER' as const, department: null, regions: ['51'], org: null, purpose: 'case 9' };
    for (const request of ['r1', 'r2', 'r3']) {
      await appendAudit(db.prisma, caller, request, [{ subject: { personKey: request.padEnd(64, '0') }, fields: ['Person.name'] }]);
    }
  });
  const intact = await verify();
  expect(intact).toEqual({ code: 0, stdout: 'audit chain intact: 3 entries\n' });

  let edited = '';
  await withDatabase(async (db) => {
    const [, second] = await db.prisma.auditEntry.findMany({ orderBy: { id: 'asc' } });
    edited = second!.id.toString();
    await db.prisma.$executeRawUnsafe('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only');
    await db.prisma.$executeRawUnsafe(`UPDATE audit_entry SET sub = 'someone-else' WHERE id = ${edited}`);
    await db.prisma.$executeRawUnsafe('ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only');
  });
  const broken = await verify();
  expect(broken.code).toBe(1);
  expect(broken.stdout).toContain(`EDITED: entry ${edited} was edited`);
  expect(broken.stdout).toContain('audit chain broken: 1 problem(s) in 3 entries');
});
