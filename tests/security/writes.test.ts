// Writes are scoped like reads (ACCESS.md v2): submitExchangeBatch through
// the gateway over real HTTP, with real tokens, on the small known world.
// A county's officer may not move a person, household or record of another
// county into their own regions (and so read it), nor rewrite it; a refusal
// reads the same whether or not what it is about exists, and "unchanged" is
// never said about what the caller may not read; a charity writes within its
// program's regions, dates and budget and never creates a person; a line's
// own shape (nesting, reserved keys) rejects that line only. Each refusal has
// its allowed twin. The checks: src/access/writes.ts.
import { grantCommitment } from '../../src/access/writes';
import { idNumberFor } from '../helpers/exchange';
import { startTestHub, type GraphqlResponse, type TestHub } from '../helpers/hub';
import { CHENGDU, HOUSEHOLD_A, HOUSEHOLD_B, ID, keyOf, NAME, NANCHONG, RED_CROSS, seedWorld, seen } from './accessWorld';

const SUBMIT = `mutation($o: [JSON!]!) { submitExchangeBatch(objects: $o) { stored unchanged rejected rejections { index problems { field reason } } } }`;
const PERSON = `query($id: String!) { personByIdNumber(idNumber: $id) { name residenceRegion { code } } }`;

const NOT_A_PERSON = 'is not a person in your regions';
const outside = (code: string) => `${code} is outside your regions`;
const notAHousehold = (sourceId: string) => `${sourceId} is not a household in your regions`;

let hub: TestHub;
let chengdu: string; // CIVIL_AFFAIRS officer of 成都市 (5101)
let chengduHealth: string; // HEALTHCARE_SECURITY officer of 成都市
let admin: string;
let redCross: string;

beforeAll(async () => {
  hub = await startTestHub();
  await seedWorld(hub);
  chengdu = await hub.token({ role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['5101'], sub: 'officer-chengdu', purpose: 'case 2026-77' });
  chengduHealth = await hub.token({ role: 'OFFICER', department: 'HEALTHCARE_SECURITY', regions: ['5101'], sub: 'officer-hs', purpose: 'case 2026-78' });
  admin = await hub.token({ role: 'ADMIN', purpose: 'write scope test' });
  redCross = await hub.token({ role: 'CHARITY', org: RED_CROSS, sub: 'rc-operator', purpose: 'grants' });
});
afterAll(() => hub.stop());

const submit = (token: string, objects: unknown[]) => hub.graphql(SUBMIT, { token, variables: { o: objects } });

/** What the batch says (counts and problems); fails on a GraphQL error. */
async function answer(token: string, objects: unknown[]) {
  const response = await submit(token, objects);
  expect(response.body.errors).toBeUndefined();
  return response.body.data!.submitExchangeBatch as {
    stored: number;
    unchanged: number;
    rejected: number;
    rejections: { index: number; problems: { field: string; reason: string }[] }[];
  };
}

/** Sends one line that must be refused; checks that nothing at all was written; returns the response and its one problem. */
async function refused(token: string, line: unknown) {
  const before = await hub.db.prisma.changeEvent.count();
  const persons = await hub.db.prisma.person.count();
  const response = await submit(token, [line]);
  expect(response.body.errors).toBeUndefined();
  const result = response.body.data!.submitExchangeBatch;
  expect(result).toMatchObject({ stored: 0, unchanged: 0, rejected: 1 });
  expect(await hub.db.prisma.changeEvent.count()).toBe(before);
  expect(await hub.db.prisma.person.count()).toBe(persons);
  return { response, problem: result.rejections[0].problems[0] as { field: string; reason: string } };
}

const stored = (idNumber: string) => hub.db.prisma.person.findUniqueOrThrow({ where: { personKey: keyOf(hub, idNumber) } });

/** As EXCHANGE.md's record example, for the Chengdu officer's department unless fields say otherwise. */
function temporary(sourceRecordId: string, fields: Record<string, unknown> = {}) {
  return {
    type: 'record', department: 'CIVIL_AFFAIRS', sourceRecordId, program: 'TEMPORARY', beneficiaryIdNumber: ID.liXiaohong,
    householdSourceId: null, regionCode: CHENGDU, amount: '800.00', frequency: 'ONE_OFF', startDate: '2026-07-01', endDate: null,
    status: 'ACTIVE', needCategory: 'EMERGENCY', eventRef: null, expenseBasis: null, charityProgramCode: null, details: {},
    ...fields,
  };
}

const dibao = (sourceRecordId: string, householdSourceId: string, beneficiaryIdNumber: string) =>
  temporary(sourceRecordId, {
    program: 'DIBAO', householdSourceId, beneficiaryIdNumber, amount: '1140.00', frequency: 'MONTHLY', startDate: '2026-04-01',
    needCategory: 'LIVING',
  });

let sequence = 700;
const newId = (county = CHENGDU) => idNumberFor(county, '1988-08-08', ++sequence);

describe('no write moves a person, household or record of another county into the caller\'s regions', () => {
  test('re-registering a Nanchong resident in Chengdu is refused, stores nothing, and leaves them out of sight; a Chengdu resident is updated', async () => {
    const reach = () => hub.graphql(PERSON, { token: chengdu, variables: { id: ID.wangWu } });
    expect((await reach()).body.data).toEqual({ personByIdNumber: null });

    const { problem } = await refused(chengdu, { type: 'person', idNumber: ID.wangWu, residenceRegionCode: CHENGDU });
    expect(problem).toEqual({ field: 'idNumber', reason: NOT_A_PERSON });
    expect((await stored(ID.wangWu)).residenceRegionCode).toBe(NANCHONG);
    expect((await reach()).body.data).toEqual({ personByIdNumber: null });

    expect(await answer(chengdu, [{ type: 'person', idNumber: ID.liXiaohong, employmentStatus: 'EMPLOYED' }])).toMatchObject({ stored: 1, rejected: 0 });
    expect((await stored(ID.liXiaohong)).employmentStatus).toBe('EMPLOYED');
  });

  test('the death date, disability grade and hukou of a person outside the caller\'s regions cannot be rewritten; those of a person in them can', async () => {
    for (const line of [
      { type: 'person', idNumber: ID.wangWu, deathDate: '2026-05-01' },
      { type: 'person', idNumber: ID.zhaoLiu, disabilityGrade: 1, disabilityType: 'MENTAL' },
      { type: 'person', idNumber: ID.zhaoLiu, hukouRegionCode: CHENGDU },
    ]) {
      expect((await refused(chengdu, line)).problem).toEqual({ field: 'idNumber', reason: NOT_A_PERSON });
    }
    expect(await stored(ID.wangWu)).toMatchObject({ deathDate: null, residenceRegionCode: NANCHONG });
    expect(await stored(ID.zhaoLiu)).toMatchObject({ disabilityGrade: null, disabilityType: null, hukouRegionCode: NANCHONG });

    expect(await answer(chengdu, [{ type: 'person', idNumber: ID.zhangXiaoming, disabilityGrade: 4, disabilityType: 'HEARING' }])).toMatchObject({ stored: 1 });
    expect(await stored(ID.zhangXiaoming)).toMatchObject({ disabilityGrade: 4, disabilityType: 'HEARING' });
  });

  test('a new person is written only into the caller\'s regions: a residence elsewhere is refused naming the field, no region at all like a person outside; a Chengdu residence is stored and readable', async () => {
    const elsewhere = newId(NANCHONG);
    expect((await refused(chengdu, { type: 'person', idNumber: elsewhere, name: '钱七', residenceRegionCode: NANCHONG })).problem).toEqual({
      field: 'residenceRegionCode',
      reason: outside(NANCHONG),
    });
    expect((await refused(chengdu, { type: 'person', idNumber: elsewhere, name: '钱七' })).problem).toEqual({ field: 'idNumber', reason: NOT_A_PERSON });

    const here = newId();
    expect(await answer(chengdu, [{ type: 'person', idNumber: here, name: '钱七', residenceRegionCode: CHENGDU }])).toMatchObject({ stored: 1 });
    expect((await hub.graphql(PERSON, { token: chengdu, variables: { id: here } })).body.data).toEqual({
      personByIdNumber: { name: '钱七', residenceRegion: { code: CHENGDU } },
    });
  });

  test('listing a person of another county in one\'s own household is refused on that member and keeps the member list; listing a new person is stored', async () => {
    const members = [
      { idNumber: ID.zhangSan, relation: 'HEAD' },
      { idNumber: ID.liXiaohong, relation: 'SPOUSE' },
      { idNumber: ID.zhangXiaoming, relation: 'CHILD' },
    ];
    const householdA = { type: 'household', sourceId: HOUSEHOLD_A, regionCode: CHENGDU, township: '书院街街道', area: 'URBAN', monthlyIncomePerCapita: '420.00', members };
    const { problem } = await refused(chengdu, { ...householdA, members: [...members, { idNumber: ID.wangWu, relation: 'OTHER' }] });
    expect(problem).toEqual({ field: 'members.3.idNumber', reason: NOT_A_PERSON });
    expect(await hub.db.prisma.householdMember.count({ where: { householdSourceId: HOUSEHOLD_A } })).toBe(3);
    expect((await hub.graphql(PERSON, { token: chengdu, variables: { id: ID.wangWu } })).body.data).toEqual({ personByIdNumber: null });

    // The same household re-sent as it is: unchanged (the caller may read all of it).
    expect(await answer(chengdu, [householdA])).toMatchObject({ unchanged: 1, rejected: 0 });
    const newcomer = newId();
    const householdC = { ...householdA, sourceId: 'HH-SEC-C', members: [{ idNumber: newcomer, relation: 'HEAD' }] };
    expect(await answer(chengdu, [householdC])).toMatchObject({ stored: 1, rejected: 0 });
    expect(await hub.db.prisma.householdMember.count({ where: { householdSourceId: 'HH-SEC-C', personKey: keyOf(hub, newcomer) } })).toBe(1);
  });

  test('a household is neither registered in another county nor taken over from it', async () => {
    const inNanchong = { type: 'household', sourceId: 'HH-SEC-N', regionCode: NANCHONG, area: 'URBAN', members: [{ idNumber: newId(NANCHONG), relation: 'HEAD' }] };
    expect((await refused(chengdu, inNanchong)).problem).toEqual({ field: 'regionCode', reason: outside(NANCHONG) });
    const takeover = { type: 'household', sourceId: HOUSEHOLD_B, regionCode: CHENGDU, area: 'URBAN', members: [{ idNumber: ID.wangWu, relation: 'HEAD' }] };
    expect((await refused(chengdu, takeover)).problem).toEqual({
      field: 'sourceId',
      reason: `${HOUSEHOLD_B} is already used by a household outside your regions: choose another id`,
    });
    expect(await hub.db.prisma.household.findUniqueOrThrow({ where: { sourceId: HOUSEHOLD_B } })).toMatchObject({ regionCode: NANCHONG });
  });

  test('a record in another county, on another county\'s household or overwriting another county\'s record is refused; an unknown household reads the same; a record in Chengdu on its household is stored', async () => {
    expect((await refused(chengdu, temporary('SEC-W-1', { regionCode: NANCHONG }))).problem).toEqual({ field: 'regionCode', reason: outside(NANCHONG) });
    for (const household of [HOUSEHOLD_B, 'HH-SEC-NONE']) {
      expect((await refused(chengdu, temporary('SEC-W-2', { householdSourceId: household, beneficiaryIdNumber: ID.wangWu }))).problem).toEqual({
        field: 'householdSourceId',
        reason: notAHousehold(household),
      });
    }
    const overwrite = dibao('SEC-CA-B', HOUSEHOLD_A, ID.zhangSan);
    expect((await refused(chengdu, overwrite)).problem).toEqual({
      field: 'sourceRecordId',
      reason: 'is already used by a record outside your regions: choose another id',
    });
    const recordB = await hub.db.prisma.assistanceRecord.findUniqueOrThrow({
      where: { department_sourceRecordId: { department: 'CIVIL_AFFAIRS', sourceRecordId: 'SEC-CA-B' } },
    });
    expect([recordB.regionCode, recordB.householdSourceId, recordB.beneficiaryKey]).toEqual([NANCHONG, HOUSEHOLD_B, keyOf(hub, ID.wangWu)]);

    expect(await answer(chengdu, [temporary('SEC-W-3', { householdSourceId: HOUSEHOLD_A })])).toMatchObject({ stored: 1, rejected: 0 });
  });

  test('an expense for a person outside the caller\'s regions is refused like one for an unknown person, who is not created; one for a person in them is stored', async () => {
    const expense = (sourceId: string, idNumber: string) => ({
      type: 'expense', department: 'HEALTHCARE_SECURITY', sourceId, idNumber, category: 'MEDICAL', amount: '9000.00', date: '2026-06-02',
    });
    const away = await refused(chengduHealth, expense('SEC-W-EXP-1', ID.wangWu));
    const unknown = await refused(chengduHealth, expense('SEC-W-EXP-1', ID.nobody));
    expect(away.problem).toEqual({ field: 'idNumber', reason: NOT_A_PERSON });
    expect(seen(unknown.response)).toEqual(seen(away.response));
    expect(await hub.db.prisma.person.count({ where: { personKey: keyOf(hub, ID.nobody) } })).toBe(0);

    expect(await answer(chengduHealth, [expense('SEC-W-EXP-2', ID.zhangSan)])).toMatchObject({ stored: 1, rejected: 0 });
  });

  test('allowed twin: an administrator import writes in any county', async () => {
    const result = await answer(admin, [
      temporary('SEC-W-ADMIN', { regionCode: NANCHONG, householdSourceId: HOUSEHOLD_B, beneficiaryIdNumber: ID.wangWu }),
      { type: 'person', idNumber: ID.wangWu, name: NAME.wangWu },
    ]);
    expect(result).toEqual({ stored: 1, unchanged: 1, rejected: 0, rejections: [] });
  });
});

describe('"unchanged" confirms no guess, and a refusal says the same whether or not its subject exists', () => {
  test('a person line about someone outside the caller\'s regions answers alike for a right and a wrong name, disability grade or death date, and for an unknown person; nothing is overwritten', async () => {
    const guesses = [
      { name: NAME.wangWu },
      { name: '王六' },
      { disabilityGrade: null },
      { disabilityGrade: 3 },
      { deathDate: null },
      { deathDate: '2026-01-01' },
    ];
    const answers: GraphqlResponse[] = [];
    for (const guess of guesses) answers.push((await refused(chengdu, { type: 'person', idNumber: ID.wangWu, ...guess })).response);
    answers.push((await refused(chengdu, { type: 'person', idNumber: ID.nobody, name: NAME.wangWu })).response);
    for (const response of answers) expect(seen(response)).toEqual(seen(answers[0]!));
    expect(answers[0]!.body.data!.submitExchangeBatch.rejections).toEqual([{ index: 0, problems: [{ field: 'idNumber', reason: NOT_A_PERSON }] }]);
    expect(await stored(ID.wangWu)).toMatchObject({ name: NAME.wangWu, disabilityGrade: null, deathDate: null });
  });

  test('allowed twin: a person in the caller\'s regions re-sent as stored is unchanged, and a change is stored', async () => {
    expect(await answer(chengdu, [{ type: 'person', idNumber: ID.zhangSan, name: NAME.zhangSan, disabilityGrade: 2 }])).toMatchObject({ unchanged: 1, stored: 0 });
    expect(await answer(chengdu, [{ type: 'person', idNumber: ID.zhangSan, orphan: false }])).toMatchObject({ stored: 1 });
  });

  test('who heads a household is said only about a household the caller may read', async () => {
    const head = await refused(chengdu, dibao('SEC-W-4', HOUSEHOLD_B, ID.wangWu));
    const notHead = await refused(chengdu, dibao('SEC-W-4', HOUSEHOLD_B, ID.zhaoLiu));
    expect(head.problem).toEqual({ field: 'householdSourceId', reason: notAHousehold(HOUSEHOLD_B) });
    expect(seen(notHead.response)).toEqual(seen(head.response));
    // In the caller's regions the head is checked, and said.
    expect((await refused(chengdu, dibao('SEC-W-4', HOUSEHOLD_A, ID.liXiaohong))).problem).toEqual({
      field: 'beneficiaryIdNumber',
      reason: `must be the head of household ${HOUSEHOLD_A} for a household-level program`,
    });
  });

  test('a record of another county re-sent exactly as stored answers like a changed one', async () => {
    const asStored = temporary('SEC-CA-X', { beneficiaryIdNumber: ID.zhaoLiu, amount: '2000.00', startDate: '2026-06-01', details: { reason: '住房失火' } });
    const nanchong = await hub.token({ role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['5113'], purpose: 'case 2026-79' });
    const same = await refused(nanchong, asStored);
    const changed = await refused(nanchong, { ...asStored, amount: '2500.00' });
    expect(same.problem).toEqual({ field: 'regionCode', reason: outside(CHENGDU) });
    expect(seen(changed.response)).toEqual(seen(same.response));
    // Its own officer re-sending it: unchanged.
    expect(await answer(chengdu, [asStored])).toMatchObject({ unchanged: 1 });
  });
});

describe('a charity writes within its program\'s regions, dates and budget, and creates no person', () => {
  const PROGRAM = 'RED-CROSS-SC-2026-WRITES';
  const program = {
    type: 'charityProgram', code: PROGRAM, name: '写入测试', organization: RED_CROSS, needCategory: 'EDUCATION', regionCodes: ['5101'],
    budget: '10000.00', startDate: '2026-01-01', endDate: '2026-12-31',
  };
  const grant = (sourceRecordId: string, fields: Record<string, unknown> = {}) => ({
    type: 'record', department: 'CHARITY', sourceRecordId, program: 'CHARITY_GRANT', beneficiaryIdNumber: ID.liXiaohong,
    regionCode: CHENGDU, amount: '1000.00', frequency: 'ONE_OFF', startDate: '2026-03-01', status: 'ACTIVE', needCategory: 'EDUCATION',
    charityProgramCode: PROGRAM, ...fields,
  });

  beforeAll(async () => {
    expect(await answer(redCross, [program])).toMatchObject({ stored: 1, rejected: 0 });
  });

  test('a grant outside its program\'s regions or period is refused naming the field; one within them is stored', async () => {
    expect((await refused(redCross, grant('SEC-W-G1', { regionCode: NANCHONG, beneficiaryIdNumber: ID.wangWu }))).problem).toEqual({
      field: 'regionCode',
      reason: `${NANCHONG} is outside the regions of program ${PROGRAM}`,
    });
    expect((await refused(redCross, grant('SEC-W-G1', { startDate: '2025-12-31' }))).problem).toEqual({
      field: 'startDate',
      reason: `is before the start of program ${PROGRAM} (2026-01-01)`,
    });
    expect((await refused(redCross, grant('SEC-W-G1', { frequency: 'MONTHLY', amount: '10.00', endDate: '2027-01-31' }))).problem).toEqual({
      field: 'endDate',
      reason: `is after the end of program ${PROGRAM} (2026-12-31)`,
    });
    expect((await refused(redCross, grant('SEC-W-G1', { householdSourceId: HOUSEHOLD_A }))).problem).toMatchObject({ field: 'householdSourceId' });
    expect(await answer(redCross, [grant('SEC-W-G1')])).toMatchObject({ stored: 1, rejected: 0 });
  });

  test('a grant to an ID number the hub does not know is refused like one to a person outside the program, and no person is created; a grantee in the program\'s regions is paid', async () => {
    const unknown = await refused(redCross, grant('SEC-W-G2', { beneficiaryIdNumber: ID.nobody }));
    const away = await refused(redCross, grant('SEC-W-G2', { beneficiaryIdNumber: ID.wangWu }));
    expect(unknown.problem).toEqual({ field: 'beneficiaryIdNumber', reason: 'is not a person this program may pay' });
    expect(seen(away.response)).toEqual(seen(unknown.response));
    expect(await hub.db.prisma.person.count({ where: { personKey: keyOf(hub, ID.nobody) } })).toBe(0);

    // The charity's own mutation goes through the same check.
    const input = { sourceRecordId: 'SEC-W-G2', charityProgramCode: PROGRAM, beneficiaryIdNumber: ID.nobody, regionCode: CHENGDU, amount: '500.00', frequency: 'ONE_OFF', startDate: '2026-03-02' };
    const mutation = `mutation($input: CharityGrantInput!) { recordCharityGrant(input: $input) { id } }`;
    const viaMutation = await hub.graphql(mutation, { token: redCross, variables: { input } });
    expect(viaMutation.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'beneficiaryIdNumber', reason: 'is not a person this program may pay' });
    expect(await hub.db.prisma.person.count({ where: { personKey: keyOf(hub, ID.nobody) } })).toBe(0);

    expect(await answer(redCross, [grant('SEC-W-G2', { beneficiaryIdNumber: ID.zhangXiaoming, amount: '500.00' })])).toMatchObject({ stored: 1 });
  });

  test('the program\'s grants may not commit more than its budget, a periodic grant counting once per period up to the program\'s end', async () => {
    // Committed so far: 1000.00 + 500.00. A MONTHLY 1000.00 from May, open-ended, runs to the program's end: 8 payments.
    expect(await answer(redCross, [grant('SEC-W-G3', { frequency: 'MONTHLY', startDate: '2026-05-01', endDate: null })])).toMatchObject({ stored: 1 });
    expect((await refused(redCross, grant('SEC-W-G4', { amount: '500.01' }))).problem).toEqual({
      field: 'amount',
      reason: `would commit program ${PROGRAM} to 10000.01 in all, over its budget of 10000.00`,
    });
    expect(await answer(redCross, [grant('SEC-W-G4', { amount: '500.00' })])).toMatchObject({ stored: 1 });
    // Cancelling a grant frees what it committed; changing one counts its new terms instead of its old.
    expect(await answer(redCross, [grant('SEC-W-G3', { frequency: 'MONTHLY', startDate: '2026-05-01', endDate: null, status: 'CANCELLED' })])).toMatchObject({ stored: 1 });
    expect(await answer(redCross, [grant('SEC-W-G5', { amount: '8000.00' })])).toMatchObject({ stored: 1 });
    expect((await refused(redCross, grant('SEC-W-G5', { amount: '8000.01' }))).problem).toMatchObject({ field: 'amount' });
  });

  test('a charity may not lower its program\'s budget below what its grants commit; down to it, it may', async () => {
    expect((await refused(redCross, { ...program, budget: '9999.99' })).problem).toEqual({ field: 'budget', reason: 'is less than the 10000.00 its grants commit' });
    expect(await answer(redCross, [{ ...program, budget: '10000' }])).toMatchObject({ unchanged: 1 });
    expect(await answer(redCross, [{ ...program, budget: '12000.00' }])).toMatchObject({ stored: 1 });
  });
});

describe('a line\'s own shape rejects that line only, naming the field', () => {
  const valid = () => ({ type: 'person', idNumber: newId(), name: '孙九', residenceRegionCode: CHENGDU });

  test('a details object nested 20,000 levels deep is refused on its line (details: nested deeper than 32 levels); the valid line beside it is stored', async () => {
    const deep = JSON.stringify(temporary('SEC-W-DEEP')).replace('"details":{}', `"details":${'{"a":'.repeat(20000)}1${'}'.repeat(20000)}`);
    // The test's own JSON.stringify would overflow on it: the body is written as text, as a client's would be.
    const body = `{"query":${JSON.stringify(SUBMIT)},"variables":{"o":[${deep},${JSON.stringify(valid())}]}}`;
    const response = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${chengdu}` },
      body,
    });
    const result = (await response.json()) as GraphqlResponse['body'];
    expect(result.errors).toBeUndefined();
    expect(result.data!.submitExchangeBatch).toEqual({
      stored: 1,
      unchanged: 0,
      rejected: 1,
      rejections: [{ index: 0, problems: [{ field: 'details', reason: 'nested deeper than 32 levels' }] }],
    });
    expect(await hub.db.prisma.assistanceRecord.count({ where: { sourceRecordId: 'SEC-W-DEEP' } })).toBe(0);
  });

  test('__proto__, constructor and prototype keys are refused naming where they are, inside details or anywhere in a line; the same line without them is stored', async () => {
    const reason = 'is not allowed as a key (__proto__, constructor and prototype are reserved)';
    const cases: [string, string][] = [
      ['details.__proto__', '{"details":{"__proto__":{"reason":"x"}}}'],
      ['details.constructor', '{"details":{"constructor":"x"}}'],
      ['prototype', '{"prototype":{}}'],
    ];
    for (const [field, extra] of cases) {
      // Parsed from text, as the hub parses a body: the keys are the line's own fields.
      const line = { ...temporary('SEC-W-PROTO'), ...JSON.parse(extra) };
      expect(Object.keys(line)).toContain(field.split('.')[0]);
      expect((await refused(chengdu, line)).problem).toEqual({ field, reason });
    }
    expect(await hub.db.prisma.assistanceRecord.count({ where: { sourceRecordId: 'SEC-W-PROTO' } })).toBe(0);
    const household = JSON.parse(`{"type":"household","sourceId":"HH-SEC-P","regionCode":"${CHENGDU}","area":"URBAN","members":[{"idNumber":"${newId()}","relation":"HEAD","__proto__":{"relation":"CHILD"}}]}`);
    expect((await refused(chengdu, household)).problem).toEqual({ field: 'members.0.__proto__', reason });

    expect(await answer(chengdu, [temporary('SEC-W-PROTO', { details: { reason: '临时困难' } })])).toMatchObject({ stored: 1, rejected: 0 });
  });
});

describe('grantCommitment: what a grant commits its program to (the budget rule of docs/access.md)', () => {
  const year = { startDate: '2026-01-01', endDate: '2026-12-31' };
  const open = { startDate: '2026-01-01', endDate: null };
  const g = (frequency: string, startDate: string, endDate: string | null, amount = '100.00', status = 'ACTIVE') =>
    ({ amount, frequency, startDate, endDate, status }) as Parameters<typeof grantCommitment>[0];

  test.each([
    ['ONE_OFF: its amount', g('ONE_OFF', '2026-03-01', '2026-03-01'), year, 10000n],
    ['CANCELLED: nothing', g('MONTHLY', '2026-01-01', null, '100.00', 'CANCELLED'), year, 0n],
    ['MONTHLY for a year: 12 periods', g('MONTHLY', '2026-01-01', '2026-12-31'), year, 120000n],
    ['MONTHLY, open-ended, from September in a program ending in December: 4', g('MONTHLY', '2026-09-01', null), year, 40000n],
    ['MONTHLY, open-ended, of an open-ended program: 12 (a year)', g('MONTHLY', '2026-09-15', null), open, 120000n],
    ['QUARTERLY, open-ended, of an open-ended program: 4', g('QUARTERLY', '2026-02-01', null), open, 40000n],
    ['PER_TERM over the year: 2 terms', g('PER_TERM', '2026-01-01', '2026-12-31'), year, 20000n],
    ['ANNUAL across two years in an open program: 2', g('ANNUAL', '2026-01-01', '2027-06-30'), open, 20000n],
    ['MONTHLY 01-31 to 03-30: Jan 31, Feb 28 (month end), Mar 31 is past: 2', g('MONTHLY', '2026-01-31', '2026-03-30'), year, 20000n],
    ['MONTHLY one day: 1', g('MONTHLY', '2026-05-10', '2026-05-10'), year, 10000n],
    ['MONTHLY started before its program (administrator import): only periods from the program\'s start', g('MONTHLY', '2025-11-01', '2026-02-28'), year, 20000n],
  ])('%s', (_name, grant, program, cents) => {
    expect(grantCommitment(grant, program)).toBe(cents);
  });
});
