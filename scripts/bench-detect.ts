// `npm run bench:detect -- --records 10000,100000,1000000 [--fill sql|import] [--as-of 2026-06-30] [--rules D1,G5] [--keep | --reuse URL] [--explain slowest|all|none] [--out DIR]`
//
// Numbers, not assertions; not part of `npm test`. For each size: a throw-away
// database on DATABASE_URL's PostgreSQL server, filled one of two ways; then
// `detect` with every rule, timed rule by rule.
// --fill sql (the default): the planted set (src/generate, seeded with the
// size) stored through the real ingestion; N records and the persons,
// households, members, standards and expenses they need made inside the server
// (bench-detect-fill.ts).
// --fill import: only what an operator would do. Needs dist/ built (npm run
// build). `assist-hub generate --seed 20260101 --as-of D --background B --out
// FILE --expected EXPECTED`, with B chosen so FILE holds about N records
// (about 345 planted plus 2.35 a background household), kept in the system's
// temp folder by seed, date and B so later runs (and bench:ingest's) reuse it;
// then `assist-hub import --no-check FILE` as a child process, timed (lines/s),
// with bench:ingest's fixed secrets (the pepper the expected findings assume);
// then ANALYZE, as autovacuum would do soon after an operator's import. The
// planted findings checked are EXPECTED's (the same as the set generated here
// with --background 0, which carries every field the check compares: the
// background plants none; checked line by line). With --reuse, pass the
// --fill the database was made with: it decides which planted set is checked.
// Prints wall time per rule and in total, the process's peak RSS, the
// PostgreSQL backends' peak RSS, whether the planted findings were all found
// among the rest, and writes EXPLAIN (ANALYZE, BUFFERS) of the slowest rule to
// a file. With several sizes, the growth factor from one size to the next.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { generatePlantedSet, findingKey, toRulesJson, type ExpectedFinding, type PlantedSet } from '../src/generate';
import { CHARITY } from '../src/generate/world';
import { ingest } from '../src/ingest/service';
import { openMigratedDatabase, type OpenedDatabase } from '../src/db/open';
import { detect, type DetectedFinding } from '../src/detection/detect';
import { allRules } from '../src/detection';
import type { RuleId } from '../src/detection/types';
import { testConfig, throwAwayDatabaseUrl } from '../tests/helpers/database';
import { countRows, fillBenchmark, type FillCounts } from './bench-detect-fill';
import { SECRETS, SEED, assertBuilt, countLines, generatedFile, timedImport } from './bench-ingest';

/** Records `generate` writes: PLANTED_RECORDS with --background 0, RECORDS_PER_BACKGROUND more a background household (measured: 345 and 37,953 for 0 and 16,016). */
const PLANTED_RECORDS = 345;
const RECORDS_PER_BACKGROUND = (37_953 - PLANTED_RECORDS) / 16_016;

interface Options {
  sizes: number[];
  /** An already filled database (--keep of an earlier run): time the rules on it again, nothing filled or dropped. */
  reuse?: string;
  /** Rules to time (default: all). */
  rules?: RuleId[];
  asOf: string;
  /** sql: planted set ingested, the rest made by SQL; import: a generated file through `assist-hub import` only. */
  fill: 'sql' | 'import';
  keep: boolean;
  explain: 'slowest' | 'all' | 'none';
  out: string;
}

interface SizeResult {
  records: number;
  counts: FillCounts;
  fillSeconds: number;
  perRule: { rule: RuleId; seconds: number; found: number }[];
  totalSeconds: number;
  peakRssMiB: number;
  backendPeakRssMiB: number | null;
  planted: { expected: number; found: number; identical: number };
}

function parseArgs(argv: string[]): Options {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const sizes = (value('--records') ?? '10000').split(',').map((s) => Number(s.replace(/_/g, '')));
  if (!sizes.every((n) => Number.isInteger(n) && n >= 1000)) throw new Error('--records: whole numbers of at least 1000, comma-separated');
  const explain = (value('--explain') ?? 'slowest') as Options['explain'];
  if (!['slowest', 'all', 'none'].includes(explain)) throw new Error('--explain: slowest, all or none');
  const rules = value('--rules')?.split(',') as RuleId[] | undefined;
  const fill = (value('--fill') ?? 'sql') as Options['fill'];
  if (!['sql', 'import'].includes(fill)) throw new Error('--fill: sql or import');
  return {
    fill,
    sizes,
    reuse: value('--reuse'),
    rules,
    asOf: value('--as-of') ?? '2026-06-30',
    keep: argv.includes('--keep'),
    explain,
    out: value('--out') ?? path.join(os.tmpdir(), 'assist-hub-bench-detect'),
  };
}

async function benchOne(records: number, options: Options): Promise<SizeResult> {
  const log = (line: string) => console.log(line);
  log(`\n== ${records.toLocaleString('en')} records ==`);
  const { url, drop } = options.reuse ? { url: options.reuse, drop: async () => {} } : await throwAwayDatabaseUrl();
  if (!url) throw new Error('DATABASE_URL is not set: the benchmark needs a PostgreSQL server');
  // One pepper for everything: the generated files' (person keys are part of the data).
  const config = testConfig(url, { LOG_LEVEL: 'silent', HUB_ID_PEPPER: SECRETS.HUB_ID_PEPPER });
  // Detection reads everything: no statement time limit.
  const db = await openMigratedDatabase(config, { statementTimeoutMs: 0 });
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    // The import fill's file is generated with bench:ingest's seed; the SQL fill plants with the size as seed.
    const seed = options.fill === 'import' ? Number(SEED) : records;
    const planted = generatePlantedSet({ seed, asOf: options.asOf, pepper: config.idPepper, background: 0 });
    const fill = options.reuse ? () => timedFill(() => countRows(client)) : options.fill === 'import' ? importFill : sqlFill;
    const { counts, fillSeconds } = await fill({ records, url, options, planted, db, client, pepper: config.idPepper, log });
    log(`  database: ${counts.records} records, ${counts.persons} persons, ${counts.households} households, ${counts.members} listings, ${counts.expenses} expenses (fill ${fillSeconds} s)`);

    const perRule: SizeResult['perRule'] = [];
    const detectStarted = performance.now();
    let last = detectStarted;
    const found = await detect(db.prisma, {
      asOf: options.asOf,
      rules: options.rules,
      onRuleDone: (rule, n) => {
        const now = performance.now();
        perRule.push({ rule, seconds: (now - last) / 1000, found: n });
        log(`  ${rule}  ${((now - last) / 1000).toFixed(2).padStart(8)} s  ${String(n).padStart(7)} findings`);
        last = now;
      },
    });
    const totalSeconds = (performance.now() - detectStarted) / 1000;
    const backendPeakRssMiB = await backendPeakRss(client);
    const peakRssMiB = process.resourceUsage().maxRSS / 1024;
    log(`  total ${totalSeconds.toFixed(2)} s, ${found.length} findings; peak RSS ${peakRssMiB.toFixed(0)} MiB (this process), ${backendPeakRssMiB === null ? 'n/a' : `${backendPeakRssMiB.toFixed(0)} MiB`} (PostgreSQL backends, VmHWM)`);
    const check = plantedCheck(planted.expected, found);
    log(`  planted findings among them: ${check.found}/${check.expected} found, ${check.identical} identical in every field`);
    await explain(client, perRule, records, options, log);
    return { records, counts, fillSeconds, perRule, totalSeconds, peakRssMiB, backendPeakRssMiB, planted: check };
  } finally {
    await client.end();
    await db.close();
    if (options.keep || options.reuse) log(`  kept: ${url}`);
    else await drop();
  }
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

/** The fill time reported: storing the N records and ANALYZE (not the planted set's ingestion, not generating the file). */
async function timedFill(work: () => Promise<FillCounts>): Promise<{ counts: FillCounts; fillSeconds: number }> {
  const started = performance.now();
  const counts = await work();
  return { counts, fillSeconds: Number(seconds(started)) };
}

/** What a fill works on: the size, the empty migrated database, the planted set the check will look for. */
interface FillContext {
  records: number;
  url: string;
  options: Options;
  planted: PlantedSet;
  db: OpenedDatabase;
  client: Client;
  pepper: string;
  log: (line: string) => void;
}

/** The planted set through the real ingestion, then the rest of N records made inside the server. */
async function sqlFill({ records, options, planted, db, client, pepper, log }: FillContext) {
  const started = performance.now();
  const summary = await ingest(db.prisma, planted.objects.map((input, i) => ({ position: i + 1, input })), { sender: { name: 'bench', department: null }, personKeyPepper: pepper });
  if (summary.rejected > 0) throw new Error(`planted set: ${summary.rejected} lines rejected`);
  log(`  planted set through ingestion (${planted.objects.length} objects): ${seconds(started)} s`);
  return timedFill(() => fillBenchmark(client, { records, asOf: options.asOf, charityProgram: CHARITY.medical, log }));
}

/** A generated file of about N records through `assist-hub import` alone, as an operator fills a hub. */
async function importFill({ records, url, options, planted, client, log }: FillContext) {
  assertBuilt();
  const background = Math.max(0, Math.round((records - PLANTED_RECORDS) / RECORDS_PER_BACKGROUND));
  const made = generatedFile(options.asOf, background, true);
  log(`  ${made.seconds === null ? 'cached from an earlier run (delete it to generate again)' : `generated in ${made.seconds.toFixed(1)} s`}: --background ${background}, ${made.file}`);
  checkExpectedFile(made.expected, planted.expected, options.asOf);
  const file = { file: made.file, background, lines: await countLines(made.file) };
  log(`  file: ${(await countRecords(made.file)).toLocaleString('en')} records in ${file.lines.toLocaleString('en')} lines; ${planted.expected.length} findings expected (${made.expected})`);
  return timedFill(async () => {
    await timedImport(file, { DATABASE_URL: url }, 'import --no-check');
    // The importer leaves statistics to autovacuum, which would run within a minute of an operator's import; the rules run at once.
    const started = performance.now();
    await client.query('ANALYZE');
    log(`  analyze: ${seconds(started)} s`);
    return countRows(client);
  });
}

/** Lines that are records (the generator writes "type" first). */
async function countRecords(file: string): Promise<number> {
  let n = 0;
  for await (const line of readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity })) {
    if (line.startsWith('{"type":"record"')) n++;
  }
  return n;
}

/**
 * The generator's expected file must hold exactly the planted set generated
 * here, which the check uses because it carries every field compared (the
 * file's RULES.md lines leave out a duplicate's region and area).
 */
function checkExpectedFile(file: string, expected: ExpectedFinding[], asOf: string): void {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const differs = lines.length !== expected.length || expected.some((f, i) => JSON.stringify(toRulesJson(f, asOf)) !== lines[i]);
  if (differs) throw new Error(`${file}: not the ${expected.length} findings planted here with seed ${SEED} (another pepper or generator version? delete it to generate again)`);
}

/** The planted findings must be found among everything else, unchanged. */
function plantedCheck(expected: ExpectedFinding[], found: DetectedFinding[]) {
  const byKey = new Map(found.map((f) => [f.findingKey, f]));
  let identical = 0;
  let present = 0;
  for (const e of expected) {
    const f = byKey.get(findingKey(e));
    if (!f) continue;
    present++;
    const same = f.personKey === e.personKey && f.householdSourceId === e.householdSourceId && f.overpayment === e.overpayment
      && f.regionCode === e.regionCode && f.area === e.area && f.records.join() === e.records.join();
    if (same) identical++;
  }
  return { expected: expected.length, found: present, identical };
}

/**
 * Peak resident memory of this database's backends (VmHWM from /proc, when
 * the server runs on this machine); it includes the shared buffers they touched.
 */
async function backendPeakRss(client: Client): Promise<number | null> {
  const { rows } = await client.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`);
  let peak: number | null = null;
  for (const { pid } of rows) {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match) peak = Math.max(peak ?? 0, Number(match[1]) / 1024);
    } catch {
      // not on this machine, or not ours to read
    }
  }
  return peak;
}

async function explain(client: Client, perRule: SizeResult['perRule'], records: number, options: Options, log: (line: string) => void) {
  if (options.explain === 'none') return;
  const slowest = [...perRule].sort((a, b) => b.seconds - a.seconds)[0];
  const chosen = options.explain === 'all' ? perRule : slowest ? [slowest] : [];
  fs.mkdirSync(options.out, { recursive: true });
  for (const { rule } of chosen) {
    const sql = allRules.find((r) => r.id === rule)!.sql;
    const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, [options.asOf]);
    const file = path.join(options.out, `detect-${records}-${rule}.explain.txt`);
    fs.writeFileSync(file, `-- ${rule} as of ${options.asOf}, ${records} records\n${rows.map((r) => r['QUERY PLAN']).join('\n')}\n`);
    log(`  EXPLAIN ANALYZE of ${rule}: ${file}`);
  }
}

function report(results: SizeResult[]) {
  console.log('\n== summary (wall seconds per rule) ==');
  const header = ['rule', ...results.map((r) => `${r.records}`), ...results.slice(1).map((r, i) => `x${results[i]!.records}->${r.records}`)];
  console.log(header.join('\t'));
  const rules = results[0]!.perRule.map((r) => r.rule);
  const row = (label: string, value: (r: SizeResult) => number) => {
    const values = results.map(value);
    const growth = values.slice(1).map((v, i) => (values[i]! > 0 ? (v / values[i]!).toFixed(1) : '-'));
    console.log([label, ...values.map((v) => v.toFixed(2)), ...growth].join('\t'));
  };
  for (const rule of rules) row(rule, (r) => r.perRule.find((p) => p.rule === rule)!.seconds);
  row('total', (r) => r.totalSeconds);
  row('peak RSS MiB', (r) => r.peakRssMiB);
  console.log(JSON.stringify(results.map(({ records, counts, fillSeconds, totalSeconds, peakRssMiB, backendPeakRssMiB, planted }) =>
    ({ records, counts, fillSeconds, totalSeconds: Number(totalSeconds.toFixed(2)), peakRssMiB: Math.round(peakRssMiB), backendPeakRssMiB: backendPeakRssMiB && Math.round(backendPeakRssMiB), planted }))));
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const results: SizeResult[] = [];
  for (const size of options.sizes) results.push(await benchOne(size, options));
  report(results);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
