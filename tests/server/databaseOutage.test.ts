// PostgreSQL frozen (as with SIGSTOP) or gone, behind a TCP proxy the test
// controls: requests and /readyz fail fast with a code that says so (HTTP
// 503, DATABASE_UNAVAILABLE), not "internal error" after waiting as long as
// the freeze lasts; when the database is back, the hub answers again by
// itself; connections the server ends are replaced without ending the process.
// On the embedded database there is no server to lose: PostgreSQL only.
import { createLogger } from '../../src/lib/logger';
import { startHub, type RunningHub } from '../../src/server/hub';
import { mintToken } from '../../src/access/tokens';
import { fastTestConfig, onPostgres, throwAwayDatabaseUrl } from '../helpers/database';
import { postGraphql } from '../helpers/hub';
import { startTcpProxy, type TcpProxy } from '../helpers/tcpProxy';
import { Client } from 'pg';

const QUERY = `{ regions(first: 1) { totalCount } }`;
const describeOnPostgres = onPostgres ? describe : describe.skip;

describeOnPostgres('the database frozen or gone', () => {
  let proxy: TcpProxy;
  let hub: RunningHub;
  let drop: () => Promise<void>;
  let token: string;
  let databaseName: string;

  beforeAll(async () => {
    const database = await throwAwayDatabaseUrl();
    drop = database.drop;
    const real = new URL(database.url!);
    databaseName = real.pathname.slice(1);
    proxy = await startTcpProxy({ host: real.hostname, port: Number(real.port || 5432) });
    const throughProxy = new URL(real);
    throughProxy.port = String(proxy.port);
    const config = await fastTestConfig(throughProxy.toString(), { HUB_STATEMENT_TIMEOUT_MS: '1000' });
    hub = await startHub({ config, logger: createLogger('silent') });
    token = await mintToken({ sub: 'ops', role: 'ADMIN', regions: ['51'], purpose: 'outage test' }, config.jwtSecret);
  });
  afterAll(async () => {
    await hub?.close();
    await proxy?.close();
    await drop?.();
  });

  const ask = () => postGraphql(hub.url, QUERY, { token });

  async function expectUnavailable(withinMs: number) {
    const started = Date.now();
    const { status, body } = await ask();
    expect(Date.now() - started).toBeLessThan(withinMs);
    expect(status).toBe(503);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    const ready = await fetch(`${hub.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ready: false, database: 'unreachable' });
    expect(Date.now() - started).toBeLessThan(2 * withinMs);
  }

  async function expectBack() {
    for (let i = 0; i < 50; i++) {
      const { status, body } = await ask();
      if (status === 200 && !body.errors) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error('the hub did not answer again within 10 s of the database coming back');
  }

  test('answers while the database answers', async () => {
    const { status, body } = await ask();
    expect(status).toBe(200);
    expect(body.data).toEqual({ regions: { totalCount: 0 } });
  });

  test('frozen: 503 DATABASE_UNAVAILABLE within seconds, and answers again once it thaws', async () => {
    proxy.freeze();
    try {
      // The statement timeout (1 s) plus the client's grace (5 s), and the same again for /readyz.
      await expectUnavailable(9_000);
    } finally {
      proxy.restore();
    }
    await expectBack();
  });

  test('gone: 503 DATABASE_UNAVAILABLE at once, and answers again once it is back', async () => {
    proxy.cut();
    try {
      await expectUnavailable(3_000);
    } finally {
      proxy.restore();
    }
    await expectBack();
  });

  test('connections the server ends (a restart, an administrator) are counted and replaced: the process lives on and answers', async () => {
    expect((await ask()).status).toBe(200);
    const lostBefore = await lostConnections();
    const admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ ended: boolean }>(
        'SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [databaseName],
      );
      expect(rows.length).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    await expectBack();
    expect(await lostConnections()).toBeGreaterThan(lostBefore);
  });

  async function lostConnections(): Promise<number> {
    const text = await (await fetch(`${hub.url}/metrics`)).text();
    return Number(/^assist_hub_db_connections_lost_total (\S+)$/m.exec(text)?.[1] ?? 'NaN');
  }
});
