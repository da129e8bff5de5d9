// `npm run bench:ingest -- [--sizes 10000,100000,1000000] [--db postgres|pglite|both] [--pglite-max 100000]
//                          [--keep] [--skip-stall]`
//
// How fast `assist-hub import` stores an exchange file, and how far that is
// from what the database itself can take (GitHub issue 12): numbers, not
// assertions; not part of `npm test`. Needs dist/ built (npm run build) and,
// for --db postgres or both, a PostgreSQL server (DATABASE_URL's server,
// default postgresql://postgres@127.0.0.1:5432/postgres) and psql.
//
// 1. Files: for each size N, `assist-hub generate --seed 20260101 --as-of
//    2026-06-30 --background B`, with B chosen so the file has about N lines
//    (about 940 planted lines plus 6.19 a background household); kept in the
//    system's temp folder by B, so later runs skip generating it.
// 2. Import, per database and size: a throw-away database (PostgreSQL: a new
//    database on the server; PGlite: a new HUB_DATA_DIR, sizes up to
//    --pglite-max), `assist-hub migrate`, then `assist-hub import --no-check
//    FILE` as a child process: wall time (the whole command, Node start
//    included), lines a second, the child's peak RSS (VmHWM). Then the same
//    import again on the unchanged file: the re-import, where every line is
//    "unchanged" and nothing is written.
// 3. The physical limit (PostgreSQL): every table the import filled is dumped
//    with psql `\copy (SELECT ...) TO` and loaded into a second throw-away
//    database, migrated the same way, with `\copy ... FROM`, parents before
//    children (the order comes from the foreign keys in pg_constraint), in one
//    psql run and one transaction, the tables' own triggers off (the rows
//    are their outcome already; foreign keys are still checked). Only the
//    loading side is timed; "COPY
//    lines/s" is the file's lines over that time: the rate an importer that
//    only had to write could reach on this machine.
// 4. Growth: with several sizes, the import time of each size over the one
//    before, next to the ideal (the lines ratio: a linear importer).
// 5. No stall (unless --skip-stall): a hub (`serve`, NODE_ENV=production) on a
//    fresh migrated database of each kind; the p50 of a small query sent one
//    after another for 5 s while idle, then while one `submitExchangeBatch`
//    call stores the first 5,000 lines of the 10,000-line file (regions,
//    standards, persons, households), from another connection until the
//    batch answers. A hub that stalls shows a p50 (or max) during the batch
//    far above the idle one.
// Read the tables as: import lines/s against COPY lines/s is how much of the
// database's speed the importer uses; re-import lines/s is the cost of
// reading and comparing alone; peak RSS should not grow with the size (the
// importer streams the file in chunks).
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { measureStall, startHub, timedNode, type RunningHub, type StallResult, type TimedRun } from './benchIngestStall';
import { databaseUrl, table } from './benchPeerLoad';

export const ROOT = path.join(__dirname, '..');
export const CLI = path.join(ROOT, 'bin', 'assist-hub.cjs');

/** The same fixed secrets as scripts/bench-peer.ts (the pepper is part of the data: person keys). */
export const SECRETS = {
  HUB_ID_PEPPER: 'bench-peer-pepper-not-a-secret-0123456789',
  HUB_JWT_SECRET: 'bench-peer-jwt-secret-not-a-secret-0123456789',
  HUB_FORWARDING_SECRET: 'bench-peer-forwarding-secret-not-a-secret-0123456789',
};
export const SEED = '20260101';
const AS_OF = '2026-06-30';
/** `generate` writes about PLANTED_LINES lines with --background 0 and LINES_PER_BACKGROUND more per background household (939 and 10,216 for 0 and 1,500). */
const PLANTED_LINES = 939;
const LINES_PER_BACKGROUND = 6.185;
const STALL_OBJECTS = 5000;
const STALL_FILE_SIZE = 10_000;
const IDLE_SECONDS = 5;
/** Raised in the stall hub only: one benchmark caller is the whole load, its cost bucket would throttle it. */
const RAISED_LIMITS = { HUB_RATE_LIMIT_POINTS: '1000000000000', HUB_RATE_LIMIT_RESTORE_PER_SECOND: '1000000000000' };

type Kind = 'postgres' | 'pglite';

interface Options {
  sizes: number[];
  kinds: Kind[];
  pgliteMax: number;
  keep: boolean;
  skipStall: boolean;
  server: string;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '10000,100000,1000000' },
      db: { type: 'string', default: 'both' },
      'pglite-max': { type: 'string', default: '100000' },
      keep: { type: 'boolean', default: false },
      'skip-stall': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    const lines = fs.readFileSync(__filename, 'utf8').split('\n');
    console.log(lines.slice(0, lines.findIndex((l) => !l.startsWith('//'))).map((l) => l.slice(3)).join('\n'));
    process.exit(0);
  }
  const sizes = String(values.sizes).split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  if (!sizes.every((n) => Number.isInteger(n) && n >= 1)) throw new Error('--sizes: whole numbers, comma-separated');
  const kinds: Record<string, Kind[]> = { postgres: ['postgres'], pglite: ['pglite'], both: ['postgres', 'pglite'] };
  if (!kinds[String(values.db)]) throw new Error('--db: postgres, pglite or both');
  const pgliteMax = Number(values['pglite-max']);
  if (!Number.isInteger(pgliteMax) || pgliteMax < 0) throw new Error('--pglite-max: a whole number');
  return {
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    kinds: kinds[String(values.db)]!,
    pgliteMax,
    keep: Boolean(values.keep),
    skipStall: Boolean(values['skip-stall']),
    server: process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres',
  };
}

const log = (line: string) => console.log(line);
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const count = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-');
const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Things to undo at the end (or on Ctrl-C), newest first. */
const cleanups: (() => Promise<void> | void)[] = [];

async function cleanUp(): Promise<void> {
  for (const undo of cleanups.splice(0).reverse()) {
    try {
      await undo();
    } catch (error) {
      console.error(`clean-up: ${(error as Error).message}`);
    }
  }
}

// ---------------------------------------------------------------- command line

export function cliEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...process.env, ...SECRETS, LOG_LEVEL: 'warn', ...env };
}

function runCli(args: string[], env: NodeJS.ProcessEnv, what: string): string {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env: cliEnv(env), encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

function psql(url: string, args: string[], what: string): string {
  const result = spawnSync('psql', ['-X', '-v', 'ON_ERROR_STOP=1', ...args, url], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (result.error) throw new Error(`${what}: psql: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${what} failed (psql exit ${result.status}):\n${result.stderr}`);
  return result.stdout;
}

// ---------------------------------------------------------------- exchange files

export interface ExchangeFile {
  file: string;
  background: number;
  lines: number;
}

const backgroundFor = (size: number) => Math.max(0, Math.round((size - PLANTED_LINES) / LINES_PER_BACKGROUND));

async function exchangeFile(size: number): Promise<ExchangeFile> {
  const background = backgroundFor(size);
  const made = generatedFile(AS_OF, background, false);
  log(made.seconds === null
    ? `file for ${count(size)}: ${made.file} (cached from an earlier run: generation skipped; delete it to generate again)`
    : `file for ${count(size)}: generated --background ${background} in ${fmt(made.seconds)} s: ${made.file}`);
  return { file: made.file, background, lines: await countLines(made.file) };
}

export interface GeneratedFile {
  file: string;
  /** The expected findings beside it (written only when asked for). */
  expected: string;
  /** Generation time; null when an earlier run's files were reused. */
  seconds: number | null;
}

/**
 * `assist-hub generate` with SEED and SECRETS into the system's temp folder,
 * named by date and background so later runs (of bench:ingest and
 * bench:detect alike) reuse it: a million lines take minutes to generate.
 * Written under temporary names and renamed, so a broken run leaves no
 * half-written file that looks cached.
 */
export function generatedFile(asOf: string, background: number, withExpected: boolean): GeneratedFile {
  const base = path.join(os.tmpdir(), `assist-hub-bench-ingest-s${SEED}-${asOf}-b${background}`);
  const [file, expected] = [`${base}.ndjson`, `${base}.expected.ndjson`];
  if (fs.existsSync(file) && (!withExpected || fs.existsSync(expected))) return { file, expected, seconds: null };
  const started = Date.now();
  const [partial, partialExpected] = [`${file}.${process.pid}.partial`, `${expected}.${process.pid}.partial`];
  try {
    const args = ['generate', '--seed', SEED, '--as-of', asOf, '--background', String(background), '--out', partial];
    runCli(withExpected ? [...args, '--expected', partialExpected] : args, {}, 'assist-hub generate');
    if (withExpected) fs.renameSync(partialExpected, expected);
    fs.renameSync(partial, file);
  } finally {
    fs.rmSync(partial, { force: true });
    fs.rmSync(partialExpected, { force: true });
  }
  return { file, expected, seconds: (Date.now() - started) / 1000 };
}

/** Fails early with the fix when the CLI's compiled code is missing. */
export function assertBuilt(): void {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is not built: npm run build');
}

export async function countLines(file: string): Promise<number> {
  let lines = 0;
  for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
  }
  return lines;
}

async function firstObjects(file: string, n: number): Promise<unknown[]> {
  const out: unknown[] = [];
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim()) out.push(JSON.parse(line));
    if (out.length >= n) break;
  }
  lines.close();
  return out;
}

// ---------------------------------------------------------------- databases

interface Target {
  kind: Kind;
  /** What the CLI needs to reach it. */
  env: NodeJS.ProcessEnv;
  /** postgresql:// URL (PostgreSQL) or the data folder (PGlite). */
  where: string;
  drop(): Promise<void>;
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new empty database of this kind, migrated; dropped at the end unless --keep. */
async function freshTarget(kind: Kind, o: Options, work: string): Promise<Target> {
  const made = kind === 'postgres' ? await newPostgres(o) : newPglite(o, work);
  let dropped: Promise<void> | null = null;
  const target = { ...made, drop: () => (dropped ??= made.drop()) };
  cleanups.push(() => target.drop());
  runCli(['migrate'], target.env, `assist-hub migrate (${target.where})`);
  return target;
}

async function newPostgres(o: Options): Promise<Target> {
  const name = `assist_hub_bench_ingest_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await withClient(o.server, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
  const url = databaseUrl(o.server, name);
  const drop = async () => {
    if (o.keep) log(`kept: ${url}`);
    else await withClient(o.server, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
  };
  return { kind: 'postgres', env: { DATABASE_URL: url }, where: url, drop };
}

function newPglite(o: Options, work: string): Target {
  const dir = fs.mkdtempSync(path.join(work, 'pglite-'));
  const drop = async () => {
    if (o.keep) log(`kept: ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  };
  return { kind: 'pglite', env: { DATABASE_URL: '', HUB_DATA_DIR: dir }, where: dir, drop };
}

// ---------------------------------------------------------------- import

/** `assist-hub import --no-check FILE` as a child process on the database `env` names; logs time, lines/s, peak RSS. */
export async function timedImport(file: ExchangeFile, env: NodeJS.ProcessEnv, what: string): Promise<TimedRun> {
  const run = await timedNode([CLI, 'import', '--no-check', file.file], cliEnv(env), ROOT);
  if (run.code !== 0) throw new Error(`${what}: assist-hub import exited with ${run.code}:\n${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}`);
  const summary = run.stdout.trim().split('\n').pop() ?? '';
  log(`  ${what}: ${fmt(run.seconds, 2)} s, ${count(file.lines / run.seconds)} lines/s, peak RSS ${fmt(run.peakRssMiB, 0)} MiB, exit 0: ${summary}`);
  return run;
}

// ---------------------------------------------------------------- the COPY limit

/** Tables of the public schema holding rows (but the migrations table), parents first. */
async function filledTables(url: string): Promise<string[]> {
  return withClient(url, async (c) => {
    const tables = (await c.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1`)).rows.map((r) => r.t);
    const edges = (await c.query<{ child: string; parent: string }>(`SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent
      FROM pg_constraint WHERE contype = 'f' AND conrelid <> confrelid AND connamespace = 'public'::regnamespace`)).rows;
    const filled: string[] = [];
    for (const t of parentsFirst(tables, edges)) {
      if ((await c.query(`SELECT 1 FROM ${quoteIdent(t)} LIMIT 1`)).rowCount) filled.push(t);
    }
    return filled;
  });
}

/** Tables ordered so every table comes after the tables it references (a cycle, if any, keeps name order). */
function parentsFirst(tables: string[], edges: { child: string; parent: string }[]): string[] {
  const out: string[] = [];
  const placed = new Set<string>();
  const strip = (name: string) => name.replace(/^"|"$/g, '');
  while (out.length < tables.length) {
    const ready = tables.filter((t) => !placed.has(t) && edges.every((e) => strip(e.child) !== t || placed.has(strip(e.parent)) || !tables.includes(strip(e.parent))));
    const next = ready.length > 0 ? ready : tables.filter((t) => !placed.has(t)).slice(0, 1);
    for (const t of next) {
      placed.add(t);
      out.push(t);
    }
  }
  return out;
}

/** Stored (not generated) columns of a table, in table order. */
async function columns(url: string, table: string): Promise<string> {
  return withClient(url, async (c) => {
    const rows = (await c.query<{ name: string }>(`SELECT attname AS name FROM pg_attribute
      WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum`, [quoteIdent(table)])).rows;
    return rows.map((r) => quoteIdent(r.name)).join(', ');
  });
}

const psqlLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`;

interface CopyLimit {
  tables: number;
  rows: number;
  seconds: number;
}

/** Dumps what the import stored and times loading it into another migrated database with COPY. */
async function copyLimit(source: Target, o: Options, work: string): Promise<CopyLimit> {
  const tables = await filledTables(source.where);
  const folder = fs.mkdtempSync(path.join(work, 'copy-'));
  cleanups.push(() => fs.rmSync(folder, { recursive: true, force: true }));
  const load: string[] = [];
  for (const t of tables) {
    const cols = await columns(source.where, t);
    const file = psqlLiteral(path.join(folder, `${t}.copy`));
    psql(source.where, ['-q', '-c', `\\copy (SELECT ${cols} FROM ${quoteIdent(t)}) TO ${file}`], `dump ${t}`);
    // The rows are the import's outcome already: the tables' own triggers (digests cleared, events written) stay off while they load; foreign keys are checked.
    load.push(`ALTER TABLE ${quoteIdent(t)} DISABLE TRIGGER USER;`, `\\copy ${quoteIdent(t)} (${cols}) FROM ${file}`);
  }
  const script = path.join(folder, 'load.sql');
  fs.writeFileSync(script, `${load.join('\n')}\n`);
  const target = await freshTarget('postgres', o, work);
  const started = process.hrtime.bigint();
  const output = psql(target.where, ['--single-transaction', '-f', script], 'COPY load');
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rows = [...output.matchAll(/^COPY (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
  await target.drop();
  fs.rmSync(folder, { recursive: true, force: true });
  return { tables: tables.length, rows, seconds };
}

// ---------------------------------------------------------------- one size

interface SizeResult {
  size: number;
  lines: number;
  first: TimedRun;
  again: TimedRun;
  copy: CopyLimit | null;
}

async function measureSize(kind: Kind, size: number, file: ExchangeFile, o: Options, work: string): Promise<SizeResult> {
  log(`${kind}, ${count(size)} (${count(file.lines)} lines, --background ${file.background}):`);
  const target = await freshTarget(kind, o, work);
  const first = await timedImport(file, target.env, 'import');
  const again = await timedImport(file, target.env, 're-import');
  let copy: CopyLimit | null = null;
  if (kind === 'postgres') {
    copy = await copyLimit(target, o, work);
    log(`  COPY limit: ${count(copy.rows)} rows of ${copy.tables} tables loaded in ${fmt(copy.seconds, 2)} s = ${count(file.lines / copy.seconds)} lines/s equivalent (${fmt(first.seconds / copy.seconds)} × faster than the import)`);
  }
  await target.drop();
  return { size, lines: file.lines, first, again, copy };
}

// ---------------------------------------------------------------- no stall

async function stall(kind: Kind, objects: unknown[], token: string, o: Options, work: string): Promise<StallResult> {
  const target = await freshTarget(kind, o, work);
  const env = { ...cliEnv(target.env), NODE_ENV: 'production', HUB_HOST: '127.0.0.1', PORT: '0', ...RAISED_LIMITS };
  const hub: RunningHub = await startHub(CLI, env, ROOT, path.join(work, `hub-${kind}.log`));
  cleanups.push(() => hub.stop());
  try {
    return await measureStall(hub.url, token, objects, IDLE_SECONDS);
  } finally {
    await hub.stop();
    await target.drop();
  }
}

function stallLine(kind: Kind, r: StallResult): string {
  const b = r.batch;
  const diff = r.busy.p50 - r.idle.p50;
  return [
    `no stall, ${kind}: idle p50 ${fmt(r.idle.p50, 2)} ms (${r.idle.count} queries in ${IDLE_SECONDS} s);`,
    `during the batch p50 ${fmt(r.busy.p50, 2)} ms, p99 ${fmt(r.busy.p99, 2)} ms, max ${fmt(r.busy.max, 1)} ms (${r.busy.count} queries);`,
    `batch ${fmt(r.batchSeconds, 2)} s (${b.stored} stored, ${b.unchanged} unchanged, ${b.rejected} rejected);`,
    `p50 difference ${diff >= 0 ? '+' : ''}${fmt(diff, 2)} ms (×${fmt(r.busy.p50 / r.idle.p50, 2)})`,
  ].join(' ');
}

async function noStall(o: Options, work: string): Promise<string[]> {
  const file = await exchangeFile(STALL_FILE_SIZE);
  const objects = await firstObjects(file.file, STALL_OBJECTS);
  const token = runCli(['token', '--role', 'ADMIN', '--purpose', 'bench:ingest', '--sub', 'bench-ingest', '--ttl', '24'], {}, 'assist-hub token').trim();
  log(`no stall: the first ${objects.length} lines of ${file.file} in one submitExchangeBatch; small query ${JSON.stringify('{ regions(first: 1) { edges { node { code } } } }')}`);
  log(`  raised for the benchmark's hub only: ${Object.entries(RAISED_LIMITS).map(([k, v]) => `${k}=${v}`).join(', ')} (one caller is the whole load);`);
  log('  unchanged: the body limit (16mb, MAX_BODY in src/server/app.ts; not configurable), HUB_MAX_TOKENS and HUB_MAX_COST (the objects travel as a variable), HUB_STATEMENT_TIMEOUT_MS');
  const lines: string[] = [];
  for (const kind of o.kinds) {
    const r = await stall(kind, objects, token, o, work);
    if (r.batch.rejections.length) log(`  first rejection: ${JSON.stringify(r.batch.rejections[0])}`);
    log(`  ${kind}: batch body ${fmt(r.batchBytes / 2 ** 20, 2)} MiB, ${fmt(r.batchSeconds, 2)} s`);
    lines.push(stallLine(kind, r));
  }
  return lines;
}

// ---------------------------------------------------------------- report

function report(kind: Kind, results: SizeResult[]): void {
  log('');
  log(`== ${kind}: assist-hub import --no-check (wall time of the command; RSS of the import process) ==`);
  const rows = [['size', 'lines', 'import s', 'lines/s', 'peak RSS MiB', 're-import s', 'lines/s', 're-import RSS MiB', 'COPY limit lines/s']];
  for (const r of results) {
    rows.push([
      count(r.size), count(r.lines),
      fmt(r.first.seconds, 2), count(r.lines / r.first.seconds), fmt(r.first.peakRssMiB, 0),
      fmt(r.again.seconds, 2), count(r.lines / r.again.seconds), fmt(r.again.peakRssMiB, 0),
      r.copy ? count(r.lines / r.copy.seconds) : '-',
    ]);
  }
  log(table(rows));
  for (let i = 1; i < results.length; i++) {
    const [a, b] = [results[i - 1]!, results[i]!];
    log(`growth ${count(a.size)} → ${count(b.size)}: import time ×${fmt(b.first.seconds / a.first.seconds, 2)}, re-import ×${fmt(b.again.seconds / a.again.seconds, 2)}; ideal ×${fmt(b.lines / a.lines, 2)} (the lines ratio)`);
  }
}

// ---------------------------------------------------------------- main

async function serverVersion(o: Options): Promise<string> {
  if (!o.kinds.includes('postgres')) return 'PGlite only';
  const version = await withClient(o.server, async (c) => (await c.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0]!.v);
  return `PostgreSQL ${version} at ${new URL(o.server).host}`;
}

async function main() {
  const o = options();
  assertBuilt();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'assist-hub-bench-ingest-'));
  cleanups.push(() => (o.keep ? log(`kept: ${work}`) : fs.rmSync(work, { recursive: true, force: true })));
  const interrupted = () => void cleanUp().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  log(`bench:ingest  node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; server ${await serverVersion(o)}`);
  try {
    const results: Record<Kind, SizeResult[]> = { postgres: [], pglite: [] };
    for (const size of o.sizes) {
      const file = await exchangeFile(size);
      for (const kind of o.kinds) {
        if (kind === 'pglite' && size > o.pgliteMax) log(`pglite, ${count(size)}: skipped (over --pglite-max ${count(o.pgliteMax)})`);
        else results[kind].push(await measureSize(kind, size, file, o, work));
      }
    }
    const stallLines = o.skipStall ? [] : await noStall(o, work);
    for (const kind of o.kinds) if (results[kind].length) report(kind, results[kind]);
    if (stallLines.length) log('');
    for (const line of stallLines) log(line);
  } finally {
    await cleanUp();
  }
}

// Only when run: scripts/bench-detect.ts imports the file generation and import from here.
if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
