// The subgraphs as services behind a standard Federation gateway: Hive Gateway
// (@graphql-hive/gateway) run with the shipped deploy/hive-gateway config, and
// the hub's own gateway beside it, on one PostgreSQL. The registry subgraph is
// a process of its own (`assist-hub serve --subgraph registry`), so that it
// can be frozen (SIGSTOP), killed and started again; the other nine are
// servers in this process. Both gateways answer alike, the subgraphs enforce
// the caller's scope and refuse bad tokens themselves, and a frozen or dead
// registry costs its fields, never the gateway. PostgreSQL only: services of
// one graph share one database server.
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createLogger } from '../../src/lib/logger';
import { startHub, type RunningHub } from '../../src/server/hub';
import { SUBGRAPH_NAMES } from '../../src/subgraphs';
import { seedDemoIfEmpty } from '../../src/cli/seedDemo';
import { mintToken } from '../../src/access/tokens';
import type { HubConfig } from '../../src/lib/config';
import { fastTestConfig, onPostgres, throwAwayDatabaseUrl } from '../helpers/database';
import { postGraphql, type GraphqlResponse } from '../helpers/hub';
import { freePort, startListening } from '../helpers/processes';

const ROOT = path.join(__dirname, '../..');
const CLI = path.join(ROOT, 'bin/assist-hub.cjs');
const HIVE = path.join(ROOT, 'node_modules/.bin/hive-gateway');
const TIMEOUT_MS = '2000';
const describeOnPostgres = onPostgres ? describe : describe.skip;

const HOUSEHOLD = `query Household($s: ID!) { household(sourceId: $s) {
  sourceId region { name } members { relation person { name } }
  assistanceRecords(first: 20) { edges { node { department program amount ... on CivilAffairsRecord { dibaoGrade } } } } } }`;

/** Starts a child process and waits until its output says it listens. */
async function started(command: string, args: string[], env: NodeJS.ProcessEnv, listening: RegExp): Promise<ChildProcess> {
  return (await startListening(command, args, { cwd: ROOT, env: { ...process.env, ...env }, listening })).child;
}

describeOnPostgres('Hive Gateway and the hub gateway in front of subgraphs served alone', () => {
  let config: HubConfig;
  let drop: () => Promise<void>;
  let databaseUrl: string;
  const inProcess: RunningHub[] = [];
  let registry: ChildProcess;
  let registryPort: number;
  let hive: ChildProcess;
  let hiveUrl: string;
  let hubGateway: RunningHub;
  let admin: string;
  let household: string;

  const registryEnv = () => ({ DATABASE_URL: databaseUrl, PORT: String(registryPort), HUB_JWT_SECRET: config.jwtSecret, HUB_ID_PEPPER: config.idPepper, LOG_LEVEL: 'warn' });
  const startRegistry = () => started(process.execPath, [CLI, 'serve', '--subgraph', 'registry'], registryEnv(), /listening on/);

  beforeAll(async () => {
    const database = await throwAwayDatabaseUrl();
    databaseUrl = database.url!;
    drop = database.drop;
    config = await fastTestConfig(databaseUrl, { HUB_SUBGRAPH_TIMEOUT_MS: TIMEOUT_MS });
    const logger = createLogger('silent');
    const urls: Record<string, string> = {};
    for (const name of SUBGRAPH_NAMES.filter((n) => n !== 'registry')) {
      const hub = await startHub({ config, logger, mode: { kind: 'subgraph', name }, prepareDatabase: name === 'assistance' ? (db) => seedDemoIfEmpty(db.prisma, config, logger) : undefined });
      inProcess.push(hub);
      urls[name] = `${hub.url}/graphql`;
    }
    registryPort = await freePort();
    registry = await startRegistry();
    urls.registry = `http://127.0.0.1:${registryPort}/graphql`;

    const hivePort = await freePort();
    hiveUrl = `http://127.0.0.1:${hivePort}`;
    const subgraphUrls = Object.entries(urls).map(([name, url]) => `${name}=${url}`).join(',');
    hive = await started(HIVE, ['supergraph', '-c', 'deploy/hive-gateway/gateway.config.ts', '--host', '127.0.0.1', '--port', String(hivePort)], {
      HUB_SUBGRAPH_URLS: subgraphUrls,
      HUB_SUBGRAPH_TIMEOUT_MS: TIMEOUT_MS,
      HUB_MAX_COST: '5000',
    }, /Listening on/);
    hubGateway = await startHub({ config, logger, mode: { kind: 'gateway', remotes: urls } });
    admin = await mintToken({ sub: 'ops', role: 'ADMIN', regions: ['51'], purpose: 'two gateways test' }, config.jwtSecret);
    const list = await postGraphql(hubGateway.url, `{ households(first: 1) { edges { node { sourceId } } } }`, { token: admin });
    household = list.body.data!.households.edges[0].node.sourceId;
  });
  afterAll(async () => {
    hive?.kill('SIGKILL');
    registry?.kill('SIGKILL');
    await hubGateway?.close();
    for (const hub of inProcess) await hub.close();
    await drop?.();
  });

  const viaHive = (token?: string, query = HOUSEHOLD): Promise<GraphqlResponse> => postGraphql(hiveUrl, query, { token, variables: { s: household } });
  const viaHub = (token?: string, query = HOUSEHOLD): Promise<GraphqlResponse> => postGraphql(hubGateway.url, query, { token, variables: { s: household } });

  test('the household query answers the same through Hive Gateway as through the hub gateway', async () => {
    const [hive, hub] = await Promise.all([viaHive(admin), viaHub(admin)]);
    expect(hive.body.errors).toBeUndefined();
    expect(hub.body.errors).toBeUndefined();
    expect(hive.body.data!.household.assistanceRecords.edges.length).toBeGreaterThan(0);
    expect(hive.body.data).toEqual(hub.body.data);
  });

  test('through Hive Gateway the subgraphs apply the caller\'s scope and refuse a missing or bad token', async () => {
    const outside = await mintToken({ sub: 'far', role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['5134'] }, config.jwtSecret);
    expect((await viaHive(outside)).body.data).toEqual({ household: null });
    const missing = await viaHive(undefined);
    expect(missing.body.data?.household ?? null).toBeNull();
    expect(missing.body.errors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED')).toBe(true);
    const forged = await mintToken({ sub: 'x', role: 'ADMIN', regions: ['51'] }, 'another-secret-of-sufficient-length-000000');
    expect((await viaHive(forged)).body.errors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED')).toBe(true);
  });

  test('Hive Gateway refuses an operation over the cost limit (HUB_MAX_COST) before any subgraph runs it', async () => {
    const page = 'households(first: 100) { edges { node { members { person { name } } assistanceRecords(first: 100) { edges { node { amount } } } } } }';
    // Hive counts its own way (composite types 1, scalars 0, lists by their @listSize): about 7,200 here, over the 5,000 set.
    const costly = `{ ${['a', 'b', 'c', 'd', 'e'].map((alias) => `${alias}: ${page}`).join(' ')} }`;
    const { body } = await viaHive(admin, costly);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('COST_ESTIMATED_TOO_EXPENSIVE');
  });

  test('a frozen registry costs its fields within the timeout, through both gateways; thawed, full answers return', async () => {
    registry.kill('SIGSTOP');
    try {
      const started = Date.now();
      const [hive, hub] = await Promise.all([viaHive(admin), viaHub(admin)]);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(hive.body.errors?.length).toBeGreaterThan(0);
      expect(hub.body.errors?.some((e) => e.extensions?.code === 'SUBGRAPH_TIMEOUT')).toBe(true);
    } finally {
      registry.kill('SIGCONT');
    }
    expect((await viaHive(admin)).body.errors).toBeUndefined();
    expect((await viaHub(admin)).body.errors).toBeUndefined();
  });

  test('a killed registry leaves both gateways up; started again, full answers return without restarting them', async () => {
    registry.kill('SIGKILL');
    await new Promise((resolve) => registry.once('exit', resolve));
    const [hive, hub] = await Promise.all([viaHive(admin), viaHub(admin)]);
    expect(hive.status).toBeLessThan(500);
    expect(hive.body.errors?.length).toBeGreaterThan(0);
    expect(hub.body.errors?.some((e) => e.extensions?.code === 'SUBGRAPH_UNAVAILABLE')).toBe(true);
    const ready = await (await fetch(`${hubGateway.url}/readyz`)).json();
    expect(ready).toMatchObject({ ready: true, subgraphs: { registry: 'unreachable' }, degraded: true });

    registry = await startRegistry();
    const [hiveBack, hubBack] = await Promise.all([viaHive(admin), viaHub(admin)]);
    expect(hiveBack.body.errors).toBeUndefined();
    expect(hubBack.body.errors).toBeUndefined();
    expect(hiveBack.body.data).toEqual(hubBack.body.data);
  });
});
