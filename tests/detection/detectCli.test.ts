// The real command (EXCHANGE.md, "Command line"): `assist-hub detect` in a
// child process on its own database (a throw-away PostgreSQL database when
// DATABASE_URL is set, else an embedded one in a temp folder). The data is
// loaded, and the stored state read, by this process while no child runs.
// Each spawn costs seconds: the tests run in order on the same database.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ingest } from '../../src/ingest/service';
import { loadConfig } from '../../src/lib/config';
import { openMigratedDatabase, type OpenedDatabase } from '../../src/db/open';
import { personKey } from '../../src/lib/ids';
import { throwAwayDatabaseUrl } from '../helpers/database';
import { ADMIN, REGIONS, items } from '../ingest/builders';
import { dibaoFor, family, idNumber, record, sortedKeys } from './duplicateFixtures';

const REPO = path.resolve(__dirname, '../..');
const BIN = path.join(REPO, 'bin', 'assist-hub.cjs');
const SPAWN_TIMEOUT = 180_000;
const PEPPER = 'detect-cli-test-pepper';
const D = '2026-06-30';

let dir: string;
let env: NodeJS.ProcessEnv;
let dropDatabase: () => Promise<void>;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function detectCli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile('node', [BIN, 'detect', ...args], { cwd: REPO, env, timeout: SPAWN_TIMEOUT }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** Opens the child's database in this process (no child may be running), for `use`, and closes it. */
async function withDatabase<T>(use: (db: OpenedDatabase) => Promise<T>): Promise<T> {
  const db = await openMigratedDatabase(loadConfig(env));
  try {
    return await use(db);
  } finally {
    await db.close();
  }
}

// D1: a parent on 低保 and 特困; D5: the living subsidy under 特困.
const home = family();
const dibao = dibaoFor(home);
const tekun = record('TEKUN', home.parent, { amount: '800.00', startDate: '2026-03-15' });
const supported = idNumber({ birth: '19580101' });
const supportedTekun = record('TEKUN', supported, { startDate: '2026-02-01' });
const living = record('DISABILITY_LIVING_SUBSIDY', supported, { amount: '100.00', needCategory: 'DISABILITY_CARE' });
const keyOf = (id: string) => personKey(id.toUpperCase(), PEPPER);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assist-hub-detect-'));
  const database = await throwAwayDatabaseUrl();
  dropDatabase = database.drop;
  const { DATABASE_URL: _inherited, NODE_OPTIONS: _jestOptions, ...rest } = process.env;
  env = {
    ...rest,
    ...(database.url ? { DATABASE_URL: database.url } : { HUB_DATA_DIR: path.join(dir, 'data') }),
    HUB_ID_PEPPER: PEPPER,
    HUB_JWT_SECRET: 'detect-cli-test-jwt-secret-long-enough-for-hs256',
    NODE_ENV: 'test',
  };
  await withDatabase(async (db) => {
    const objects = [...REGIONS, home.household, dibao, tekun, supportedTekun, living];
    const summary = await ingest(db.prisma, items(objects), { sender: ADMIN, personKeyPepper: PEPPER });
    expect(summary.rejected).toBe(0);
  });
});
afterAll(async () => {
  await dropDatabase();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('assist-hub detect', () => {
  it('refuses an impossible --as-of and an unknown rule in --rules: exit 2, a message naming the option, nothing on stdout', async () => {
    const badDate = await detectCli('--as-of', '2026-02-30', '--json');
    expect(badDate).toEqual({ code: 2, stdout: '', stderr: 'assist-hub detect: --as-of: must be a real date YYYY-MM-DD, got "2026-02-30"\n' });
    const badRule = await detectCli('--rules', 'D1,D9');
    expect(badRule.code).toBe(2);
    expect(badRule.stdout).toBe('');
    expect(badRule.stderr).toMatch(/^assist-hub detect: --rules: unknown rule D9; the rules are D1, D2, D3, D4, D5, D6/);
  }, 2 * SPAWN_TIMEOUT);

  it('--json prints one RULES.md object per finding; a second run prints the same bytes; both are stored', async () => {
    const first = await detectCli('--as-of', D, '--json');
    expect(first.code).toBe(0);
    expect(first.stderr).toBe(''); // no terminal: no progress bar
    const lines = first.stdout.split('\n').filter(Boolean);
    expect(lines.filter((l) => l.includes('"kind":"DUPLICATE"'))).toEqual([
      `{"kind":"DUPLICATE","rule":"D1","personKey":"${keyOf(home.parent)}","householdSourceId":"${home.sourceId}",` +
        `"records":${JSON.stringify(sortedKeys(dibao, tekun))},"overpayment":"3200.00","asOf":"${D}"}`,
      `{"kind":"DUPLICATE","rule":"D5","personKey":"${keyOf(supported)}","householdSourceId":null,` +
        `"records":${JSON.stringify(sortedKeys(supportedTekun, living))},"overpayment":"500.00","asOf":"${D}"}`,
    ]);
    for (const line of lines) expect(Object.keys(JSON.parse(line))).toContain('asOf');

    const second = await detectCli('--as-of', D, '--json');
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);

    await withDatabase(async (db) => {
      const runs = await db.prisma.detectionRun.findMany({ orderBy: { id: 'asc' } });
      expect(runs.map((r) => [r.startedBy, r.found, r.finishedAt !== null])).toEqual([['cli', lines.length, true], ['cli', lines.length, true]]);
      expect(await db.prisma.finding.count({ where: { current: true, status: 'OPEN' } })).toBe(lines.length);
    });
  }, 3 * SPAWN_TIMEOUT);

  it('without --json prints a count per rule; --no-store leaves the stored findings and runs as they were', async () => {
    const before = await withDatabase(async (db) => [await db.prisma.detectionRun.count(), await db.prisma.finding.findMany({ orderBy: { id: 'asc' } })]);
    const run = await detectCli('--as-of', D, '--rules', 'D5,D1', '--no-store');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        `detect as of ${D}: 2 finding(s)`,
        '  D1  EXCLUSIVE_BASIC_LIVING          1',
        '  D5  DISABILITY_SUBSIDY_WHILE_TEKUN  1',
        'not stored (--no-store)',
        '',
      ].join('\n'),
    );
    const after = await withDatabase(async (db) => [await db.prisma.detectionRun.count(), await db.prisma.finding.findMany({ orderBy: { id: 'asc' } })]);
    expect(after).toEqual(before);
  }, 3 * SPAWN_TIMEOUT);
});
