// Migrations are Prisma's own format, applied offline by the WebAssembly schema engine.
import { applyMigrations, diffMigrationsToSchema, readMigrations } from '../../src/db/migrate';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

let test_: TestDatabase;
beforeAll(async () => {
  test_ = await createTestDatabase();
});
afterAll(() => test_.drop());

test('the migrations in prisma/migrations produce exactly the Prisma schema (no drift)', async () => {
  expect(await diffMigrationsToSchema()).toBe('');
});

test('a schema change without a migration is reported as drift', async () => {
  const { readSchemaFiles } = await import('../../src/db/migrate');
  const files = readSchemaFiles().map((f) =>
    f.path.endsWith('registry.prisma') ? { ...f, content: f.content.replace('township               String?', 'township               String?\n  nickname String?') } : f,
  );
  const diff = await diffMigrationsToSchema(undefined, files);
  expect(diff).toMatch(/ALTER TABLE "household" ADD COLUMN\s+"nickname" TEXT/);
});

test('every migration is recorded in _prisma_migrations, and applying again is a no-op', async () => {
  const expected = readMigrations().migrationDirectories.map((d) => d.path);
  const rows = await test_.db.prisma.$queryRawUnsafe<{ migration_name: string; checksum: string }[]>(
    'SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name',
  );
  expect(rows.map((r) => r.migration_name)).toEqual(expected);
  expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);
  expect(await applyMigrations(test_.db.adapterFactory)).toEqual([]);
  const after = await test_.db.prisma.$queryRawUnsafe<{ n: bigint }[]>('SELECT count(*) AS n FROM _prisma_migrations');
  expect(Number(after[0]!.n)).toBe(expected.length);
});
