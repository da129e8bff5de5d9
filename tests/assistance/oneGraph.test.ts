// One graph: a household's whole assistance picture across the seven
// departments, through the gateway over HTTP, sent through the batch mutation.
import { startTestHub, type TestHub } from '../helpers/hub';
import { family, householdObject } from '../helpers/exchange';

const COUNTY = '510104';
const f = family(COUNTY, 901);
let hub: TestHub;
let admin: string;

const base = { regionCode: COUNTY, status: 'ACTIVE', endDate: null, eventRef: null, expenseBasis: null, charityProgramCode: null };
const record = (department: string, sourceRecordId: string, program: string, beneficiary: string, extra: object) => ({
  type: 'record', department, sourceRecordId, program, beneficiaryIdNumber: beneficiary, ...base, ...extra,
});

const OBJECTS = [
  householdObject(COUNTY, f),
  { type: 'charityProgram', code: 'RED-CROSS-SC-2026-EDU', name: '红十字助学', organization: 'RED-CROSS-SC', needCategory: 'EDUCATION', regionCodes: ['5101'], budget: '500000.00', startDate: '2026-01-01', endDate: '2026-12-31' },
  record('CIVIL_AFFAIRS', 'CA-1G-1', 'DIBAO', f.head, { householdSourceId: f.sourceId, amount: '1140.00', frequency: 'MONTHLY', startDate: '2026-01-01', needCategory: 'LIVING', details: { dibaoGrade: 2 } }),
  record('EDUCATION', 'EDU-1G-1', 'EDU_GRANT', f.child, { amount: '1250.00', frequency: 'PER_TERM', startDate: '2026-03-01', endDate: '2026-07-10', needCategory: 'EDUCATION' }),
  record('HOUSING', 'HO-1G-1', 'RENTAL_SUBSIDY', f.head, { householdSourceId: f.sourceId, amount: '600.00', frequency: 'MONTHLY', startDate: '2026-02-01', needCategory: 'HOUSING' }),
  record('HEALTHCARE_SECURITY', 'HS-1G-1', 'MEDICAL_ASSISTANCE', f.spouse, { amount: '8000.00', frequency: 'ONE_OFF', startDate: '2026-04-12', needCategory: 'MEDICAL', eventRef: 'BILL-2026-0412', expenseBasis: '21000.00' }),
  record('HUMAN_RESOURCES', 'HR-1G-1', 'PUBLIC_WELFARE_JOB', f.spouse, { amount: '1500.00', frequency: 'MONTHLY', startDate: '2026-05-01', needCategory: 'EMPLOYMENT' }),
  record('DISABLED_PERSONS_FEDERATION', 'DPF-1G-1', 'REHABILITATION', f.child, { amount: '2000.00', frequency: 'ONE_OFF', startDate: '2026-06-01', needCategory: 'DISABILITY_CARE' }),
  record('CHARITY', 'CH-1G-1', 'CHARITY_GRANT', f.child, { amount: '800.00', frequency: 'ONE_OFF', startDate: '2026-09-01', needCategory: 'EDUCATION', charityProgramCode: 'RED-CROSS-SC-2026-EDU' }),
];

beforeAll(async () => {
  hub = await startTestHub({ demo: true });
  admin = await hub.token({ role: 'ADMIN', purpose: 'one-graph test' });
});
afterAll(() => hub.stop());

const SUBMIT = `mutation($o: [JSON!]!) { submitExchangeBatch(objects: $o) { stored unchanged rejected rejections { index problems { field reason } } } }`;

test('a batch with every department\'s records is stored, and sending it again changes nothing', async () => {
  const first = await hub.graphql(SUBMIT, { token: admin, variables: { o: OBJECTS } });
  expect(first.body.data!.submitExchangeBatch).toEqual({ stored: OBJECTS.length, unchanged: 0, rejected: 0, rejections: [] });
  const again = await hub.graphql(SUBMIT, { token: admin, variables: { o: OBJECTS } });
  expect(again.body.data!.submitExchangeBatch).toMatchObject({ stored: 0, unchanged: OBJECTS.length, rejected: 0 });
});

test('household(sourceId) returns its members and the records of all seven departments', async () => {
  const { body } = await hub.graphql(
    `query($s: ID!) { household(sourceId: $s) {
      members { relation person { maskedIdNumber age } }
      assistanceRecords(first: 50) { totalCount edges { node {
        id department program sourceRecordId amount frequency startDate endDate status needCategory
        beneficiary { maskedIdNumber }
        ... on CivilAffairsRecord { dibaoGrade }
      } } }
    } }`,
    { token: admin, variables: { s: f.sourceId } },
  );
  expect(body.errors).toBeUndefined();
  const household = body.data!.household;
  expect(household.members.map((m: any) => m.relation)).toEqual(['HEAD', 'SPOUSE', 'CHILD']);
  const records = household.assistanceRecords.edges.map((e: any) => e.node);
  expect(new Set(records.map((r: any) => r.department))).toEqual(
    new Set(['CIVIL_AFFAIRS', 'EDUCATION', 'HOUSING', 'HEALTHCARE_SECURITY', 'HUMAN_RESOURCES', 'DISABLED_PERSONS_FEDERATION', 'CHARITY']),
  );
  const dibao = records.find((r: any) => r.program === 'DIBAO');
  expect(dibao).toMatchObject({ id: 'CIVIL_AFFAIRS:CA-1G-1', amount: '1140.00', endDate: null, dibaoGrade: 2, frequency: 'MONTHLY' });
  const medical = records.find((r: any) => r.program === 'MEDICAL_ASSISTANCE');
  expect(medical).toMatchObject({ startDate: '2026-04-12', endDate: '2026-04-12', amount: '8000.00' });
});

test('records filter by department, program, status and date, and page', async () => {
  const query = `query($s: ID!, $f: AssistanceRecordFilter, $first: Int, $after: String) { household(sourceId: $s) {
    assistanceRecords(filter: $f, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } }`;
  const ids = async (filter: object, first = 50, after?: string) => {
    const { body } = await hub.graphql(query, { token: admin, variables: { s: f.sourceId, f: filter, first, after } });
    return body.data!.household.assistanceRecords;
  };
  expect((await ids({ departments: ['HOUSING'] })).edges.map((e: any) => e.node.id)).toEqual(['HOUSING:HO-1G-1']);
  expect((await ids({ programs: ['EDU_GRANT', 'CHARITY_GRANT'] })).totalCount).toBe(2);
  expect((await ids({ activeOn: '2026-04-12' })).edges.map((e: any) => e.node.id).sort()).toEqual(
    ['CIVIL_AFFAIRS:CA-1G-1', 'EDUCATION:EDU-1G-1', 'HEALTHCARE_SECURITY:HS-1G-1', 'HOUSING:HO-1G-1'].sort(),
  );
  expect((await ids({ statuses: ['CANCELLED'] })).totalCount).toBe(0);
  const page1 = await ids({}, 3);
  expect(page1.edges).toHaveLength(3);
  expect(page1.pageInfo.hasNextPage).toBe(true);
  const page2 = await ids({}, 50, page1.pageInfo.endCursor);
  expect(page2.edges).toHaveLength(4);
  const all = [...page1.edges, ...page2.edges].map((e: any) => e.node.id);
  expect(new Set(all).size).toBe(7);
});

test('a department system may only send its own department\'s records', async () => {
  const education = await hub.token({ role: 'SYSTEM', department: 'EDUCATION' });
  const { body } = await hub.graphql(SUBMIT, {
    token: education,
    variables: { o: [record('CIVIL_AFFAIRS', 'CA-1G-X', 'TEMPORARY', f.head, { amount: '500.00', frequency: 'ONE_OFF', startDate: '2026-08-01', needCategory: 'EMERGENCY' })] },
  });
  expect(body.data!.submitExchangeBatch.rejections).toEqual([
    { index: 0, problems: [{ field: 'department', reason: "EDUCATION may only send its own records, not CIVIL_AFFAIRS's" }] },
  ]);
});

test('a batch over 5,000 objects is refused as a whole, naming the field', async () => {
  const { body } = await hub.graphql(SUBMIT, { token: admin, variables: { o: Array.from({ length: 5001 }, () => ({})) } });
  expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'objects' });
});

test('a household-level grant covers the current members only: a head who left the household is no longer covered', async () => {
  const g = family(COUNTY, 902);
  const dibao = record('CIVIL_AFFAIRS', 'CA-1G-LEFT', 'DIBAO', g.head, {
    householdSourceId: g.sourceId, amount: '900.00', frequency: 'MONTHLY', startDate: '2026-01-01', needCategory: 'LIVING',
  });
  const sent = await hub.graphql(SUBMIT, { token: admin, variables: { o: [householdObject(COUNTY, g), dibao] } });
  expect(sent.body.data!.submitExchangeBatch.rejected).toBe(0);
  const covered = `query($p: String!) { personByIdNumber(idNumber: $p) { assistanceRecords { edges { node { id } } } } }`;
  const before = await hub.graphql(covered, { token: admin, variables: { p: g.spouse } });
  expect(before.body.data!.personByIdNumber.assistanceRecords.edges).toEqual([{ node: { id: 'CIVIL_AFFAIRS:CA-1G-LEFT' } }]);
  // The household is re-sent without the former head; the spouse now heads it.
  const moved = { ...householdObject(COUNTY, g), members: [{ idNumber: g.spouse, relation: 'HEAD' }, { idNumber: g.child, relation: 'CHILD' }] };
  await hub.graphql(SUBMIT, { token: admin, variables: { o: [moved] } });
  const formerHead = await hub.graphql(covered, { token: admin, variables: { p: g.head } });
  expect(formerHead.body.data!.personByIdNumber.assistanceRecords.edges).toEqual([]);
  const child = await hub.graphql(covered, { token: admin, variables: { p: g.child } });
  expect(child.body.data!.personByIdNumber.assistanceRecords.edges).toEqual([{ node: { id: 'CIVIL_AFFAIRS:CA-1G-LEFT' } }]);
});

test('a record\'s history needs a purpose, since its snapshots carry department details', async () => {
  const query = `{ assistanceRecord(id: "CIVIL_AFFAIRS:CA-1G-1") { id history { action current } } }`;
  const noPurpose = await hub.graphql(query, { token: await hub.token({ role: 'AUDITOR' }) });
  expect(noPurpose.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const withPurpose = await hub.graphql(query, { token: admin });
  expect(withPurpose.body.data!.assistanceRecord.history[0]).toMatchObject({ action: 'CREATED', current: { amount: '1140.00', details: { dibaoGrade: 2 } } });
});
