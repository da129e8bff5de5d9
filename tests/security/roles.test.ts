// The role table of ACCESS.md, read and write, through the gateway over real
// HTTP with real tokens. Each refusal has a twin showing that the same data
// does come back to a role the table admits.
import { SignJWT } from 'jose';
import { startTestHub, type TestHub } from '../helpers/hub';
import { firstError, HOUSEHOLD_A, ID, keyOf, NAME, RED_CROSS, RED_CROSS_PROGRAM, seedWorld } from './accessWorld';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
  await seedWorld(hub);
});
afterAll(() => hub.stop());

const SUBMIT = `mutation($o: [JSON!]!) { submitExchangeBatch(objects: $o) { stored unchanged rejected rejections { index problems { field reason } } } }`;
const submit = (token: string, objects: unknown[]) => hub.graphql(SUBMIT, { token, variables: { o: objects } });

const HOUSEHOLD = `{ household(sourceId: "${HOUSEHOLD_A}") { sourceId members { person { personKey name } } } }`;
const RECORDS_OF_HOUSEHOLD = `{ household(sourceId: "${HOUSEHOLD_A}") { sourceId assistanceRecords(first: 50) { totalCount edges { node { id amount } } } } }`;
const PERSON_RECORDS = (key: string) => `{ person(personKey: "${key}") { name assistanceRecords(first: 50) { edges { node { id department } } } } }`;

const token = (claims: Parameters<TestHub['token']>[0]) => hub.token({ regions: ['5101'], purpose: 'case 2026-5', ...claims });

/** A person-level record of `department` for 张三 in 锦江区. */
function record(department: string, program: string, sourceRecordId: string, needCategory = 'LIVING') {
  return {
    type: 'record', department, sourceRecordId, program, beneficiaryIdNumber: ID.zhangSan, regionCode: '510104',
    amount: '200.00', frequency: 'ONE_OFF', startDate: '2026-07-01', endDate: '2026-07-01', status: 'ACTIVE', needCategory,
  };
}

describe('reading', () => {
  test.each(['OFFICER', 'SYSTEM'] as const)('%s reads persons, households and every department\'s records of people in its regions', async (role) => {
    const { body } = await hub.graphql(PERSON_RECORDS(keyOf(hub, ID.zhangSan)), { token: await token({ role, department: 'EDUCATION' }) });
    expect(body.errors).toBeUndefined();
    expect(body.data!.person.name).toBe(NAME.zhangSan);
    const departments = new Set(body.data!.person.assistanceRecords.edges.map((e: any) => e.node.department));
    expect(departments).toEqual(new Set(['CIVIL_AFFAIRS', 'HEALTHCARE_SECURITY', 'DISABLED_PERSONS_FEDERATION']));
  });

  test('CASEWORKER reads households and their members in its regions', async () => {
    const { body } = await hub.graphql(HOUSEHOLD, { token: await token({ role: 'CASEWORKER' }) });
    expect(body.errors).toBeUndefined();
    expect(body.data!.household.members.map((m: any) => m.person.name)).toEqual([NAME.zhangSan, NAME.liXiaohong, NAME.zhangXiaoming]);
  });

  test('CASEWORKER reads no records, so no amounts; an OFFICER does', async () => {
    const caseworker = await hub.graphql(RECORDS_OF_HOUSEHOLD, { token: await token({ role: 'CASEWORKER' }) });
    // The refused field is null; the household it belongs to stays.
    expect(caseworker.body.data!.household).toEqual({ sourceId: 'HH-SEC-A', assistanceRecords: null });
    expect(firstError(caseworker.body)).toMatchObject({
      message: 'not allowed for this caller',
      path: ['household', 'assistanceRecords'],
      extensions: { code: 'FORBIDDEN' },
    });
    expect(JSON.stringify(caseworker.body)).not.toMatch(/1140\.00|totalCount/);
    const list = await hub.graphql(`{ assistanceRecords(first: 5) { totalCount } }`, { token: await token({ role: 'CASEWORKER' }) });
    expect(firstError(list.body)).toMatchObject({ path: ['assistanceRecords'], extensions: { code: 'FORBIDDEN' } });

    const officer = await hub.graphql(RECORDS_OF_HOUSEHOLD, { token: await token({ role: 'OFFICER', department: 'HOUSING' }) });
    expect(officer.body.errors).toBeUndefined();
    expect(officer.body.data!.household.assistanceRecords.edges.map((e: any) => e.node)).toContainEqual({ id: 'CIVIL_AFFAIRS:SEC-CA-A', amount: '1140.00' });
  });

  test('CASEWORKER reads no expenses and no charity programs; an AUDITOR does', async () => {
    const query = `{ person(personKey: "${keyOf(hub, ID.zhangSan)}") { expenses { amount } } charityPrograms(first: 5) { totalCount } }`;
    const caseworker = await hub.graphql(query, { token: await token({ role: 'CASEWORKER' }) });
    expect(caseworker.body.errors?.map((e) => [e.path?.join('.'), e.extensions?.code]).sort()).toEqual([
      ['charityPrograms', 'FORBIDDEN'],
      ['person.expenses', 'FORBIDDEN'],
    ]);
    const auditor = await hub.graphql(query, { token: await token({ role: 'AUDITOR' }) });
    expect(auditor.body.errors).toBeUndefined();
    expect(auditor.body.data).toEqual({ person: { expenses: [{ amount: '4000.00' }] }, charityPrograms: { totalCount: 1 } });
  });

  test('only AUDITOR and ADMIN read the audit log; an OFFICER may not', async () => {
    const query = `{ auditEntries(personKey: "${keyOf(hub, ID.zhangSan)}", first: 50) { edges { node { role fields } } } }`;
    await hub.graphql(PERSON_RECORDS(keyOf(hub, ID.zhangSan)), { token: await token({ role: 'OFFICER', department: 'EDUCATION' }) });
    const officer = await hub.graphql(query, { token: await token({ role: 'OFFICER', department: 'EDUCATION' }) });
    expect(officer.body.data).toBeNull();
    expect(firstError(officer.body)).toMatchObject({ message: 'not allowed for this caller', extensions: { code: 'FORBIDDEN' } });
    for (const role of ['AUDITOR', 'ADMIN'] as const) {
      const { body } = await hub.graphql(query, { token: await token({ role }) });
      expect(body.errors).toBeUndefined();
      expect(body.data!.auditEntries.edges.map((e: any) => e.node)).toContainEqual({ role: 'OFFICER', fields: expect.arrayContaining(['Person.name']) });
    }
  });
});

describe('writing', () => {
  test('OFFICER stores records of its own department only; another department\'s, or another department\'s program, is rejected', async () => {
    const officer = await token({ role: 'OFFICER', department: 'CIVIL_AFFAIRS', sub: 'officer-wang' });
    const { body } = await submit(officer, [
      record('CIVIL_AFFAIRS', 'TEMPORARY', 'SEC-W-1'),
      record('EDUCATION', 'EDU_GRANT', 'SEC-W-2', 'EDUCATION'),
      record('CIVIL_AFFAIRS', 'EDU_GRANT', 'SEC-W-3', 'EDUCATION'),
    ]);
    expect(body.data!.submitExchangeBatch).toEqual({
      stored: 1,
      unchanged: 0,
      rejected: 2,
      rejections: [
        { index: 1, problems: [{ field: 'department', reason: 'CIVIL_AFFAIRS may only send its own records, not EDUCATION\'s' }] },
        { index: 2, problems: [{ field: 'program', reason: 'EDU_GRANT is a EDUCATION program; CIVIL_AFFAIRS may not send it' }] },
      ],
    });
    const stored = await hub.db.prisma.assistanceRecord.findMany({ where: { sourceRecordId: { startsWith: 'SEC-W-' } } });
    expect(stored.map((r) => [r.department, r.sourceRecordId, r.sender])).toEqual([['CIVIL_AFFAIRS', 'SEC-W-1', 'officer-wang']]);
  });

  test('OFFICER of another department may write persons but not households (civil affairs registers households)', async () => {
    const officer = await token({ role: 'OFFICER', department: 'EDUCATION' });
    const { body } = await submit(officer, [
      { type: 'person', idNumber: ID.zhangXiaoming, schoolStage: 'JUNIOR_SECONDARY' },
      { type: 'household', sourceId: 'HH-SEC-W', regionCode: '510104', area: 'URBAN', members: [{ idNumber: ID.zhangXiaoming, relation: 'HEAD' }] },
    ]);
    expect(body.data!.submitExchangeBatch).toMatchObject({
      stored: 1,
      rejections: [{ index: 1, problems: [{ field: 'type', reason: 'households are registered by CIVIL_AFFAIRS (or an administrator import)' }] }],
    });
    expect(await hub.db.prisma.household.count({ where: { sourceId: 'HH-SEC-W' } })).toBe(0);
  });

  test('an OFFICER or SYSTEM token naming no department may send nothing: it is refused at the door as a bad claim (ACCESS.md v2)', async () => {
    for (const role of ['OFFICER', 'SYSTEM'] as const) {
      // mintToken refuses these claims, so the token is signed here.
      const noDepartment = await new SignJWT({ sub: 'no-department', role, regions: ['5101'], purpose: 'case 2026-5' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('assist-hub')
        .setAudience('assist-hub')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(hub.config.jwtSecret));
      const { status, body } = await submit(noDepartment, [record('CIVIL_AFFAIRS', 'TEMPORARY', 'SEC-W-9')]);
      expect(status).toBe(401);
      expect(body.data ?? null).toBeNull();
      expect(firstError(body)).toMatchObject({ message: `token department claim is required for ${role}: the government department it works for`, extensions: { code: 'UNAUTHENTICATED', reason: 'TOKEN_BAD_CLAIM' } });
    }
    expect(await hub.db.prisma.assistanceRecord.count({ where: { sourceRecordId: 'SEC-W-9' } })).toBe(0);
  });

  test('SYSTEM ingests in bulk for its own department; a foreign line in the batch is rejected alone', async () => {
    const system = await token({ role: 'SYSTEM', department: 'HEALTHCARE_SECURITY', sub: 'his-gateway' });
    const { body } = await submit(system, [
      record('HEALTHCARE_SECURITY', 'MEDICAL_ASSISTANCE', 'SEC-S-1', 'MEDICAL'),
      { type: 'expense', department: 'HEALTHCARE_SECURITY', sourceId: 'SEC-S-EXP', idNumber: ID.zhangSan, category: 'MEDICAL', amount: '900.00', date: '2026-07-01' },
      { type: 'expense', department: 'HOUSING', sourceId: 'SEC-S-EXP2', idNumber: ID.zhangSan, category: 'HOUSING', amount: '1.00', date: '2026-07-01' },
      record('DISABLED_PERSONS_FEDERATION', 'REHABILITATION', 'SEC-S-2', 'DISABILITY_CARE'),
    ]);
    expect(body.data!.submitExchangeBatch).toMatchObject({
      stored: 2,
      rejected: 2,
      rejections: [
        { index: 2, problems: [{ field: 'department', reason: 'HEALTHCARE_SECURITY may only send its own records, not HOUSING\'s' }] },
        { index: 3, problems: [{ field: 'department', reason: 'HEALTHCARE_SECURITY may only send its own records, not DISABLED_PERSONS_FEDERATION\'s' }] },
      ],
    });
  });

  test.each(['OFFICER', 'SYSTEM', 'CHARITY'] as const)('%s may not write regions or standards; ADMIN does', async (role) => {
    const objects = [
      { type: 'region', code: '510105', name: '青羊区', parentCode: '510100', level: 'COUNTY' },
      { type: 'standard', regionCode: '510104', year: 2027, program: 'DIBAO', area: 'URBAN', monthlyAmount: '1.00' },
    ];
    const nameBefore = (await hub.db.prisma.region.findUnique({ where: { code: '510105' } }))?.name ?? null;
    // Each role with the claims it carries (ACCESS.md v2): a department for OFFICER and SYSTEM, an org for CHARITY.
    const { body } = await submit(await token(role === 'CHARITY' ? { role, org: RED_CROSS } : { role, department: 'CIVIL_AFFAIRS' }), objects);
    expect(body.data!.submitExchangeBatch).toMatchObject({
      stored: 0,
      rejections: [
        { index: 0, problems: [{ field: 'type', reason: 'regions are written by administrators only (import without --sender)' }] },
        { index: 1, problems: [{ field: 'type', reason: 'standards are written by administrators only (import without --sender)' }] },
      ],
    });
    expect((await hub.db.prisma.region.findUnique({ where: { code: '510105' } }))?.name ?? null).toBe(nameBefore);

    const admin = await submit(await token({ role: 'ADMIN' }), [{ ...objects[0], name: `青羊区(${role})` }, objects[1]]);
    expect(admin.body.data!.submitExchangeBatch).toMatchObject({ rejected: 0 });
    expect((await hub.db.prisma.region.findUniqueOrThrow({ where: { code: '510105' } })).name).toBe(`青羊区(${role})`);
  });

  test('AUDITOR and CASEWORKER write nothing: the batch and the charity mutations are refused', async () => {
    for (const role of ['AUDITOR', 'CASEWORKER'] as const) {
      // Neither carries a department or an org (ACCESS.md v2; such tokens are refused outright: claims.test.ts).
      const caller = await token({ role });
      const batch = await submit(caller, [record('CIVIL_AFFAIRS', 'TEMPORARY', 'SEC-A-1')]);
      expect(batch.body.data).toBeNull();
      expect(firstError(batch.body)).toMatchObject({ message: 'not allowed for this caller', path: ['submitExchangeBatch'], extensions: { code: 'FORBIDDEN' } });
      const update = await hub.graphql(`mutation { updateCharityProgram(code: "${RED_CROSS_PROGRAM}", input: { budget: "1.00" }) { code } }`, { token: caller });
      expect(firstError(update.body)).toMatchObject({ path: ['updateCharityProgram'], extensions: { code: 'FORBIDDEN' } });
    }
    expect(await hub.db.prisma.assistanceRecord.count({ where: { sourceRecordId: 'SEC-A-1' } })).toBe(0);
    expect((await hub.db.prisma.charityProgram.findUniqueOrThrow({ where: { code: RED_CROSS_PROGRAM } })).budget.toFixed(2)).toBe('100000.00');
  });

  test('CHARITY writes grants of its own only: no persons, expenses or department records', async () => {
    const charity = await token({ role: 'CHARITY', org: RED_CROSS });
    const { body } = await submit(charity, [
      { type: 'person', idNumber: ID.zhangSan, name: '改名' },
      { type: 'expense', department: 'CHARITY', sourceId: 'SEC-C-EXP', idNumber: ID.zhangSan, category: 'MEDICAL', amount: '1.00', date: '2026-07-01' },
      record('CIVIL_AFFAIRS', 'TEMPORARY', 'SEC-C-1'),
      { ...record('CHARITY', 'CHARITY_GRANT', 'SEC-C-2', 'EDUCATION'), charityProgramCode: RED_CROSS_PROGRAM },
    ]);
    expect(body.data!.submitExchangeBatch).toMatchObject({
      stored: 1,
      rejections: [
        { index: 0, problems: [{ field: 'type', reason: 'persons are not written by charities' }] },
        { index: 1, problems: [{ field: 'type', reason: 'expenses are not reported by charities' }] },
        { index: 2, problems: [{ field: 'department', reason: 'CHARITY may only send its own records, not CIVIL_AFFAIRS\'s' }] },
      ],
    });
    expect((await hub.db.prisma.person.findUniqueOrThrow({ where: { personKey: keyOf(hub, ID.zhangSan) } })).name).toBe(NAME.zhangSan);
  });

  test('charity programs are written by charities only: OFFICER and ADMIN are refused the charity mutations', async () => {
    const input = { code: 'SEC-NOT-A-CHARITY', name: 'x', needCategory: 'LIVING', regionCodes: ['51'], budget: '1.00', startDate: '2026-01-01' };
    for (const role of ['OFFICER', 'ADMIN'] as const) {
      const { body } = await hub.graphql(`mutation($input: CharityProgramInput!) { registerCharityProgram(input: $input) { code } }`, {
        token: await token(role === 'OFFICER' ? { role, department: 'CIVIL_AFFAIRS' } : { role }),
        variables: { input },
      });
      expect(firstError(body)).toMatchObject({ message: 'not allowed for this caller', extensions: { code: 'FORBIDDEN' } });
    }
    const charity = await hub.graphql(`mutation($input: CharityProgramInput!) { registerCharityProgram(input: $input) { code organization } }`, {
      token: await token({ role: 'CHARITY', org: RED_CROSS }),
      variables: { input },
    });
    expect(charity.body.data!.registerCharityProgram).toEqual({ code: 'SEC-NOT-A-CHARITY', organization: RED_CROSS });
  });
});
