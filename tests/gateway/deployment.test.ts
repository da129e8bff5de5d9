// The hub as a province that outgrew one machine runs it: every subgraph a
// service of its own (`assist-hub serve --subgraph NAME`), the assistance
// subgraph in two replicas behind a balancer, all on one PostgreSQL (reached
// through a proxy the test can freeze), and two gateways in front: the hub's
// own (`assist-hub serve --subgraph-url …`) and Hive Gateway with the shipped
// deploy/hive-gateway config. Both answer alike and the subgraphs enforce
// the caller's scope, token and purpose themselves; a rolling restart of the
// replicas under load fails no request, a killed replica leaves the other
// serving, a frozen or dead registry costs only its fields, a frozen database
// fails requests fast with a code that says so, and every service recovers
// without restarting the gateways. PostgreSQL only: services of one graph
// share one database server.
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createLogger } from '../../src/lib/logger';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../src/subgraphs';
import { seedDemoIfEmpty } from '../../src/cli/seedDemo';
import { openMigratedDatabase } from '../../src/db/open';
import { mintToken } from '../../src/access/tokens';
import type { HubConfig } from '../../src/lib/config';
import { fastTestConfig, onPostgres, throwAwayDatabaseUrl } from '../helpers/database';
import { postGraphql, type GraphqlResponse } from '../helpers/hub';
import { freePort, startListening } from '../helpers/processes';
import { startTcpProxy, type TcpProxy } from '../helpers/tcpProxy';
import { startBalancer, type Balancer } from '../helpers/balancer';

const ROOT = path.join(__dirname, '../..');
const CLI = path.join(ROOT, 'bin/assist-hub.cjs');
const HIVE = path.join(ROOT, 'node_modules/.bin/hive-gateway');
// The gateways' fetch timeout: over a subgraph's own give-up time on a frozen database (the 1 s statement
// timeout plus the client's 5 s grace), so that the subgraph's DATABASE_UNAVAILABLE reaches the caller.
const TIMEOUT_MS = '8000';
const describeOnPostgres = onPostgres ? describe : describe.skip;

const HOUSEHOLD = `query Household($s: ID!) { household(sourceId: $s) {
  sourceId region { name } members { relation person { name } }
  assistanceRecords(first: 20) { edges { node { department program amount ... on CivilAffairsRecord { dibaoGrade } } } } } }`;
const RECORDS = `{ assistanceRecords(first: 5) { edges { node { amount beneficiary { name } region { name } } } } }`;

/** One service: a subgraph replica, or the hub's gateway. */
interface Service {
  port: number;
  child: ChildProcess;
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

describeOnPostgres('every subgraph a service, in replicas, behind the hub gateway and Hive Gateway', () => {
  let config: HubConfig;
  let drop: () => Promise<void>;
  let database: TcpProxy;
  let serviceEnv: NodeJS.ProcessEnv;
  const services = new Map<string, Service>();
  let balancer: Balancer;
  let hive: ChildProcess;
  let hiveUrl: string;
  let hubUrl: string;
  let admin: string;
  let household: string;

  async function serve(key: string, args: string[], port: number): Promise<Service> {
    const env = { ...process.env, ...serviceEnv, PORT: String(port) };
    const { child } = await startListening(process.execPath, [CLI, 'serve', ...args], { cwd: ROOT, env, listening: /listening on/ });
    const service = { port, child };
    services.set(key, service);
    return service;
  }
  const serveSubgraph = (key: string, name: SubgraphName, port: number) => serve(key, ['--subgraph', name], port);

  beforeAll(async () => {
    const throwAway = await throwAwayDatabaseUrl();
    drop = throwAway.drop;
    const real = new URL(throwAway.url!);
    database = await startTcpProxy({ host: real.hostname, port: Number(real.port || 5432) });
    const throughProxy = new URL(real);
    throughProxy.port = String(database.port);
    config = await fastTestConfig(real.toString());
    // Migrated and seeded once, before the services start: eleven processes migrating one database at once would race.
    const db = await openMigratedDatabase(config);
    await seedDemoIfEmpty(db.prisma, config, createLogger('silent'));
    await db.close();

    serviceEnv = {
      DATABASE_URL: throughProxy.toString(),
      HUB_JWT_SECRET: config.jwtSecret,
      HUB_ID_PEPPER: config.idPepper,
      HUB_FORWARDING_SECRET: 'deployment-test-forwarding-secret-0000000000',
      HUB_STATEMENT_TIMEOUT_MS: '1000',
      HUB_SUBGRAPH_TIMEOUT_MS: TIMEOUT_MS,
      LOG_LEVEL: 'warn',
    };
    const urls: Record<string, string> = {};
    const replicaPorts = [await freePort(), await freePort()];
    await Promise.all([
      ...SUBGRAPH_NAMES.filter((name) => name !== 'assistance').map(async (name) => {
        const { port } = await serveSubgraph(name, name, await freePort());
        urls[name] = `http://127.0.0.1:${port}/graphql`;
      }),
      ...replicaPorts.map((port, i) => serveSubgraph(`assistance-${i + 1}`, 'assistance', port)),
    ]);
    balancer = await startBalancer(replicaPorts);
    urls.assistance = `http://127.0.0.1:${balancer.port}/graphql`;

    const gatewayPort = await freePort();
    await serve('gateway', Object.entries(urls).flatMap(([name, url]) => ['--subgraph-url', `${name}=${url}`]), gatewayPort);
    hubUrl = `http://127.0.0.1:${gatewayPort}`;
    const hivePort = await freePort();
    hiveUrl = `http://127.0.0.1:${hivePort}`;
    const hiveEnv = {
      ...process.env,
      HUB_SUBGRAPH_URLS: Object.entries(urls).map(([name, url]) => `${name}=${url}`).join(','),
      HUB_SUBGRAPH_TIMEOUT_MS: TIMEOUT_MS,
      HUB_MAX_COST: '5000',
    };
    const hiveArgs = ['supergraph', '-c', 'deploy/hive-gateway/gateway.config.ts', '--host', '127.0.0.1', '--port', String(hivePort)];
    hive = (await startListening(HIVE, hiveArgs, { cwd: ROOT, env: hiveEnv, listening: /Listening on/ })).child;

    admin = await mintToken({ sub: 'ops', role: 'ADMIN', regions: ['51'], purpose: 'deployment test' }, config.jwtSecret);
    const list = await postGraphql(hubUrl, `{ households(first: 1) { edges { node { sourceId } } } }`, { token: admin });
    household = list.body.data!.households.edges[0].node.sourceId;
  });
  afterAll(async () => {
    hive?.kill('SIGKILL');
    for (const { child } of services.values()) child.kill('SIGKILL');
    await Promise.all([...services.values()].map(({ child }) => exited(child)));
    await balancer?.close();
    await database?.close();
    await drop?.();
  });

  const viaHive = (token?: string, query = HOUSEHOLD): Promise<GraphqlResponse> => postGraphql(hiveUrl, query, { token, variables: { s: household } });
  const viaHub = (token?: string, query = HOUSEHOLD): Promise<GraphqlResponse> => postGraphql(hubUrl, query, { token, variables: { s: household } });
  const viaBoth = (token?: string, query = HOUSEHOLD) => Promise.all([viaHive(token, query), viaHub(token, query)]);

  /** The household query through both gateways, four at a time, for as long as `work` runs: the answers that were not whole. */
  async function underLoad(work: () => Promise<void>): Promise<{ answered: number; failed: string[] }> {
    let running = true;
    let answered = 0;
    const failed: string[] = [];
    const client = async (ask: () => Promise<GraphqlResponse>) => {
      while (running) {
        const { status, body } = await ask().catch((error: Error) => ({ status: 0, body: { errors: [{ message: error.message }] } }) as GraphqlResponse);
        answered++;
        if (status !== 200 || body.errors) failed.push(`${status} ${JSON.stringify(body.errors)}`);
      }
    };
    const clients = [viaHive, viaHub, viaHive, viaHub].map((via) => client(() => via(admin)));
    try {
      await work();
    } finally {
      running = false;
      await Promise.all(clients);
    }
    return { answered, failed };
  }

  test('the household query answers the same through Hive Gateway as through the hub gateway; /readyz lists every subgraph', async () => {
    const [hive, hub] = await viaBoth(admin);
    expect(hive.body.errors).toBeUndefined();
    expect(hub.body.errors).toBeUndefined();
    expect(hive.body.data!.household.assistanceRecords.edges.length).toBeGreaterThan(0);
    expect(hive.body.data).toEqual(hub.body.data);
    const ready = await (await fetch(`${hubUrl}/readyz`)).json();
    expect(ready).toMatchObject({ ready: true, subgraphs: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, 'ok'])) });
  });

  test('through either gateway the subgraphs apply the caller\'s scope and purpose, and refuse a missing or bad token', async () => {
    const outside = await mintToken({ sub: 'far', role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['5134'] }, config.jwtSecret);
    const noPurpose = await mintToken({ sub: 'near', role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['51'] }, config.jwtSecret);
    const forged = await mintToken({ sub: 'x', role: 'ADMIN', regions: ['51'] }, 'another-secret-of-sufficient-length-000000');
    for (const via of [viaHive, viaHub]) {
      expect((await via(outside)).body.data).toEqual({ household: null });
      const unnamed = await via(noPurpose);
      expect(unnamed.body.data!.household.members.length).toBeGreaterThan(0);
      for (const member of unnamed.body.data!.household.members) expect(member.person.name).toBeNull();
      expect(unnamed.body.errors?.some((e) => e.extensions?.reason === 'PURPOSE_MISSING')).toBe(true);
      for (const token of [undefined, forged]) {
        const refused = await via(token);
        expect(refused.body.data?.household ?? null).toBeNull();
        expect(refused.body.errors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED')).toBe(true);
      }
    }
  });

  test('Hive Gateway refuses an operation over the cost limit (HUB_MAX_COST) before any subgraph runs it', async () => {
    const page = 'households(first: 100) { edges { node { members { person { name } } assistanceRecords(first: 100) { edges { node { amount } } } } } }';
    // Hive counts its own way (composite types 1, scalars 0, lists by their @listSize): about 7,200 here, over the 5,000 set.
    const costly = `{ ${['a', 'b', 'c', 'd', 'e'].map((alias) => `${alias}: ${page}`).join(' ')} }`;
    const { body } = await viaHive(admin, costly);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('COST_ESTIMATED_TOO_EXPENSIVE');
  });

  test('a rolling restart of the assistance replicas under load (SIGTERM, wait, start again, one at a time) fails no request', async () => {
    const before = [...balancer.taken.values()];
    const { answered, failed } = await underLoad(async () => {
      for (const key of ['assistance-1', 'assistance-2']) {
        const replica = services.get(key)!;
        replica.child.kill('SIGTERM');
        expect(await exited(replica.child)).toBe(0);
        await serveSubgraph(key, 'assistance', replica.port);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    });
    expect(failed).toEqual([]);
    expect(answered).toBeGreaterThan(20);
    // Both replicas served, before and after their restart.
    [...balancer.taken.values()].forEach((taken, i) => expect(taken).toBeGreaterThan(before[i]!));
  });

  test('a replica killed under load (SIGKILL) leaves the other serving every request after it', async () => {
    const replica = services.get('assistance-1')!;
    const { failed } = await underLoad(async () => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      replica.child.kill('SIGKILL');
      await exited(replica.child);
    });
    // Only a request the killed replica was answering may fail.
    expect(failed.length).toBeLessThanOrEqual(4);
    const after = await underLoad(() => new Promise((resolve) => setTimeout(resolve, 1_000)));
    expect(after.failed).toEqual([]);
    expect(after.answered).toBeGreaterThan(4);
    await serveSubgraph('assistance-1', 'assistance', replica.port);
  });

  test('a frozen registry costs its fields within the timeout, through both gateways; thawed, full answers return', async () => {
    const registry = services.get('registry')!.child;
    registry.kill('SIGSTOP');
    try {
      const started = Date.now();
      const [hive, hub] = await viaBoth(admin);
      expect(Date.now() - started).toBeLessThan(Number(TIMEOUT_MS) + 4_000);
      expect(hive.body.errors?.length).toBeGreaterThan(0);
      expect(hub.body.errors?.some((e) => e.extensions?.code === 'SUBGRAPH_TIMEOUT')).toBe(true);
    } finally {
      registry.kill('SIGCONT');
    }
    for (const answer of await viaBoth(admin)) expect(answer.body.errors).toBeUndefined();
  });

  test('a killed registry leaves both gateways up and costs only its fields (records come without their people); started again, full answers return without restarting them', async () => {
    const registry = services.get('registry')!;
    registry.child.kill('SIGKILL');
    await exited(registry.child);
    const [hive, hub] = await viaBoth(admin);
    expect(hive.status).toBeLessThan(500);
    expect(hive.body.errors?.length).toBeGreaterThan(0);
    expect(hub.body.errors?.some((e) => e.extensions?.code === 'SUBGRAPH_UNAVAILABLE')).toBe(true);
    const ready = await (await fetch(`${hubUrl}/readyz`)).json();
    expect(ready).toMatchObject({ ready: true, subgraphs: { registry: 'unreachable', assistance: 'ok' }, degraded: true });
    for (const partial of await viaBoth(admin, RECORDS)) {
      expect(partial.body.errors?.length).toBeGreaterThan(0);
      const nodes = partial.body.data!.assistanceRecords.edges.map((e: { node: any }) => e.node);
      expect(nodes).toHaveLength(5);
      for (const node of nodes) {
        expect(node.amount).toMatch(/^\d+\.\d{2}$/);
        // Person.name is nullable itself: a gateway may keep the beneficiary's key and null its name.
        expect(node.beneficiary?.name ?? null).toBeNull();
        expect(node.region).toBeNull();
      }
    }

    await serveSubgraph('registry', 'registry', registry.port);
    const [hiveBack, hubBack] = await viaBoth(admin);
    expect(hiveBack.body.errors).toBeUndefined();
    expect(hubBack.body.errors).toBeUndefined();
    expect(hiveBack.body.data).toEqual(hubBack.body.data);
  });

  test('a frozen database fails requests through both gateways within seconds, with DATABASE_UNAVAILABLE; thawed, they answer again by themselves', async () => {
    database.freeze();
    try {
      const started = Date.now();
      const [hive, hub] = await viaBoth(admin);
      // The statement timeout (1 s) plus the client's grace (5 s), not as long as the freeze.
      expect(Date.now() - started).toBeLessThan(12_000);
      for (const answer of [hive, hub]) {
        expect(answer.body.data?.household ?? null).toBeNull();
        expect(answer.body.errors?.some((e) => e.extensions?.code === 'DATABASE_UNAVAILABLE')).toBe(true);
      }
    } finally {
      database.restore();
    }
    for (let i = 0; ; i++) {
      const answers = await viaBoth(admin);
      if (answers.every((a) => a.status === 200 && !a.body.errors)) break;
      if (i === 50) throw new Error(`no whole answer within 10 s of the database coming back: ${JSON.stringify(answers.map((a) => a.body.errors))}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
});
