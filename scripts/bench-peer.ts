// `npm run bench:peer -- [--background 1500] [--seed 20260101] [--as-of 2026-06-30] [--seconds 20] [--rounds 3]
//                        [--connections 32] [--seq-seconds 5] [--warmup 3] [--check 50] [--refill] [--keep]`
//
// The hub against a peer on the same data (GitHub issue 11): numbers, not
// assertions; not part of `npm test`. Needs a PostgreSQL server on this
// machine (DATABASE_URL's server, default postgresql://postgres@127.0.0.1:5432/postgres)
// and dist/ built (npm install or npm run build).
//
// 1. Fill: `assist-hub generate` (fixed seed, as-of date, --background clean
//    households besides the ~166 planted ones), `migrate` + `import --no-check`
//    into a new database, VACUUM ANALYZE, kept as a template database named
//    after the generator's arguments and a hash of the generated file, the
//    migrations and the pepper. Later runs with the same arguments clone it
//    (CREATE DATABASE ... TEMPLATE) in seconds; --refill makes it again.
// 2. Contenders, each its own child process (CPU and memory per process, from
//    /proc, descendants included):
//      hub           `node bin/assist-hub.cjs serve`, NODE_ENV=production, an
//                    ADMIN token with a purpose (personal fields readable and
//                    audited), every limit at its default but the per-caller
//                    rate limit (raised: one caller is the whole load)
//      postgraphile  PostGraphile 5, Amber preset, node-postgres adaptor
//                    (scripts/benchPeerPostgraphile.ts; Promise.withResolvers
//                    polyfilled there for Node 20)
//      sql           the limit: one hand-written SQL statement per query
//                    building the whole JSON answer, `pg` pool of 32, behind a
//                    bare node:http server (scripts/benchPeerSql.ts)
// 3. Same answers: every contender's answers for --check households and the
//    first pages, mapped to one shape (scripts/benchPeerQueries.ts) and compared;
//    any difference stops the run (exit 1) before anything is timed.
// 4. Load: --connections keep-alive connections for --seconds per burst over a
//    rotating set of households (or pages), in interleaved rounds (hub,
//    postgraphile, sql, hub, ...), after a warm-up; then one connection for
//    --seq-seconds per contender (sequential household latency); then the
//    hub's page query part by part, one connection, --seq-seconds each (where
//    a page's CPU goes: HUB_PAGE_PARTS in scripts/benchPeerQueries.ts).
// 5. Report: per query and contender RPS, p50, p99, CPU ms per request (the
//    contender's process, and the PostgreSQL backends of the database), peak
//    RSS under load; the ratios hub / postgraphile and hub / sql; the hub's SQL
//    statements per request; then `assist-hub audit verify` on the database.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { burst, cpuDelta, cpuMs, databaseUrl, machineTicks, peakSampler, post, processTree, quantile, rssMiB, table, type Target } from './benchPeerLoad';
import {
  HUB_HOUSEHOLD,
  HUB_PAGE,
  HUB_PAGE_PARTS,
  HOUSEHOLD_RECORDS,
  PAGE_RECORDS,
  PGL_HOUSEHOLD,
  PGL_PAGE,
  difference,
  normalHub,
  normalPostgraphile,
  normalSql,
  type NormalHousehold,
  type QueryName,
} from './benchPeerQueries';
import http from 'node:http';

const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'bin', 'assist-hub.cjs');
const MIGRATIONS = path.join(ROOT, 'prisma', 'migrations');

/** Fixed secrets of the benchmark: the pepper is part of the data (person keys), so of the template's name too. */
const SECRETS = {
  HUB_ID_PEPPER: 'bench-peer-pepper-not-a-secret-0123456789',
  HUB_JWT_SECRET: 'bench-peer-jwt-secret-not-a-secret-0123456789',
  HUB_FORWARDING_SECRET: 'bench-peer-forwarding-secret-not-a-secret-0123456789',
};

const CONTENDERS = ['hub', 'postgraphile', 'sql'] as const;
type ContenderName = (typeof CONTENDERS)[number];
const QUERIES: QueryName[] = ['household', 'page'];
const QUERY_TITLE: Record<QueryName, string> = {
  household: `household: one household, its members, every record covering it (up to ${HOUSEHOLD_RECORDS}) with department details`,
  page: `page: 20 households (keyset by source id), members, records (up to ${PAGE_RECORDS} each)`,
};

interface Options {
  background: number;
  seed: number;
  asOf: string;
  seconds: number;
  rounds: number;
  connections: number;
  seqSeconds: number;
  warmup: number;
  check: number;
  refill: boolean;
  keep: boolean;
  server: string;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      background: { type: 'string', default: '1500' },
      seed: { type: 'string', default: '20260101' },
      'as-of': { type: 'string', default: '2026-06-30' },
      seconds: { type: 'string', default: '20' },
      rounds: { type: 'string', default: '3' },
      connections: { type: 'string', default: '32' },
      'seq-seconds': { type: 'string', default: '5' },
      warmup: { type: 'string', default: '3' },
      check: { type: 'string', default: '50' },
      refill: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    const lines = fs.readFileSync(__filename, 'utf8').split('\n');
    console.log(lines.slice(0, lines.findIndex((l) => !l.startsWith('//'))).map((l) => l.slice(3)).join('\n'));
    process.exit(0);
  }
  const whole = (name: keyof typeof values, min: number) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name}: a whole number of at least ${min}, got ${JSON.stringify(values[name])}`);
    return n;
  };
  const seconds = (name: keyof typeof values) => {
    const n = Number(values[name]);
    if (!(n >= 0)) throw new Error(`--${name}: seconds, got ${JSON.stringify(values[name])}`);
    return n;
  };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(String(values['as-of']))) throw new Error('--as-of: YYYY-MM-DD');
  return {
    background: whole('background', 0),
    seed: whole('seed', 0),
    asOf: String(values['as-of']),
    seconds: seconds('seconds'),
    rounds: whole('rounds', 1),
    connections: whole('connections', 1),
    seqSeconds: seconds('seq-seconds'),
    warmup: seconds('warmup'),
    check: whole('check', 1),
    refill: Boolean(values.refill),
    keep: Boolean(values.keep),
    server: process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres',
  };
}

const log = (line: string) => console.log(line);
const since = (t: number) => `${((performance.now() - t) / 1000).toFixed(1)} s`;

// ---------------------------------------------------------------- databases

async function admin<T>(server: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: server });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

function runCli(args: string[], env: NodeJS.ProcessEnv, what: string): string {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...SECRETS, ...env }, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** The template database for these generator arguments: cloned when it exists, else filled (or --refill). */
async function templateDatabase(o: Options, work: string): Promise<string> {
  const file = path.join(work, `peer-s${o.seed}-b${o.background}-${o.asOf}.ndjson`);
  runCli(['generate', '--seed', String(o.seed), '--as-of', o.asOf, '--background', String(o.background), '--out', file], {}, 'assist-hub generate');
  const hash = createHash('sha256').update(fs.readFileSync(file)).update(SECRETS.HUB_ID_PEPPER);
  for (const name of fs.readdirSync(MIGRATIONS).sort()) {
    const sql = path.join(MIGRATIONS, name, 'migration.sql');
    if (fs.existsSync(sql)) hash.update(name).update(fs.readFileSync(sql));
  }
  const prefix = `assist_hub_peer_s${o.seed}_b${o.background}_${o.asOf.replace(/-/g, '')}_`;
  const template = `${prefix}${hash.digest('hex').slice(0, 8)}`;
  const existing = await admin(o.server, async (c) =>
    (await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${prefix.replace(/_/g, '\\_')}%`])).rows.map((r) => r.datname),
  );
  for (const name of existing.filter((n) => n !== template || o.refill)) {
    log(`dropping ${name === template ? 'the template (--refill)' : 'an outdated template'}: ${name}`);
    await admin(o.server, async (c) => {
      await c.query(`ALTER DATABASE ${quoteIdent(name)} WITH IS_TEMPLATE false`);
      await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    });
  }
  if (existing.includes(template) && !o.refill) {
    log(`template: ${template} (made by an earlier run; --refill to make it again)`);
    return template;
  }
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
  const filling = `assist_hub_peer_fill_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  log(`filling ${template}: ${lines} exchange objects through \`assist-hub import\` (about 140 a second here; once per set of arguments)`);
  const started = performance.now();
  await admin(o.server, (c) => c.query(`CREATE DATABASE ${quoteIdent(filling)}`));
  try {
    const env = { DATABASE_URL: databaseUrl(o.server, filling), LOG_LEVEL: 'warn' };
    runCli(['migrate'], env, 'assist-hub migrate');
    const summary = runCli(['import', '--no-check', file], env, 'assist-hub import');
    log(`  ${summary.trim().split('\n').pop()} (${since(started)})`);
    await admin(databaseUrl(o.server, filling), (c) => c.query('VACUUM ANALYZE'));
    await admin(o.server, async (c) => {
      await c.query(`ALTER DATABASE ${quoteIdent(filling)} RENAME TO ${quoteIdent(template)}`);
      await c.query(`ALTER DATABASE ${quoteIdent(template)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
    });
  } catch (error) {
    await admin(o.server, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(filling)} WITH (FORCE)`));
    throw error;
  }
  log(`template ready: ${template} (${since(started)})`);
  return template;
}

// ---------------------------------------------------------------- contenders

interface Contender {
  name: ContenderName;
  url: string;
  child: ChildProcess;
  headers: Record<string, string>;
  logFile: string;
}

function startChild(name: ContenderName, args: string[], env: NodeJS.ProcessEnv, work: string): Promise<Contender> {
  const logFile = path.join(work, `${name}.log`);
  const out = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let seen = '';
    let listening = false;
    const timer = setTimeout(() => reject(new Error(`${name} did not start in 120 s; see ${logFile}`)), 120_000);
    const onData = (chunk: Buffer) => {
      fs.writeSync(out, chunk);
      if (listening) return;
      seen += chunk.toString('utf8');
      const match = /listening (?:on )?(http:\/\/[\d.:]+)(\/\S*)?/.exec(seen);
      if (match) {
        clearTimeout(timer);
        listening = true;
        resolve({ name, url: `${match[1]}${match[2] ?? '/graphql'}`, child, headers: {}, logFile });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}; see ${logFile}:\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}`));
    });
  });
}

async function startContenders(url: string, token: string, work: string): Promise<Contender[]> {
  const hub = await startChild('hub', [CLI, 'serve'], {
    ...SECRETS,
    DATABASE_URL: url,
    NODE_ENV: 'production',
    HUB_HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    // The same pool as PostGraphile's and the SQL limit's: 32 connections.
    HUB_DB_POOL_SIZE: '32',
    // One benchmark caller is the whole load: its cost bucket would throttle it.
    HUB_RATE_LIMIT_POINTS: '1000000000000',
    HUB_RATE_LIMIT_RESTORE_PER_SECOND: '1000000000000',
  }, work);
  hub.headers = { authorization: `Bearer ${token}` };
  const common = { DATABASE_URL: url, PORT: '0', NODE_ENV: 'production', GRAPHILE_ENV: 'production' };
  const postgraphile = await startChild('postgraphile', ['--import', 'tsx', path.join(__dirname, 'benchPeerPostgraphile.ts')], common, work);
  const sql = await startChild('sql', ['--import', 'tsx', path.join(__dirname, 'benchPeerSql.ts')], { ...common, POOL_MAX: '32' }, work);
  return [hub, postgraphile, sql];
}

async function stopContender(c: Contender): Promise<void> {
  if (c.child.exitCode !== null || c.child.signalCode !== null) return;
  c.child.removeAllListeners('exit');
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      c.child.kill('SIGKILL');
      resolve();
    }, 5000);
    c.child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    c.child.kill('SIGTERM');
  });
}

// ---------------------------------------------------------------- requests

function requestBody(c: ContenderName, query: QueryName, variables: Record<string, unknown>): Buffer {
  if (c === 'sql') return Buffer.from(JSON.stringify({ query, variables }));
  const document = c === 'hub' ? (query === 'household' ? HUB_HOUSEHOLD : HUB_PAGE) : query === 'household' ? PGL_HOUSEHOLD : PGL_PAGE;
  return Buffer.from(JSON.stringify({ query: document, variables }));
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function ask(c: Contender, query: QueryName, variables: Record<string, unknown>): Promise<any> {
  const answer = await post(agent, new URL(c.url), { 'content-type': 'application/json', ...c.headers }, requestBody(c.name, query, variables));
  const text = answer.body.toString('utf8');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${c.name} ${query}: HTTP ${answer.status}, not JSON: ${text.slice(0, 300)}`);
  }
  if (answer.status !== 200 || json.errors) throw new Error(`${c.name} ${query} ${JSON.stringify(variables)}: HTTP ${answer.status} ${JSON.stringify(json.errors ?? json).slice(0, 600)}`);
  return json.data;
}

async function householdOf(c: Contender, s: string): Promise<NormalHousehold | null> {
  const data = await ask(c, 'household', { s });
  if (c.name === 'hub') return normalHub(data.household, true);
  if (c.name === 'postgraphile') return normalPostgraphile(data.householdBySourceId, true);
  return normalSql(data.household, true);
}

/** One page: its households and the variables that ask for the next. */
async function pageOf(c: Contender, after: string | null): Promise<{ households: (NormalHousehold | null)[]; next: string | null }> {
  const data = await ask(c, 'page', { after });
  if (c.name === 'hub') {
    return { households: data.households.edges.map((e: { node: object }) => normalHub(e.node, false)), next: data.households.pageInfo.endCursor };
  }
  if (c.name === 'postgraphile') {
    return { households: data.allHouseholds.nodes.map((n: object) => normalPostgraphile(n, false)), next: data.allHouseholds.pageInfo.endCursor };
  }
  return { households: data.households.nodes.map((n: object) => normalSql(n, false)), next: data.households.endCursor };
}

/** A fixed pseudo-random order (mulberry32), the same every run. */
function shuffled<T>(items: T[], seed: number): T[] {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

// ---------------------------------------------------------------- measurement

interface Tally {
  requests: number;
  errors: number;
  firstError: string | null;
  seconds: number;
  latencies: number[];
  cpuMs: number;
  pgCpuMs: number;
  peakRssMiB: number;
  roundRps: number[];
  /** CPU of this process (the load generator). */
  loadCpuMs: number;
  /** Share of the machine's CPU time busy during the bursts, summed over bursts (divide by roundRps.length). */
  busy: number;
}

const emptyTally = (): Tally => ({ requests: 0, errors: 0, firstError: null, seconds: 0, latencies: [], cpuMs: 0, pgCpuMs: 0, peakRssMiB: 0, roundRps: [], loadCpuMs: 0, busy: 0 });

async function backendPids(url: string): Promise<number[]> {
  return admin(url, async (c) =>
    (await c.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()`)).rows.map((r) => r.pid),
  );
}

async function measuredBurst(c: Contender, target: Target, connections: number, seconds: number, start: number, runUrl: string) {
  const tree = processTree(c.child.pid!);
  const pgBefore = cpuMs(await backendPids(runUrl));
  const before = cpuMs(tree);
  const self = process.cpuUsage();
  const machine = machineTicks();
  const rss = peakSampler(() => rssMiB(tree));
  const result = await burst(target, connections, seconds, start);
  const peak = rss.stop();
  const machineAfter = machineTicks();
  const selfCpu = process.cpuUsage(self);
  const cpu = cpuDelta(before, cpuMs(processTree(c.child.pid!)));
  const pgCpu = cpuDelta(pgBefore, cpuMs(await backendPids(runUrl)));
  return {
    ...result,
    cpuMs: cpu,
    pgCpuMs: pgCpu,
    peakRssMiB: peak,
    loadCpuMs: (selfCpu.user + selfCpu.system) / 1000,
    busy: (machineAfter.busy - machine.busy) / Math.max(1, machineAfter.total - machine.total),
  };
}

function add(t: Tally, r: Awaited<ReturnType<typeof measuredBurst>>) {
  t.requests += r.requests;
  t.errors += r.errors;
  t.firstError ??= r.firstError;
  t.seconds += r.seconds;
  for (const l of r.latencies) t.latencies.push(l);
  t.cpuMs += r.cpuMs;
  t.pgCpuMs += r.pgCpuMs;
  t.peakRssMiB = Math.max(t.peakRssMiB, r.peakRssMiB);
  t.roundRps.push(r.requests / r.seconds);
  t.loadCpuMs += r.loadCpuMs;
  t.busy += r.busy;
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

function summary(t: Tally) {
  const sorted = [...t.latencies].sort((a, b) => a - b);
  return {
    rps: t.requests / t.seconds,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    cpu: t.cpuMs / t.requests,
    pgCpu: t.pgCpuMs / t.requests,
    rss: t.peakRssMiB,
    loadCpu: t.loadCpuMs / t.requests,
    busy: (100 * t.busy) / Math.max(1, t.roundRps.length),
  };
}

/** The newest modification time of a file under a folder. */
function newestFile(folder: string): Date {
  let newest = 0;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return new Date(newest);
}

// ---------------------------------------------------------------- main

async function main() {
  const o = options();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'assist-hub-bench-peer-'));
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is not built: npm run build');
  log(`bench:peer  node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; server ${new URL(o.server).host}`);
  const template = await templateDatabase(o, work);
  const run = `assist_hub_peer_run_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let t = performance.now();
  await admin(o.server, (c) => c.query(`CREATE DATABASE ${quoteIdent(run)} TEMPLATE ${quoteIdent(template)}`));
  await admin(o.server, (c) => c.query(`ALTER DATABASE ${quoteIdent(run)} WITH ALLOW_CONNECTIONS true`));
  const runUrl = databaseUrl(o.server, run);
  log(`database: ${run}, cloned from the template in ${since(t)}`);
  const contenders: Contender[] = [];
  const cleanUp = async () => {
    await Promise.all(contenders.map(stopContender));
    if (o.keep) log(`kept: ${runUrl}`);
    else await admin(o.server, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(run)} WITH (FORCE)`));
  };
  const interrupted = () => void cleanUp().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    await measure(o, runUrl, work, contenders);
  } finally {
    await cleanUp();
    agent.destroy();
  }
}

async function measure(o: Options, runUrl: string, work: string, contenders: Contender[]) {
  const counts = await admin(runUrl, async (c) => (await c.query(`SELECT
      (SELECT count(*) FROM household)::int AS households, (SELECT count(*) FROM person)::int AS persons,
      (SELECT count(*) FROM assistance_record)::int AS records, (SELECT count(*) FROM audit_entry)::int AS audit`)).rows[0] as Record<string, number>);
  log(`data: ${counts.households} households, ${counts.persons} persons, ${counts.records} records (generate --seed ${o.seed} --as-of ${o.asOf} --background ${o.background})`);
  const token = runCli(['token', '--role', 'ADMIN', '--purpose', 'bench:peer load test', '--sub', 'bench-peer', '--ttl', '24'], {}, 'assist-hub token').trim();
  let t = performance.now();
  log(`dist/ (the hub's code) last built ${newestFile(path.join(ROOT, 'dist')).toISOString()}`);
  contenders.push(...(await startContenders(runUrl, token, work)));
  log(`contenders started in ${since(t)}: ${contenders.map((c) => `${c.name} ${c.url} (pid ${c.child.pid})`).join(', ')}; logs in ${work}`);
  const byName = Object.fromEntries(contenders.map((c) => [c.name, c])) as Record<ContenderName, Contender>;

  // ---- same answers
  t = performance.now();
  const ids = await admin(runUrl, async (c) => (await c.query<{ source_id: string }>('SELECT source_id FROM household ORDER BY source_id')).rows.map((r) => r.source_id));
  const busiest = await admin(runUrl, async (c) =>
    (await c.query<{ s: string }>(`SELECT household_source_id AS s FROM assistance_record WHERE household_source_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 5`)).rows.map((r) => r.s),
  );
  const rotation = shuffled(ids, o.seed).slice(0, 2000);
  const sample = [...new Set([...busiest, ...rotation.slice(0, o.check)])];
  let compared = 0;
  let recordsCompared = 0;
  for (const s of sample) {
    const [hub, pgl, sql] = await Promise.all([householdOf(byName.hub, s), householdOf(byName.postgraphile, s), householdOf(byName.sql, s)]);
    for (const [other, answer] of [['postgraphile', pgl], ['sql', sql]] as const) {
      const diff = difference(hub, answer, HOUSEHOLD_RECORDS);
      if (diff) throw new Error(`household ${s}: the hub and ${other} answer differently: ${diff}`);
    }
    compared++;
    recordsCompared += hub?.records.length ?? 0;
  }
  // Pages: walked with each contender's own cursors; their starts are the rotation of the page query.
  const pageCount = Math.max(1, Math.min(50, Math.floor(ids.length / 20)));
  const pageVariables: Record<ContenderName, Record<string, unknown>[]> = { hub: [], postgraphile: [], sql: [] };
  const cursors: Record<ContenderName, string | null> = { hub: null, postgraphile: null, sql: null };
  let pagesCompared = 0;
  for (let page = 0; page < pageCount; page++) {
    const answers = {} as Record<ContenderName, (NormalHousehold | null)[]>;
    for (const c of contenders) {
      pageVariables[c.name].push({ after: cursors[c.name] });
      const { households, next } = await pageOf(c, cursors[c.name]);
      answers[c.name] = households;
      cursors[c.name] = next;
    }
    for (const other of ['postgraphile', 'sql'] as const) {
      if (answers.hub.length !== answers[other].length) throw new Error(`page ${page}: the hub has ${answers.hub.length} households, ${other} ${answers[other].length}`);
      answers.hub.forEach((h, i) => {
        const diff = difference(h, answers[other][i]!, PAGE_RECORDS);
        if (diff) throw new Error(`page ${page}, household ${h?.sourceId}: the hub and ${other} answer differently: ${diff}`);
      });
    }
    pagesCompared++;
  }
  log(`same answers: ${compared} households (${recordsCompared} records with details, members, counts) and ${pagesCompared} pages of 20 equal in all three (${since(t)})`);

  // Counted now, with the dist/ the hub child runs (others may rebuild it later).
  const statementCounts = await statementsPerRequest(runUrl, token, [...new Set([busiest[0] ?? rotation[0]!, ...rotation.slice(0, 2)])], pageVariables.hub[1] ?? {});

  // ---- load
  const targets = (c: Contender): Record<QueryName, Target> => ({
    household: { url: c.url, headers: c.headers, bodies: rotation.map((s) => requestBody(c.name, 'household', { s })) },
    page: { url: c.url, headers: c.headers, bodies: pageVariables[c.name].map((v) => requestBody(c.name, 'page', v)) },
  });
  const targetOf = Object.fromEntries(contenders.map((c) => [c.name, targets(c)])) as Record<ContenderName, Record<QueryName, Target>>;
  const next = Object.fromEntries(contenders.map((c) => [c.name, { household: 0, page: 0 }])) as Record<ContenderName, Record<QueryName, number>>;
  if (o.warmup > 0) {
    t = performance.now();
    for (const q of QUERIES) for (const c of contenders) next[c.name][q] = (await burst(targetOf[c.name][q], o.connections, o.warmup, next[c.name][q])).next;
    log(`warm-up: ${o.warmup} s per contender and query (${since(t)})`);
  }
  const tallies = Object.fromEntries(QUERIES.map((q) => [q, Object.fromEntries(CONTENDERS.map((c) => [c, emptyTally()]))])) as Record<QueryName, Record<ContenderName, Tally>>;
  const sequential = Object.fromEntries(CONTENDERS.map((c) => [c, emptyTally()])) as Record<ContenderName, Tally>;
  const auditBefore = await admin(runUrl, async (c) => (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_entry')).rows[0]!.n);
  for (let round = 1; round <= o.rounds; round++) {
    for (const q of QUERIES) {
      for (const c of contenders) {
        const r = await measuredBurst(c, targetOf[c.name][q], o.connections, o.seconds, next[c.name][q], runUrl);
        next[c.name][q] = r.next;
        add(tallies[q][c.name], r);
        log(`round ${round}/${o.rounds}  ${q.padEnd(9)} ${c.name.padEnd(12)} ${fmt(r.requests / r.seconds).padStart(7)} req/s  p50 ${fmt(quantile([...r.latencies].sort((a, b) => a - b), 0.5))} ms  CPU ${fmt(r.cpuMs / r.requests, 2)} ms/req${r.errors ? `  ERRORS ${r.errors}: ${r.firstError}` : ''}`);
      }
    }
    if (o.seqSeconds > 0) {
      for (const c of contenders) {
        const r = await measuredBurst(c, targetOf[c.name].household, 1, o.seqSeconds, next[c.name].household, runUrl);
        next[c.name].household = r.next;
        add(sequential[c.name], r);
      }
    }
  }
  const parts = o.seqSeconds > 0 ? await pageByPart(byName.hub, pageVariables.hub, o, runUrl) : [];
  const hubRssAfter = rssMiB(processTree(byName.hub.child.pid!));
  const auditWritten = (await admin(runUrl, async (c) => (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_entry')).rows[0]!.n)) - auditBefore;

  // ---- report
  log('');
  log(`== results: ${o.connections} connections, ${o.rounds} round(s) of ${o.seconds} s per contender and query, interleaved; ${counts.households} households ==`);
  log('CPU ms/req: user+system CPU of the contender\'s process (and children) per answered request; PG ms/req: the same for the database\'s PostgreSQL backends;');
  log('load ms/req: the same for this process (the load generator); machine busy: share of both cores busy during the bursts (everything on the machine).');
  for (const q of QUERIES) {
    log('');
    log(QUERY_TITLE[q]);
    const s = Object.fromEntries(CONTENDERS.map((c) => [c, summary(tallies[q][c])])) as Record<ContenderName, ReturnType<typeof summary>>;
    const rows = [['contender', 'req/s', 'rounds req/s', 'p50 ms', 'p99 ms', 'CPU ms/req', 'PG ms/req', 'load ms/req', 'machine busy', 'peak RSS MiB', 'errors']];
    for (const c of CONTENDERS) {
      const tally = tallies[q][c];
      rows.push([c === 'sql' ? 'sql (limit)' : c, fmt(s[c].rps), tally.roundRps.map((r) => fmt(r, 0)).join('/'), fmt(s[c].p50), fmt(s[c].p99), fmt(s[c].cpu, 2), fmt(s[c].pgCpu, 2), fmt(s[c].loadCpu, 2), `${fmt(s[c].busy, 0)} %`, fmt(s[c].rss, 0), String(tally.errors)]);
    }
    log(table(rows));
    for (const other of ['postgraphile', 'sql'] as const) {
      log(`hub / ${other}: req/s ×${fmt(s.hub.rps / s[other].rps, 2)}, p50 ×${fmt(s.hub.p50 / s[other].p50, 2)}, p99 ×${fmt(s.hub.p99 / s[other].p99, 2)}, CPU/req ×${fmt(s.hub.cpu / s[other].cpu, 2)}`);
    }
    for (const c of CONTENDERS) if (tallies[q][c].firstError) log(`first error of ${c}: ${tallies[q][c].firstError}`);
  }
  if (o.seqSeconds > 0) {
    log('');
    log(`household, sequential (1 connection, ${o.rounds} × ${o.seqSeconds} s per contender)`);
    const rows = [['contender', 'req/s', 'p50 ms', 'p99 ms', 'CPU ms/req']];
    for (const c of CONTENDERS) {
      const s = summary(sequential[c]);
      rows.push([c === 'sql' ? 'sql (limit)' : c, fmt(s.rps), fmt(s.p50, 2), fmt(s.p99, 2), fmt(s.cpu, 2)]);
    }
    log(table(rows));
  }
  if (parts.length > 0) {
    log('');
    log(`page, by part: the hub alone, sequential (1 connection, ${o.seqSeconds} s per part), each part adding to the one before`);
    const rows = [['part', 'req/s', 'p50 ms', 'CPU ms/req', 'added CPU ms/req', 'PG ms/req', 'errors']];
    let before = 0;
    for (const { part, summary: s, errors } of parts) {
      rows.push([part, fmt(s.rps), fmt(s.p50, 2), fmt(s.cpu, 2), fmt(s.cpu - before, 2), fmt(s.pgCpu, 2), String(errors)]);
      before = s.cpu;
    }
    log(table(rows));
  }
  log('');
  log(`hub RSS after the load: ${fmt(hubRssAfter, 0)} MiB; audit entries written during the timed runs: ${auditWritten}`);
  log(statementCounts);
  await Promise.all(contenders.map(stopContender));
  const verify = spawnSync(process.execPath, [CLI, 'audit', 'verify'], { cwd: ROOT, env: { ...process.env, ...SECRETS, DATABASE_URL: runUrl, LOG_LEVEL: 'warn' }, encoding: 'utf8' });
  log(`assist-hub audit verify: exit ${verify.status}: ${verify.stdout.trim().split('\n').slice(-5).join(' | ')}${verify.status ? ` ${verify.stderr}` : ''}`);
  if (verify.status !== 0) process.exitCode = 1;
}

/** The hub's page query part by part (HUB_PAGE_PARTS), one connection, after the rounds. */
async function pageByPart(hub: Contender, variables: Record<string, unknown>[], o: Options, runUrl: string) {
  const out: { part: string; summary: ReturnType<typeof summary>; errors: number }[] = [];
  for (const { part, query } of HUB_PAGE_PARTS) {
    const target: Target = { url: hub.url, headers: hub.headers, bodies: variables.map((v) => Buffer.from(JSON.stringify({ query, variables: v }))) };
    await burst(target, 1, 1, 0); // warm: the first request of a new document plans it
    const tally = emptyTally();
    add(tally, await measuredBurst(hub, target, 1, o.seqSeconds, 0, runUrl));
    out.push({ part, summary: summary(tally), errors: tally.errors });
  }
  return out;
}

/** The hub's SQL statements per request, counted in a hub started in this process on the same database (dist/). */
async function statementsPerRequest(runUrl: string, token: string, households: string[], page: Record<string, unknown>): Promise<string> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { startHub } = require(path.join(ROOT, 'dist', 'server', 'hub.js'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { loadConfig } = require(path.join(ROOT, 'dist', 'lib', 'config.js'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createLogger } = require(path.join(ROOT, 'dist', 'lib', 'logger.js'));
    let statements = 0;
    const config = loadConfig({ ...SECRETS, DATABASE_URL: runUrl, NODE_ENV: 'production', HUB_HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent' });
    const hub = await startHub({ config, logger: createLogger('silent'), onStatement: () => statements++ });
    try {
      const c = { name: 'hub', url: `${hub.url}/graphql`, headers: { authorization: `Bearer ${token}` } } as unknown as Contender;
      const counted = async (query: QueryName, variables: Record<string, unknown>) => {
        await ask(c, query, variables); // the first request of a shape plans it
        statements = 0;
        await ask(c, query, variables);
        await new Promise((r) => setTimeout(r, 200));
        return statements;
      };
      const household = [];
      for (const s of households) household.push(await counted('household', { s }));
      const pageCount = await counted('page', page);
      return `hub SQL statements per request (audit writes included; counted before the load in a hub in the benchmark's process): household ${household.join(', ')} (${households.length} households, the first the one with most records), page of 20: ${pageCount}`;
    } finally {
      await hub.close();
    }
  } catch (error) {
    return `hub SQL statements per request: not counted (${(error as Error).message.split('\n')[0]})`;
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
