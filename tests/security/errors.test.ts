// Production mode: an internal failure reaches the caller as "internal error"
// with a request id, never with SQL or a stack trace; the caller's own
// mistakes still say what is wrong. And a runaway statement is cancelled.
import { onPostgres } from '../helpers/database';
import { startTestHub, type TestHub } from '../helpers/hub';

let hub: TestHub;
let admin: string;
beforeAll(async () => {
  hub = await startTestHub({ env: { NODE_ENV: 'production', HUB_STATEMENT_TIMEOUT_MS: '500' } });
  admin = await hub.token({ role: 'ADMIN', purpose: 'error test' });
});
afterAll(() => hub.stop());

test('a database failure is masked: no SQL, no stack, a request id instead', async () => {
  await hub.db.prisma.$executeRawUnsafe('ALTER TABLE region RENAME TO region_moved_away');
  try {
    const { body } = await hub.graphql(`{ regions(first: 1) { edges { node { code } } } }`, { token: admin });
    const [error] = body.errors!;
    expect(error).toMatchObject({ message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(error!.extensions!.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(body)).not.toMatch(/region_moved_away|SELECT|stacktrace|\.ts:/);
  } finally {
    await hub.db.prisma.$executeRawUnsafe('ALTER TABLE region_moved_away RENAME TO region');
  }
  const healed = await hub.graphql(`{ regions(first: 1) { totalCount } }`, { token: admin });
  expect(healed.body.errors).toBeUndefined();
});

test('the caller\'s own mistakes keep their message and code in production', async () => {
  const { body } = await hub.graphql(`{ personByIdNumber(idNumber: "123") { personKey } }`, { token: admin });
  expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'idNumber' } });
  expect(body.errors?.[0]?.message).toMatch(/18 characters/);
  expect(body.errors?.[0]?.extensions).not.toHaveProperty('stacktrace');
});

// Introspection in production (ADMIN only): requests.test.ts.

test('a statement running past the statement timeout is cancelled (PostgreSQL; PGlite keeps the setting but cannot cancel)', async () => {
  const [setting] = await hub.db.prisma.$queryRawUnsafe<{ statement_timeout: string }[]>('SHOW statement_timeout');
  expect(setting!.statement_timeout).toBe('500ms');
  if (!onPostgres) return; // PostgreSQL compiled to WebAssembly has no timer to interrupt a statement with.
  const started = Date.now();
  await expect(hub.db.prisma.$queryRawUnsafe('SELECT pg_sleep(5)::text')).rejects.toThrow(/statement timeout/);
  expect(Date.now() - started).toBeLessThan(4000);
});
