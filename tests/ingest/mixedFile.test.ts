// One NDJSON file with every line type of EXCHANGE.md (region, standard,
// person, household, charityProgram, record of every department, expense) and
// invalid lines of many kinds in between, through the real command line
// (`assist-hub import FILE`, a child process): exit 1, each invalid line
// reported as FILE:LINE: field: reason, every valid line stored (the summary
// says so, a second import finds them all unchanged, and the database opened
// afterwards holds exactly them). Spawns cost seconds: three CLI runs, in order.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { personKey } from '../../src/lib/ids';
import { openMigratedDatabase } from '../../src/db/open';
import { testConfig, throwAwayDatabaseUrl } from '../helpers/database';
import { family, familyRecords, householdObject, idNumberFor } from '../helpers/exchange';

const REPO = path.resolve(__dirname, '../..');
const BIN = path.join(REPO, 'bin', 'assist-hub.cjs');
const SPAWN_TIMEOUT = 180_000;
const PEPPER = 'mixed-file-test-pepper';

let dir: string;
let databaseUrl: string | undefined;
let env: NodeJS.ProcessEnv;
let dropDatabase: () => Promise<void>;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  lines: string[];
}

function importCli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile('node', [BIN, 'import', ...args], { cwd: REPO, env, timeout: SPAWN_TIMEOUT }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr, lines: stdout.split('\n').filter((l) => l.trim() !== '') });
    });
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assist-hub-mixed-'));
  const database = await throwAwayDatabaseUrl();
  databaseUrl = database.url;
  dropDatabase = database.drop;
  const { DATABASE_URL: _inherited, NODE_OPTIONS: _jestOptions, ...rest } = process.env;
  env = {
    ...rest,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { HUB_DATA_DIR: path.join(dir, 'data') }),
    HUB_ID_PEPPER: PEPPER,
    HUB_JWT_SECRET: 'mixed-test-jwt-secret-that-is-long-enough-for-hs256',
    NODE_ENV: 'test',
  };
});
afterAll(async () => {
  await dropDatabase();
  fs.rmSync(dir, { recursive: true, force: true });
});

// ---- The file ------------------------------------------------------------

const f1 = family('510104', 1); // head, spouse, child in 锦江区
const f2 = family('510105', 2); // in 青羊区
const disabled = idNumberFor('510104', '1966-10-21', 7);
const worker = idNumberFor('510105', '1990-01-30', 8);
const patient = idNumberFor('510105', '1958-12-01', 9); // known only from an expense line
const strangers = [10, 11, 12, 13].map((n) => idNumberFor('510104', '1975-06-06', n)); // only on rejected lines
const badCheck = (() => {
  const valid = idNumberFor('510104', '1985-02-02', 14);
  return valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
})();

const base = { status: 'ACTIVE', eventRef: null, expenseBasis: null, charityProgramCode: null, householdSourceId: null };
const [dibao, eduGrant, premium] = familyRecords('510104', f1, 1);
const rentalSubsidy = {
  type: 'record', department: 'HOUSING', sourceRecordId: 'HO-M-1', program: 'RENTAL_SUBSIDY', beneficiaryIdNumber: f2.head,
  ...base, householdSourceId: f2.sourceId, regionCode: '510105', amount: '600.00', frequency: 'MONTHLY', startDate: '2026-02-01',
  endDate: '2027-01-31', needCategory: 'HOUSING', details: { propertyRef: 'GZF-0042', floorAreaSqm: '45.50' },
};
const medical = {
  type: 'record', department: 'HEALTHCARE_SECURITY', sourceRecordId: 'HS-M-2', program: 'MEDICAL_ASSISTANCE', beneficiaryIdNumber: f2.spouse,
  ...base, regionCode: '510105', amount: '12345.67', frequency: 'ONE_OFF', startDate: '2026-03-20', endDate: null, needCategory: 'MEDICAL',
  eventRef: 'BILL-7', expenseBasis: '38000.00', details: { hospitalName: '华西医院', billTotal: '38000.00', admissionDate: '2026-03-01' },
};
const welfareJob = {
  type: 'record', department: 'HUMAN_RESOURCES', sourceRecordId: 'HR-M-1', program: 'PUBLIC_WELFARE_JOB', beneficiaryIdNumber: worker,
  ...base, regionCode: '510105', amount: '1800.00', frequency: 'MONTHLY', startDate: '2026-04-01', endDate: '2026-12-31',
  needCategory: 'EMPLOYMENT', details: { employer: '街道办', hoursPerMonth: 80 },
};
const nursing = {
  type: 'record', department: 'DISABLED_PERSONS_FEDERATION', sourceRecordId: 'DPF-M-1', program: 'DISABILITY_NURSING_SUBSIDY',
  beneficiaryIdNumber: disabled, ...base, regionCode: '510104', amount: '100.00', frequency: 'MONTHLY', startDate: '2026-01-01',
  endDate: null, needCategory: 'DISABILITY_CARE', details: { disabilityGrade: 1, disabilityType: 'PHYSICAL' },
};
const charityProgram = {
  type: 'charityProgram', code: 'RED-CROSS-SC-2026-EDU', name: '红十字助学', organization: 'RED-CROSS-SC', needCategory: 'EDUCATION',
  regionCodes: ['5101'], budget: '500000.00', startDate: '2026-01-01', endDate: '2026-12-31',
};
const grant = {
  type: 'record', department: 'CHARITY', sourceRecordId: 'CH-M-1', program: 'CHARITY_GRANT', beneficiaryIdNumber: f1.child,
  ...base, charityProgramCode: charityProgram.code, regionCode: '510104', amount: '2000.00', frequency: 'ONE_OFF', startDate: '2026-09-01',
  endDate: '2026-09-01', needCategory: 'EDUCATION', details: { purpose: '学费' },
};
const expense = {
  type: 'expense', department: 'HEALTHCARE_SECURITY', sourceId: 'EXP-M-1', idNumber: patient, category: 'MEDICAL', amount: '38000.00', date: '2026-03-02',
};
const temporary = {
  type: 'record', department: 'CIVIL_AFFAIRS', sourceRecordId: 'CA-M-T', program: 'TEMPORARY', beneficiaryIdNumber: f1.spouse,
  ...base, regionCode: '510104', amount: '1500', frequency: 'ONE_OFF', startDate: '2026-05-05', needCategory: 'EMERGENCY', details: null,
};

const region = (code: string, name: string, parentCode: string | null, level: string) => ({ type: 'region', code, name, parentCode, level });

/** Each line of the file, with the rejection it must produce (`field: reason`) when it is invalid. */
type Line = { line: object | string; rejected?: string | RegExp };
const LINES: Line[] = [
  /* 1 */ { line: region('510000', '四川省', null, 'PROVINCE') },
  /* 2 */ { line: region('510100', '成都市', '510000', 'CITY') },
  /* 3 */ { line: region('510104', '锦江区', '510100', 'COUNTY') },
  /* 4 */ { line: region('510107', '武侯区', '510199', 'COUNTY'), rejected: 'parentCode: unknown region 510199: send the parent region first' },
  /* 5 */ { line: region('510105', '青羊区', '510100', 'COUNTY') },
  /* 6 */ { line: '' },
  /* 7 */ { line: { type: 'standard', regionCode: '510104', year: 2026, program: 'DIBAO', area: 'URBAN', monthlyAmount: '780.00' } },
  /* 8 */ { line: { type: 'standard', regionCode: '510105', year: 2026, program: 'TEKUN', area: 'RURAL', monthlyAmount: 1014 }, rejected: 'monthlyAmount: must be a decimal string in yuan such as "1014.00", not a number' },
  /* 9 */ { line: { type: 'standard', regionCode: '510105', year: 2026, program: 'TEKUN', area: 'RURAL', monthlyAmount: '1014' } },
  /* 10 */ { line: { type: 'person', idNumber: disabled, name: '残疾人甲', residenceRegionCode: '510104', disabilityGrade: 1, disabilityType: 'PHYSICAL' } },
  /* 11 */ { line: { type: 'person', idNumber: badCheck, name: '李四' }, rejected: /^idNumber: check character is ., expected .$/ },
  /* 12 */ { line: { type: 'person', idNumber: worker, employmentStatus: 'UNEMPLOYED', hukouRegionCode: '510105' } },
  /* 13 */ { line: householdObject('510104', f1) },
  /* 14 */ { line: householdObject('510105', f2) },
  /* 15 */ { line: { ...householdObject('510104', family('510104', 3)), members: [{ idNumber: strangers[0], relation: 'CHILD' }] }, rejected: 'members: must have exactly one HEAD, found 0' },
  /* 16 */ { line: charityProgram },
  /* 17 */ { line: { ...charityProgram, code: 'red cross' }, rejected: 'code: must be 2-64 upper-case letters, digits or -, e.g. RED-CROSS-SC-2026-EDU' },
  /* 18 */ { line: dibao! },
  /* 19 */ { line: { ...dibao!, sourceRecordId: 'CA-M-BAD', beneficiaryIdNumber: f1.spouse }, rejected: `beneficiaryIdNumber: must be the head of household ${f1.sourceId} for a household-level program` },
  /* 20 */ { line: eduGrant! },
  /* 21 */ { line: { ...eduGrant!, sourceRecordId: 'EDU-M-BAD', program: 'DIBAO' }, rejected: 'program: DIBAO is a CIVIL_AFFAIRS program; EDUCATION may not send it' },
  /* 22 */ { line: premium! },
  /* 23 */ { line: rentalSubsidy },
  /* 24 */ { line: { ...rentalSubsidy, sourceRecordId: 'HO-M-BAD', householdSourceId: 'HH-NOT-SENT' }, rejected: 'householdSourceId: unknown household HH-NOT-SENT: send it first' },
  /* 25 */ { line: '   ' },
  /* 26 */ { line: medical },
  /* 27 */ { line: { ...medical, sourceRecordId: 'HS-M-BAD', beneficiaryIdNumber: strangers[1], endDate: '2026-03-21' }, rejected: 'endDate: must equal startDate for a ONE_OFF record (the payment date)' },
  /* 28 */ { line: welfareJob },
  /* 29 */ { line: { ...welfareJob, sourceRecordId: 'HR-M-BAD', beneficiaryIdNumber: strangers[2], regionCode: '510199' }, rejected: 'regionCode: unknown region 510199: send its region line first' },
  /* 30 */ { line: nursing },
  /* 31 */ { line: { ...nursing, sourceRecordId: 'DPF-M-BAD', details: { disabilityGrade: 5 } }, rejected: 'details.disabilityGrade: must be from 1 to 4' },
  /* 32 */ { line: grant },
  /* 33 */ { line: { ...grant, sourceRecordId: 'CH-M-BAD', charityProgramCode: 'NO-SUCH-PROGRAM' }, rejected: 'charityProgramCode: unknown charity program NO-SUCH-PROGRAM: register it first' },
  /* 34 */ { line: temporary },
  /* 35 */ { line: { ...temporary, sourceRecordId: 'CA-M-BAD2', startDate: '2026-05-05', endDate: '2026-05-01', frequency: 'MONTHLY' }, rejected: 'endDate: is before startDate (2026-05-01 < 2026-05-05)' },
  /* 36 */ { line: expense },
  /* 37 */ { line: { ...expense, sourceId: 'EXP-M-BAD', idNumber: strangers[3], amount: '-38000.00' }, rejected: 'amount: must not be negative' },
  /* 38 */ { line: '{"type":"record","department":"EDUCATION",', rejected: /^\(line\): not valid JSON: .+/ },
  /* 39 */ { line: { type: 'grant', sourceRecordId: 'X-1' }, rejected: 'type: unknown type "grant"; expected one of region, standard, person, household, charityProgram, record, expense' },
  /* 40 */ { line: { ...eduGrant!, sourceRecordId: 'EDU-M-BAD2', approvedBy: '王科长' }, rejected: 'approvedBy: unknown field (not in EXCHANGE.md for this type)' },
];
const isBlank = (l: Line) => typeof l.line === 'string' && l.line.trim() === '';
const VALID = LINES.filter((l) => !l.rejected && !isBlank(l)).length;
const REJECTED = LINES.filter((l) => l.rejected).length;
const VALID_RECORDS = [dibao!, eduGrant!, premium!, rentalSubsidy, medical, welfareJob, nursing, grant, temporary] as Record<string, unknown>[];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function writeFile(name: string, lines: (object | string)[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n', 'utf8');
  return file;
}

/** Checks the output: one `FILE:LINE: field: reason` per invalid line, in file order, then the summary. */
function expectReport(run: Run, file: string, summary: string) {
  const expected = LINES.flatMap((l, i) => (l.rejected ? [{ prefix: `${file}:${i + 1}: `, rejected: l.rejected }] : []));
  expect(run.lines).toHaveLength(expected.length + 1);
  expected.forEach(({ prefix, rejected }, i) => {
    const actual = run.lines[i]!;
    if (typeof rejected === 'string') expect(actual).toBe(prefix + rejected);
    else expect(actual).toMatch(new RegExp(`^${escapeRegExp(prefix)}${rejected.source.replace(/^\^/, '')}`));
  });
  expect(run.lines.at(-1)).toBe(`${file}: ${summary}`);
}

describe('a file mixing every line type with invalid lines (CLI)', () => {
  let file: string;

  it('first import: exit 1, each invalid line reported with its line number, every valid line stored', async () => {
    expect(VALID).toBe(21);
    expect(REJECTED).toBe(17);
    file = writeFile('mixed.ndjson', LINES.map((l) => l.line));
    const run = await importCli(file);
    expect(run.stderr).not.toMatch(/fatal/);
    expect(run.code).toBe(1);
    expectReport(run, file, `${VALID} stored, 0 unchanged, ${REJECTED} rejected`);
    expect(run.stdout + run.stderr).not.toContain(f1.head.slice(0, 17));
  }, SPAWN_TIMEOUT);

  it('second import of the same file: exit 1, 0 stored, every valid line unchanged, the same rejections', async () => {
    const run = await importCli(file);
    expect(run.code).toBe(1);
    expectReport(run, file, `0 stored, ${VALID} unchanged, ${REJECTED} rejected`);
  }, SPAWN_TIMEOUT);

  it('the database holds exactly the valid lines, each with one CREATED history entry', async () => {
    // The CLI has exited, so an embedded database folder is free to open.
    const db = await openMigratedDatabase(testConfig(databaseUrl, databaseUrl ? { HUB_ID_PEPPER: PEPPER } : { HUB_DATA_DIR: path.join(dir, 'data'), HUB_ID_PEPPER: PEPPER }));
    try {
      const prisma = db.prisma;
      const key = (id: string) => personKey(id, PEPPER);
      expect((await prisma.region.findMany({ orderBy: { code: 'asc' } })).map((r) => r.code)).toEqual(['510000', '510100', '510104', '510105']);
      expect((await prisma.standard.findMany({ orderBy: { regionCode: 'asc' } })).map((s) => [s.regionCode, s.program, s.monthlyAmount.toFixed(2)])).toEqual([
        ['510104', 'DIBAO', '780.00'],
        ['510105', 'TEKUN', '1014.00'],
      ]);
      expect((await prisma.household.findMany({ orderBy: { sourceId: 'asc' } })).map((h) => h.sourceId)).toEqual([f1.sourceId, f2.sourceId]);
      expect(await prisma.householdMember.count()).toBe(6);
      expect((await prisma.charityProgram.findMany()).map((p) => [p.code, p.organization])).toEqual([[charityProgram.code, 'RED-CROSS-SC']]);

      const persons = [f1.head, f1.spouse, f1.child, f2.head, f2.spouse, f2.child, disabled, worker, patient];
      expect((await prisma.person.findMany({ select: { personKey: true } })).map((p) => p.personKey).sort()).toEqual(persons.map(key).sort());
      expect(await prisma.person.findUniqueOrThrow({ where: { personKey: key(disabled) } })).toMatchObject({ name: '残疾人甲', disabilityGrade: 1 });
      expect(await prisma.person.findUniqueOrThrow({ where: { personKey: key(patient) } })).toMatchObject({ name: null, sex: 'MALE' });

      const records = await prisma.assistanceRecord.findMany({
        include: { civilAffairs: true, education: true, housing: true, healthcareSecurity: true, humanResources: true, disabledPersonsFederation: true, charity: true },
      });
      expect(records.map((r) => `${r.department}:${r.sourceRecordId}`).sort()).toEqual(
        VALID_RECORDS.map((r) => `${r.department}:${r.sourceRecordId}`).sort(),
      );
      for (const sent of VALID_RECORDS) {
        const stored = records.find((r) => r.sourceRecordId === sent.sourceRecordId)!;
        expect([stored.amount.toFixed(2), stored.beneficiaryKey, stored.startDate.toISOString().slice(0, 10)]).toEqual([
          Number(sent.amount).toFixed(2),
          key(sent.beneficiaryIdNumber as string),
          sent.startDate,
        ]);
      }
      const detailOf = (id: string) => {
        const r = records.find((x) => x.sourceRecordId === id)!;
        return r.civilAffairs ?? r.education ?? r.housing ?? r.healthcareSecurity ?? r.humanResources ?? r.disabledPersonsFederation ?? r.charity;
      };
      expect(detailOf('CA-T-1')).toMatchObject({ dibaoGrade: 2 });
      expect(detailOf('EDU-T-1')).toMatchObject({ schoolTerm: '2026-SPRING', schoolStage: 'PRIMARY' });
      expect(detailOf('HO-M-1')).toMatchObject({ propertyRef: 'GZF-0042' });
      expect(detailOf('HS-M-2')).toMatchObject({ hospitalName: '华西医院' });
      expect(detailOf('HR-M-1')).toMatchObject({ employer: '街道办', hoursPerMonth: 80 });
      expect(detailOf('DPF-M-1')).toMatchObject({ disabilityGrade: 1, disabilityType: 'PHYSICAL' });
      expect(detailOf('CH-M-1')).toMatchObject({ purpose: '学费' });
      expect(detailOf('HS-T-1')).toBeNull();
      expect(detailOf('CA-M-T')).toBeNull();
      expect(records.find((r) => r.sourceRecordId === 'CA-M-T')!.endDate!.toISOString().slice(0, 10)).toBe('2026-05-05');

      expect((await prisma.expense.findMany()).map((e) => [e.sourceId, e.personKey, e.amount.toFixed(2)])).toEqual([['EXP-M-1', key(patient), '38000.00']]);

      // One CREATED entry per valid line (the person line of a person already
      // created as a household member would be UPDATED; here persons come first).
      const events = await prisma.changeEvent.findMany();
      expect(events).toHaveLength(VALID);
      expect(events.every((e) => e.action === 'CREATED' && e.sender === 'import:admin')).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('--sender EDUCATION: its own record is stored; another department\'s record and a charity program are refused (exit 1)', async () => {
    const own = { ...eduGrant!, sourceRecordId: 'EDU-S-1', amount: '900.00' };
    const senderFile = writeFile('education.ndjson', [own, { ...temporary, sourceRecordId: 'CA-S-1' }, { ...charityProgram, code: 'EDU-S-PROGRAM' }]);
    // The copy of a grant is also a D2 duplicate; the check at the door has its own test (tests/oversight/door.test.ts).
    const run = await importCli(senderFile, '--sender', 'EDUCATION', '--no-check');
    expect(run.code).toBe(1);
    expect(run.lines).toEqual([
      `${senderFile}:2: department: EDUCATION may only send its own records, not CIVIL_AFFAIRS's`,
      `${senderFile}:3: type: charity programs are registered by charities`,
      `${senderFile}: 1 stored, 0 unchanged, 2 rejected`,
    ]);
  }, SPAWN_TIMEOUT);
});
