// The real command line (EXCHANGE.md, "Command line"): `assist-hub import FILE...`
// in a child process, on its own database (a throw-away PostgreSQL database
// when DATABASE_URL is set, else an embedded one in a temp folder that only
// the child opens). Each spawn costs seconds, so the tests below run in order
// on the same database and each proves several things: keep the order.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { throwAwayDatabaseUrl } from '../helpers/database';
import { household, idNumber, person, standard, withWrongCheck } from './builders';

const REPO = path.resolve(__dirname, '../..');
const BIN = path.join(REPO, 'bin', 'assist-hub.cjs');
const SPAWN_TIMEOUT = 120_000;

let dir: string;
let env: NodeJS.ProcessEnv;
let dropDatabase: () => Promise<void>;
const sentIdNumbers: string[] = [];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout without the progress bar or blank lines. */
  lines: string[];
}

/** Runs `assist-hub import ARGS...` and resolves with its exit status and output (never rejects). */
function importCli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile('node', [BIN, 'import', ...args], { cwd: REPO, env, timeout: SPAWN_TIMEOUT }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr, lines: stdout.split('\n').filter((l) => l.trim() !== '') });
    });
  });
}

/** Writes an NDJSON file: objects become JSON lines, strings are written as they are (blank lines, broken JSON). */
function ndjson(name: string, lines: (object | string)[], eol = '\n'): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join(eol) + eol, 'utf8');
  return file;
}

function newId(options?: Parameters<typeof idNumber>[0]): string {
  const id = idNumber(options);
  sentIdNumbers.push(id);
  return id;
}

const region = (code: string, name: string, parentCode: string | null, level: string) => ({ type: 'region', code, name, parentCode, level });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assist-hub-cli-'));
  const database = await throwAwayDatabaseUrl();
  dropDatabase = database.drop;
  const { DATABASE_URL: _inherited, NODE_OPTIONS: _jestOptions, ...rest } = process.env;
  env = {
    ...rest,
    ...(database.url ? { DATABASE_URL: database.url } : { HUB_DATA_DIR: path.join(dir, 'data') }),
    HUB_ID_PEPPER: 'cli-test-pepper',
    HUB_JWT_SECRET: 'cli-test-jwt-secret-that-is-long-enough-for-hs256',
    NODE_ENV: 'test',
  };
});
afterAll(async () => {
  await dropDatabase();
  fs.rmSync(dir, { recursive: true, force: true });
});

// The mixed file, line by line. Blank lines are skipped but keep their number;
// the file starts with a UTF-8 byte-order mark and uses CRLF line ends.
const head = newId({ birth: '19800101', sex: 'MALE' });
const child = newId({ birth: '20150601' });
const checked = newId();
const badCheck = withWrongCheck(checked);
const MIXED: (object | string)[] = [
  /* 1 */ `\uFEFF${JSON.stringify(region('510000', '四川省', null, 'PROVINCE'))}`,
  /* 2 */ region('510100', '成都市', '510000', 'CITY'),
  /* 3 */ '',
  /* 4 */ region('510104', '锦江区', '510100', 'COUNTY'),
  /* 5 */ standard({ regionCode: '510199' }),
  /* 6 */ '   ',
  /* 7 */ person(head, { name: '张三', residenceRegionCode: '510104' }),
  /* 8 */ '{"type":"person","idNumber":',
  /* 9 */ household([{ idNumber: child, relation: 'CHILD' }]),
  /* 10 */ standard({ regionCode: '510104', monthlyAmount: '780.00' }),
  /* 11 */ person(head, { extra: true }),
  /* 12 */ household([{ idNumber: head, relation: 'HEAD' }, { idNumber: child, relation: 'CHILD' }], { sourceId: 'HH-510104-CLI-1' }),
  /* 13 */ '',
  /* 14 */ person(badCheck, { name: '李四' }),
  /* 15 */ standard({ regionCode: '510104', area: 'RURAL', monthlyAmount: 780 }),
];
const MIXED_VALID = 6; // lines 1, 2, 4, 7, 10, 12
const MIXED_REJECTED = 6; // lines 5, 8, 9, 11, 14, 15

/** The rejection lines expected for the mixed file, in order (line 8's reason comes from JSON.parse). */
function expectedRejections(file: string): (string | RegExp)[] {
  return [
    `${file}:5: regionCode: unknown region 510199: send its region line first`,
    new RegExp(`^${escapeRegExp(file)}:8: \\(line\\): not valid JSON: .+`),
    `${file}:9: members: must have exactly one HEAD, found 0`,
    `${file}:11: extra: unknown field (not in EXCHANGE.md for this type)`,
    `${file}:14: idNumber: check character is ${badCheck[17]}, expected ${checked[17]}`,
    `${file}:15: monthlyAmount: must be a decimal string in yuan such as "1014.00", not a number`,
  ];
}
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function expectLines(actual: string[], expected: (string | RegExp)[]) {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((line, i) => (typeof line === 'string' ? expect(actual[i]).toBe(line) : expect(actual[i]).toMatch(line)));
}

function expectNoPlainIdNumber(run: Run) {
  for (const id of sentIdNumbers) expect(run.stdout + run.stderr).not.toContain(id.slice(0, 17));
}

describe('assist-hub import', () => {
  let mixed: string;

  it('a file mixing valid and invalid lines exits 1, reports FILE:LINE: field: reason per bad line (blank lines counted), and a summary', async () => {
    mixed = ndjson('mixed.ndjson', MIXED, '\r\n');
    const run = await importCli(mixed);
    expect(run.code).toBe(1);
    expectLines(run.lines, [...expectedRejections(mixed), `${mixed}: ${MIXED_VALID} stored, 0 unchanged, ${MIXED_REJECTED} rejected`]);
    expect(run.stderr).not.toMatch(/development defaults|fatal/);
    expectNoPlainIdNumber(run);
  }, SPAWN_TIMEOUT);

  it('importing the same file again exits 1 again and reports every valid line unchanged', async () => {
    const run = await importCli(mixed);
    expect(run.code).toBe(1);
    expectLines(run.lines, [...expectedRejections(mixed), `${mixed}: 0 stored, ${MIXED_VALID} unchanged, ${MIXED_REJECTED} rejected`]);
  }, SPAWN_TIMEOUT);

  let valid: string;
  it('a missing file and a folder are fatal (exit 2, "fatal") while the valid file between them is still stored', async () => {
    const spouse = newId({ birth: '19820303', sex: 'FEMALE' });
    valid = ndjson('valid.ndjson', [
      region('510105', '青羊区', '510100', 'COUNTY'),
      person(spouse, { name: '王芳', hukouRegionCode: '510105' }),
      household([{ idNumber: newId(), relation: 'HEAD' }, { idNumber: spouse, relation: 'SPOUSE' }], { sourceId: 'HH-510105-CLI-1', regionCode: '510105' }),
    ]);
    const missing = path.join(dir, 'no-such-file.ndjson');
    const folder = path.join(dir, 'a-folder.ndjson');
    fs.mkdirSync(folder);
    const run = await importCli(missing, valid, folder);
    expect(run.code).toBe(2);
    expect(run.lines).toHaveLength(3);
    expect(run.lines[0]).toBe(`${missing}: fatal: cannot read file: ENOENT (nothing from this file was stored)`);
    expect(run.lines[1]).toBe(`${valid}: 3 stored, 0 unchanged, 0 rejected`);
    expect(run.lines[2]).toMatch(new RegExp(`^${escapeRegExp(folder)}: fatal: .*EISDIR.* \\(nothing from this file was stored\\)$`));
  }, SPAWN_TIMEOUT);

  it('a fully valid run exits 0; the valid file of the fatal run had been stored (all unchanged now)', async () => {
    const valid2 = ndjson('valid2.ndjson', [
      '',
      standard({ regionCode: '510105', year: 2026, program: 'TEKUN', area: 'RURAL', monthlyAmount: '1014' }),
      person(newId({ birth: '19500505' }), { name: '赵六', residenceRegionCode: '510105', disabilityGrade: 1, disabilityType: 'VISUAL' }),
    ]);
    const run = await importCli(valid, valid2);
    expect(run.code).toBe(0);
    expect(run.lines).toEqual([`${valid}: 0 stored, 3 unchanged, 0 rejected`, `${valid2}: 2 stored, 0 unchanged, 0 rejected`]);
    expect(run.stderr).toBe('');
  }, SPAWN_TIMEOUT);

  it('--sender EDUCATION: a household line is refused (exit 1), a person line from it is stored', async () => {
    const edu = ndjson('education.ndjson', [
      household([{ idNumber: newId(), relation: 'HEAD' }], { sourceId: 'HH-510104-CLI-EDU' }),
      person(newId({ birth: '20120901' }), { name: '小明', schoolStage: 'PRIMARY' }),
    ]);
    const run = await importCli(edu, '--sender', 'EDUCATION');
    expect(run.code).toBe(1);
    expect(run.lines).toEqual([
      `${edu}:1: type: households are registered by CIVIL_AFFAIRS (or an administrator import)`,
      `${edu}: 1 stored, 0 unchanged, 1 rejected`,
    ]);
    expectNoPlainIdNumber(run);
  }, SPAWN_TIMEOUT);

  it('--sender CIVIL_AFFAIRS --regions 510104 writes in 锦江区 only; a line nested too deep or with a __proto__ key is refused on its own line, naming the field (exit 1)', async () => {
    const temporary = {
      type: 'record', department: 'CIVIL_AFFAIRS', sourceRecordId: 'CA-CLI-R1', program: 'TEMPORARY', beneficiaryIdNumber: head,
      regionCode: '510104', amount: '500.00', frequency: 'ONE_OFF', startDate: '2026-07-01', status: 'ACTIVE', needCategory: 'EMERGENCY',
      details: {},
    };
    const file = ndjson('regions.ndjson', [
      household([{ idNumber: newId(), relation: 'HEAD' }], { sourceId: 'HH-510104-CLI-R1' }),
      household([{ idNumber: newId(), relation: 'HEAD' }], { sourceId: 'HH-510105-CLI-R2', regionCode: '510105' }),
      JSON.stringify({ ...temporary, sourceRecordId: 'CA-CLI-R2' }).replace('"details":{}', `"details":${'{"a":'.repeat(20000)}1${'}'.repeat(20000)}`),
      JSON.stringify({ ...temporary, sourceRecordId: 'CA-CLI-R3' }).replace('"details":{}', '"details":{"__proto__":{"reason":"x"}}'),
      temporary,
    ]);
    const run = await importCli(file, '--sender', 'CIVIL_AFFAIRS', '--regions', '510104', '--no-check');
    expect(run.code).toBe(1);
    expect(run.lines).toEqual([
      `${file}:2: regionCode: 510105 is outside your regions`,
      `${file}:3: details: nested deeper than 32 levels`,
      `${file}:4: details.__proto__: is not allowed as a key (__proto__, constructor and prototype are reserved)`,
      `${file}: 2 stored, 0 unchanged, 3 rejected`,
    ]);
    expectNoPlainIdNumber(run);
  }, SPAWN_TIMEOUT);

  it('--regions goes with --sender of a department: without it the import is refused (exit 2) before anything is read', async () => {
    const file = ndjson('admin-regions.ndjson', [household([{ idNumber: newId(), relation: 'HEAD' }], { sourceId: 'HH-510104-CLI-R9' })]);
    const run = await importCli(file, '--regions', '510104');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--regions goes with --sender of a department/);
    expect(run.lines).toEqual([]);
  }, SPAWN_TIMEOUT);
});
