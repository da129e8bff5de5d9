// The check at the door: a batch stored through submitExchangeBatch (and a
// file through `assist-hub import`) runs the duplicate rules D1-D6; the
// answer names the duplicates that involve a record of the batch, with of the
// other records only their department, program, county and common days
// (ACCESS.md v2), the records stay stored and the findings are opened for
// review. Who may read the answer, and its audit: tests/security/doorCheck.test.ts.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { todayIso } from '../../src/lib/dates';
import { throwAwayDatabaseUrl } from '../helpers/database';
import { family, householdObject } from '../helpers/exchange';
import { startTestHub, type TestHub } from '../helpers/hub';
import { A, CHENGDU, REGIONS, record, seedWorld } from './fixtures';

const PROGRAM = 'RED-CROSS-SC-2026-MED';
const WORLD = [
  record('CIVIL_AFFAIRS', 'CA-A-DIBAO', 'DIBAO', A.head, CHENGDU, { householdSourceId: A.sourceId, amount: '1140.00' }),
  record('HEALTHCARE_SECURITY', 'HS-A-MED', 'MEDICAL_ASSISTANCE', A.spouse, CHENGDU, {
    needCategory: 'MEDICAL', amount: '8000.00', frequency: 'ONE_OFF', startDate: '2026-04-12', endDate: '2026-04-12', eventRef: 'BILL-A-1', expenseBasis: '10000.00',
  }),
  { type: 'charityProgram', code: PROGRAM, name: '红十字大病救助', organization: 'RED-CROSS-SC', needCategory: 'MEDICAL', regionCodes: ['51'], budget: '100000.00', startDate: '2026-01-01', endDate: '2026-12-31' },
];
/** 特困 for the head of a 低保 household, March and April: D1 with the 低保 (2 months x 1140.00). */
const TEKUN = record('CIVIL_AFFAIRS', 'CA-A-TEKUN-1', 'TEKUN', A.head, CHENGDU, { amount: '1300.00', startDate: '2026-03-01', endDate: '2026-04-30' });

const SUBMIT = `mutation($o: [JSON!]!) { submitExchangeBatch(objects: $o) { stored unchanged rejected
  duplicateCheck { asOf findings { findingId rule ruleName status batchRecords others { department program regionCode overlapFrom overlapTo }
    overpayment finding { id kind current } } } } }`;
// The check at the door is a read of the beneficiary's data: its readers state a purpose (ACCESS.md v2).
const purpose = 'check before paying';

describe('submitExchangeBatch', () => {
  let hub: TestHub;
  let civilAffairs: string;
  let admin: string;
  let findingId: string;

  beforeAll(async () => {
    hub = await startTestHub();
    await seedWorld(hub, WORLD);
    civilAffairs = await hub.token({ role: 'SYSTEM', department: 'CIVIL_AFFAIRS', regions: ['5101'], sub: 'ca-system', purpose });
    admin = await hub.token({ role: 'ADMIN' });
  }, 120_000);
  afterAll(() => hub.stop());

  test('a record that makes a duplicate is stored, and the answer names the opened finding with its rule, the other record\'s department, program, county and common days, and the overpayment', async () => {
    const { body } = await hub.graphql(SUBMIT, { token: civilAffairs, variables: { o: [TEKUN] } });
    expect(body.errors).toBeUndefined();
    const answer = body.data!.submitExchangeBatch;
    expect(answer).toMatchObject({ stored: 1, unchanged: 0, rejected: 0 });
    expect(answer.duplicateCheck.asOf).toBe(todayIso());
    expect(answer.duplicateCheck.findings).toEqual([
      {
        findingId: expect.any(String), rule: 'D1', ruleName: 'EXCLUSIVE_BASIC_LIVING', status: 'OPEN',
        batchRecords: ['CIVIL_AFFAIRS:CA-A-TEKUN-1'],
        others: [{ department: 'CIVIL_AFFAIRS', program: 'DIBAO', regionCode: CHENGDU, overlapFrom: '2026-03-01', overlapTo: '2026-04-30' }],
        overpayment: '2280.00',
        finding: { id: answer.duplicateCheck.findings[0].findingId, kind: 'DUPLICATE', current: true },
      },
    ]);
    findingId = answer.duplicateCheck.findings[0].findingId;
    const stored = await hub.graphql(`{ assistanceRecord(id: "CIVIL_AFFAIRS:CA-A-TEKUN-1") { status amount } }`, { token: admin });
    expect(stored.body.data!.assistanceRecord).toEqual({ status: 'ACTIVE', amount: '1300.00' });
    const run = await hub.db.prisma.detectionRun.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(run).toMatchObject({ rules: ['D1', 'D2', 'D3', 'D4', 'D5', 'D6'], startedBy: 'ingest:ca-system', found: 1 });
  });

  test('a batch that stores nothing runs no check (null); one that stores a clean record answers an empty list', async () => {
    const again = await hub.graphql(SUBMIT, { token: civilAffairs, variables: { o: [TEKUN] } });
    expect(again.body.data!.submitExchangeBatch).toMatchObject({ stored: 0, unchanged: 1, duplicateCheck: null });
    const clean = record('CIVIL_AFFAIRS', 'CA-A-TEMP-1', 'TEMPORARY', A.spouse, CHENGDU, { amount: '600.00', frequency: 'ONE_OFF', startDate: '2026-06-01', endDate: '2026-06-01', needCategory: 'EMERGENCY' });
    const { body } = await hub.graphql(SUBMIT, { token: civilAffairs, variables: { o: [clean] } });
    expect(body.data!.submitExchangeBatch).toMatchObject({ stored: 1, duplicateCheck: { asOf: todayIso(), findings: [] } });
  });

  test('a finding found again at the door keeps its review state', async () => {
    const officer = await hub.token({ role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['5101'], purpose });
    const reviewed = await hub.graphql(`mutation($id: ID!) { reviewFinding(id: $id, status: CONFIRMED, note: "核实") { status } }`, { token: officer, variables: { id: findingId } });
    expect(reviewed.body.data!.reviewFinding.status).toBe('CONFIRMED');
    const changed = { ...TEKUN, amount: '1350.00' };
    const { body } = await hub.graphql(SUBMIT, { token: civilAffairs, variables: { o: [changed] } });
    expect(body.data!.submitExchangeBatch.duplicateCheck.findings).toMatchObject([{ findingId, status: 'CONFIRMED', overpayment: '2280.00' }]);
  });

  test('a charity\'s grant that doubles a hospital bill is stored and opens a D3 finding the charity is not shown; the healthcare officer sees it', async () => {
    const charity = await hub.token({ role: 'CHARITY', org: 'RED-CROSS-SC', purpose });
    const grant = record('CHARITY', 'RC-MED-1', 'CHARITY_GRANT', A.spouse, CHENGDU, {
      needCategory: 'MEDICAL', amount: '5000.00', frequency: 'ONE_OFF', startDate: '2026-05-01', endDate: '2026-05-01', eventRef: 'BILL-A-1', charityProgramCode: PROGRAM,
    });
    const { body } = await hub.graphql(SUBMIT, { token: charity, variables: { o: [grant] } });
    // The check's answer is a read of personal data, which a charity never gets (ACCESS.md v2): refused, the grant stored all the same.
    expect(body.data!.submitExchangeBatch).toMatchObject({ stored: 1, rejected: 0, duplicateCheck: null });
    expect(body.errors).toMatchObject([{ path: ['submitExchangeBatch', 'duplicateCheck'], extensions: { code: 'FORBIDDEN' } }]);

    // D3 weighs a hospital bill: its finding is read with a purpose (ACCESS.md v2).
    const healthcare = await hub.token({ role: 'OFFICER', department: 'HEALTHCARE_SECURITY', regions: ['5101'], purpose });
    const listed = await hub.graphql(`{ findings(filter: { rule: "D3" }) { totalCount edges { node { records overpayment status } } } }`, { token: healthcare });
    expect(listed.body.data!.findings).toEqual({
      totalCount: 1,
      edges: [{ node: { records: ['CHARITY:RC-MED-1', 'HEALTHCARE_SECURITY:HS-A-MED'], overpayment: '3000.00', status: 'OPEN' } }],
    });
  });
});

describe('assist-hub import', () => {
  const REPO = path.resolve(__dirname, '../..');
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assist-hub-door-'));
    const database = await throwAwayDatabaseUrl();
    drop = database.drop;
    const { DATABASE_URL: _inherited, NODE_OPTIONS: _jest, ...rest } = process.env;
    env = {
      ...rest,
      ...(database.url ? { DATABASE_URL: database.url } : { HUB_DATA_DIR: path.join(dir, 'data') }),
      HUB_ID_PEPPER: 'door-test-pepper',
      HUB_JWT_SECRET: 'door-test-jwt-secret-that-is-long-enough-for-hs256',
      NODE_ENV: 'test',
    };
  });
  afterAll(async () => {
    await drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const importCli = (...args: string[]) =>
    new Promise<{ code: number; lines: string[] }>((resolve) => {
      execFile('node', [path.join(REPO, 'bin', 'assist-hub.cjs'), 'import', ...args], { cwd: REPO, env, timeout: 120_000 }, (error, stdout) => {
        resolve({ code: error ? Number(error.code ?? -1) : 0, lines: stdout.split('\n').filter((l) => l.trim() !== '') });
      });
    });
  const file = (name: string, objects: object[]) => {
    const target = path.join(dir, name);
    fs.writeFileSync(target, objects.map((o) => JSON.stringify(o)).join('\n') + '\n');
    return target;
  };

  test('reports the duplicates a file made after its summary line, stores everything and exits 0; --no-check skips the check', async () => {
    const first = file('world.ndjson', [...REGIONS, householdObject(CHENGDU, A), ...WORLD, TEKUN]);
    const run = await importCli(first);
    expect(run.code).toBe(0);
    expect(run.lines[0]).toBe(`${first}: ${REGIONS.length + 1 + WORLD.length + 1} stored, 0 unchanged, 0 rejected`);
    expect(run.lines[1]).toBe(`${first}: duplicate check as of ${todayIso()}: 1 finding(s) involve records of this file, which stay stored`);
    expect(run.lines[2]).toMatch(
      new RegExp(`^${first.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: finding \\d+ D1 OPEN: CIVIL_AFFAIRS:CA-A-DIBAO CIVIL_AFFAIRS:CA-A-TEKUN-1 overpayment 2280.00$`),
    );
    expect(run.lines).toHaveLength(3);

    const other = family(CHENGDU, 703);
    const second = file('unchecked.ndjson', [
      householdObject(CHENGDU, other),
      record('CIVIL_AFFAIRS', 'CA-C-DIBAO', 'DIBAO', other.head, CHENGDU, { householdSourceId: other.sourceId }),
      record('CIVIL_AFFAIRS', 'CA-C-TEKUN', 'TEKUN', other.head, CHENGDU),
    ]);
    const unchecked = await importCli(second, '--no-check');
    expect(unchecked).toEqual({ code: 0, lines: [`${second}: 3 stored, 0 unchanged, 0 rejected`] });
  }, 240_000);

  test('a department\'s file that doubles a record already stored is told the other record\'s department, program, county and common days, never its id or amount', async () => {
    // 特困 for the spouse, covered by the household's 低保 (stored by the first file): D1.
    const tekun = record('CIVIL_AFFAIRS', 'CA-A-TEKUN-2', 'TEKUN', A.spouse, CHENGDU, { amount: '1300.00', startDate: '2026-03-01', endDate: '2026-04-30' });
    const third = file('spouse.ndjson', [tekun]);
    const run = await importCli(third, '--sender', 'CIVIL_AFFAIRS');
    expect(run.code).toBe(0);
    expect(run.lines[0]).toBe(`${third}: 1 stored, 0 unchanged, 0 rejected`);
    expect(run.lines[1]).toBe(`${third}: duplicate check as of ${todayIso()}: 1 finding(s) involve records of this file, which stay stored`);
    expect(run.lines[2]).toMatch(
      new RegExp(
        `^${third.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: finding \\d+ D1 OPEN: CIVIL_AFFAIRS:CA-A-TEKUN-2 with CIVIL_AFFAIRS DIBAO in ${CHENGDU} from 2026-03-01 to 2026-04-30 overpayment 2280.00$`,
      ),
    );
    expect(run.lines).toHaveLength(3);
    // The 低保's id and amount are nowhere in what was printed.
    expect(run.lines.join('\n')).not.toMatch(/CA-A-DIBAO|1140\.00/);
  }, 240_000);
});
