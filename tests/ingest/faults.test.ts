// Faults during ingestion (EXCHANGE.md v2): an import killed with SIGKILL in
// the middle of a file leaves no line half stored, and the same import run
// again completes it, reporting what was done as unchanged, and runs the
// duplicate check an import killed before it left undone; and two imports of
// the same lines at once both complete, with one CREATED history entry per
// entity. Real `assist-hub import` processes on a real database (a throw-away
// PostgreSQL database when DATABASE_URL is set, else an embedded one in a
// temp folder), compared with a clean import of the same file.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openMigratedDatabase, type OpenedDatabase } from '../../src/db/open';
import { generatePlantedSet } from '../../src/generate';
import { ingest } from '../../src/ingest/service';
import { doorCheck } from '../../src/detection/door';
import { loadConfig } from '../../src/lib/config';
import { onPostgres, throwAwayDatabaseUrl } from '../helpers/database';

const REPO = path.resolve(__dirname, '../..');
const BIN = path.join(REPO, 'bin', 'assist-hub.cjs');
const PEPPER = 'test-pepper';
const TIMEOUT = 240_000;

let dir: string;
let file: string;
let lines: number;
const drops: (() => Promise<void>)[] = [];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assist-hub-faults-'));
  // About 4,000 lines: eight chunks, several seconds of importing to be killed in.
  const set = generatePlantedSet({ seed: 7, asOf: '2026-06-30', pepper: PEPPER, background: 500 });
  file = path.join(dir, 'data.ndjson');
  fs.writeFileSync(file, set.objects.map((o) => JSON.stringify(o)).join('\n') + '\n');
  lines = set.objects.length;
});

afterAll(async () => {
  for (const drop of drops) await drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function baseEnv(): NodeJS.ProcessEnv {
  const { DATABASE_URL: _inherited, NODE_OPTIONS: _jest, ...rest } = process.env;
  return { ...rest, NODE_ENV: 'test', LOG_LEVEL: 'warn', HUB_ID_PEPPER: PEPPER, HUB_JWT_SECRET: 'test-jwt-secret-that-is-long-enough-for-hs256' };
}

let migrated: string | undefined;

/**
 * A new migrated, empty database: its environment for the command line. An
 * embedded one is a copy of a data folder migrated once, so that a kill falls
 * on the import, not on the migrations it would run first.
 */
async function newDatabase(name: string): Promise<NodeJS.ProcessEnv> {
  const { url, drop } = await throwAwayDatabaseUrl();
  drops.push(drop);
  if (url) {
    const env = { ...baseEnv(), DATABASE_URL: url };
    expect(spawnSync('node', [BIN, 'migrate'], { cwd: REPO, env, encoding: 'utf8' }).status).toBe(0);
    return env;
  }
  if (!migrated) {
    migrated = path.join(dir, 'migrated');
    const run = spawnSync('node', [BIN, 'migrate'], { cwd: REPO, env: { ...baseEnv(), HUB_DATA_DIR: migrated }, encoding: 'utf8' });
    expect(run.status).toBe(0);
  }
  const dataDir = path.join(dir, name);
  fs.cpSync(migrated, dataDir, { recursive: true });
  return { ...baseEnv(), HUB_DATA_DIR: dataDir };
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
}

/** Runs `assist-hub import --no-check FILE` (`check`: with the duplicate check); `killWhen` may kill it (SIGKILL) once it says so. */
function importFile(env: NodeJS.ProcessEnv, killWhen?: (child: ReturnType<typeof spawn>) => Promise<void>, check = false): Promise<Run> {
  return new Promise((resolve) => {
    const args = [BIN, 'import', ...(check ? [] : ['--no-check']), file];
    const child = spawn('node', args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('exit', (code, signal) => resolve({ code, signal, stdout }));
    void killWhen?.(child);
  });
}

/** Opens the database the environment names (after the import process is gone: an embedded one has one owner). */
async function open(env: NodeJS.ProcessEnv): Promise<OpenedDatabase> {
  return openMigratedDatabase(loadConfig({ ...env, HUB_PGLITE_TEMPLATE: '' }));
}

async function historyCount(env: NodeJS.ProcessEnv): Promise<number> {
  const db = await open(env);
  try {
    return await db.prisma.changeEvent.count();
  } finally {
    await db.close();
  }
}

/** Every stored row that an import writes, as text in a fixed order, and the CREATED entries per entity. */
async function stateOf(env: NodeJS.ProcessEnv) {
  const db = await open(env);
  try {
    const tables: Record<string, string> = {
      region: 'SELECT code, name, level, parent_code FROM region',
      standard: 'SELECT region_code, year, program, area, monthly_amount FROM standard',
      person: `SELECT person_key, masked_id_number, birth_date, sex, name, hukou_region_code, residence_region_code,
                      disability_grade, disability_type, employment_status, school_stage, orphan, death_date FROM person`,
      household: 'SELECT source_id, region_code, township, area, monthly_income_per_capita FROM household',
      member: 'SELECT household_source_id, person_key, relation, position FROM household_member',
      record: `SELECT r.department, r.source_record_id, r.program, r.beneficiary_key, r.household_source_id, r.region_code, r.amount,
                      r.frequency, r.start_date, r.end_date, r.status, r.need_category, r.event_ref, r.expense_basis, r.charity_program_code,
                      (SELECT jsonb_object_agg(d.key, d.value) FROM (
                         SELECT (to_jsonb(x) - 'record_id') AS j FROM civil_affairs_record_detail x WHERE x.record_id = r.id
                         UNION ALL SELECT to_jsonb(x) - 'record_id' FROM education_record_detail x WHERE x.record_id = r.id
                         UNION ALL SELECT to_jsonb(x) - 'record_id' FROM housing_record_detail x WHERE x.record_id = r.id
                         UNION ALL SELECT to_jsonb(x) - 'record_id' FROM healthcare_record_detail x WHERE x.record_id = r.id
                         UNION ALL SELECT to_jsonb(x) - 'record_id' FROM human_resources_record_detail x WHERE x.record_id = r.id
                         UNION ALL SELECT to_jsonb(x) - 'record_id' FROM disability_record_detail x WHERE x.record_id = r.id
                         UNION ALL SELECT to_jsonb(x) - 'record_id' FROM charity_grant_detail x WHERE x.record_id = r.id
                       ) j, jsonb_each(j.j) d) AS details
               FROM assistance_record r`,
      expense: 'SELECT department, source_id, person_key, category, amount, date FROM expense',
      program: 'SELECT code, name, organization, need_category, region_codes, budget, start_date, end_date FROM charity_program',
    };
    const state: Record<string, string[]> = {};
    for (const [name, sql] of Object.entries(tables)) {
      const rows = await db.prisma.$queryRawUnsafe<{ row: string }[]>(`SELECT t::text AS row FROM (${sql}) t`);
      state[name] = rows.map((r) => r.row).sort();
    }
    const created = await db.prisma.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM change_event WHERE action = 'CREATED' GROUP BY entity_type, entity_key HAVING count(*) > 1`,
    );
    const entities = await db.prisma.$queryRawUnsafe<{ n: number }[]>(
      'SELECT count(DISTINCT (entity_type, entity_key))::int AS n FROM change_event',
    );
    return { state, entitiesCreatedTwice: created.length, entities: entities[0]!.n };
  } finally {
    await db.close();
  }
}

const summaryOf = (run: Run) => {
  const match = /: (\d+) stored, (\d+) unchanged, (\d+) rejected/.exec(run.stdout);
  return match ? { stored: Number(match[1]), unchanged: Number(match[2]), rejected: Number(match[3]) } : null;
};

let clean: Awaited<ReturnType<typeof stateOf>>;
/** How long the clean import took here, from spawn to exit: where a kill lands mid-file on a machine this busy. */
let cleanMs: number;

beforeAll(async () => {
  const env = await newDatabase('clean');
  const started = Date.now();
  const run = await importFile(env);
  cleanMs = Date.now() - started;
  expect(run.code).toBe(0);
  expect(summaryOf(run)).toEqual({ stored: lines, unchanged: 0, rejected: 0 });
  clean = await stateOf(env);
  expect(clean.entitiesCreatedTwice).toBe(0);
}, TIMEOUT);

/**
 * Kills an import once some of its chunks are committed and before it ends.
 * On PostgreSQL the history is watched from outside; an embedded database has
 * one owner, so its import is killed after a delay (from the clean import's
 * time), tried again with a longer or shorter one until the kill fell mid-file.
 */
async function killMidFile(env: NodeJS.ProcessEnv): Promise<number> {
  if (onPostgres) {
    const { Client } = await import('pg');
    const run = await importFile(env, async (child) => {
      const client = new Client({ connectionString: env.DATABASE_URL });
      await client.connect();
      try {
        while (child.exitCode === null) {
          const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM change_event');
          if (rows[0]!.n > 0) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        child.kill('SIGKILL');
      } finally {
        await client.end();
      }
    });
    expect(run.signal).toBe('SIGKILL');
    return historyCount(env);
  }
  let delay = cleanMs * 0.6;
  for (let attempt = 1; ; attempt++) {
    const target = { ...env, HUB_DATA_DIR: `${env.HUB_DATA_DIR}-${attempt}` };
    fs.cpSync(env.HUB_DATA_DIR!, target.HUB_DATA_DIR, { recursive: true });
    const run = await importFile(target, async (child) => {
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
    });
    const committed = run.signal === 'SIGKILL' ? await historyCount(target) : lines;
    if (committed > 0 && committed < lines) {
      Object.assign(env, target);
      return committed;
    }
    if (attempt === 8) throw new Error(`could not kill the import mid-file (last: ${committed} of ${lines} history entries)`);
    delay = committed === 0 ? delay * 1.5 : delay * 0.6;
  }
}

it('an import killed with SIGKILL mid-file stored whole chunks only; the same import again completes it, equal to a clean import', async () => {
  const env = await newDatabase('killed');
  const committed = await killMidFile(env);
  expect(committed).toBeGreaterThan(0);
  expect(committed).toBeLessThan(lines);

  const again = await importFile(env);
  expect(again.code).toBe(0);
  const summary = summaryOf(again)!;
  // What the killed run committed comes back unchanged (a few entities sent twice in the file are stored again).
  expect(summary.rejected).toBe(0);
  expect(summary.stored + summary.unchanged).toBe(lines);
  expect(summary.unchanged).toBeGreaterThan(0);
  expect(summary.stored).toBeGreaterThan(0);

  const after = await stateOf(env);
  expect(after.state).toEqual(clean.state);
  expect(after.entitiesCreatedTwice).toBe(0);
  expect(after.entities).toBe(clean.entities);
}, TIMEOUT);

const fileItems = () => fs.readFileSync(file, 'utf8').trim().split('\n').map((input, i) => ({ position: i + 1, input }));
const ADMIN_IMPORT = { name: 'import:admin', department: null };

it('an import that died after its last commit, before its duplicate check: the same import again runs the check and reports what a clean import reports', async () => {
  const checkedEnv = await newDatabase('clean-checked');
  const checked = await importFile(checkedEnv, undefined, true);
  expect(checked.code).toBe(0);
  const findingLines = (run: Run) => run.stdout.split('\n').filter((l) => / finding \d+ /.test(l)).map((l) => l.replace(/ finding \d+ /, ' finding # '));
  expect(findingLines(checked).length).toBeGreaterThan(0); // the generator plants duplicates

  // What such a death leaves: every chunk committed with its lines noted as waiting for the check, no check run.
  const env = await newDatabase('unchecked');
  const db = await open(env);
  try {
    await ingest(db.prisma, fileItems(), { sender: ADMIN_IMPORT, personKeyPepper: PEPPER, followUp: doorCheck });
    expect(await db.prisma.doorCheckPending.count()).toBeGreaterThan(0);
    expect(await db.prisma.detectionRun.count()).toBe(0);
  } finally {
    await db.close();
  }

  const again = await importFile(env, undefined, true);
  expect(again.code).toBe(0);
  expect(again.stdout).toMatch(/the duplicate check also covered \d+ line\(s\) stored by an earlier import whose check had not run/);
  expect(findingLines(again)).toEqual(findingLines(checked));
  const after = await open(env);
  try {
    expect(await after.prisma.doorCheckPending.count()).toBe(0);
  } finally {
    await after.close();
  }
}, TIMEOUT);

it('two imports of the same lines at once both complete: every line stored once, one CREATED per entity, equal to a clean import', async () => {
  const env = await newDatabase('concurrent');
  if (onPostgres) {
    // Two processes, two connections: their chunks take turns.
    const [a, b] = await Promise.all([importFile(env), importFile(env)]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const [sa, sb] = [summaryOf(a)!, summaryOf(b)!];
    expect(sa.stored + sa.unchanged).toBe(lines);
    expect(sb.stored + sb.unchanged).toBe(lines);
  } else {
    // An embedded database has one owner: two imports at once are two calls in one process (as two batches in one hub).
    const db = await open(env);
    try {
      const [a, b] = await Promise.all([
        ingest(db.prisma, fileItems(), { sender: ADMIN_IMPORT, personKeyPepper: PEPPER }),
        ingest(db.prisma, fileItems(), { sender: ADMIN_IMPORT, personKeyPepper: PEPPER }),
      ]);
      expect([a.rejected, b.rejected]).toEqual([0, 0]);
      expect(a.stored + a.unchanged).toBe(lines);
      expect(b.stored + b.unchanged).toBe(lines);
    } finally {
      await db.close();
    }
  }
  const after = await stateOf(env);
  expect(after.state).toEqual(clean.state);
  expect(after.entitiesCreatedTwice).toBe(0);
}, TIMEOUT);
