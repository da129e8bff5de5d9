// Bulk rows (src/db/rows.ts) reach the database exactly as given: their JSON
// goes to the driver by reference (src/db/heldParameters.ts), past Prisma's
// own copying of raw parameters, on PGlite and PostgreSQL alike.
import { upsertRows } from '../../src/db/rows';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
}, 120_000);
afterAll(async () => t?.drop());

const awkward = ['quotes " and \\ backslashes', '最低生活保障 · 特困', 'line\nbreak\ttab', '\u0001 control', '😀 astral'];

test('rows with quotes, backslashes, Chinese, control characters and astral symbols are stored as sent, in one statement, inside a transaction', async () => {
  const rows = awkward.map((text, i) => ({
    entityType: 'test',
    entityKey: `held-${i}`,
    action: 'CREATED',
    sender: text,
    previous: null,
    current: { text, nested: { text } },
  }));
  await t.db.prisma.$transaction((tx) => upsertRows(tx, 'ChangeEvent', rows, { key: [], update: [] }));
  const stored = await t.db.prisma.changeEvent.findMany({ where: { entityType: 'test' }, orderBy: { id: 'asc' } });
  expect(stored.map((row) => [row.entityKey, row.sender, row.current])).toEqual(rows.map((row) => [row.entityKey, row.sender, row.current]));
});

test('a statement that fails passes its error on and leaves nothing of its rows', async () => {
  const rows = [{ entityType: 'test-fail', entityKey: 'a', action: 'NOT_AN_ACTION', sender: 's', previous: null, current: {} }];
  await expect(t.db.prisma.$transaction((tx) => upsertRows(tx, 'ChangeEvent', rows, { key: [], update: [] }))).rejects.toThrow(/NOT_AN_ACTION|enum/);
  expect(await t.db.prisma.changeEvent.count({ where: { entityType: 'test-fail' } })).toBe(0);
});
