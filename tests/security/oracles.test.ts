// The smaller oracles (ACCESS.md, Personal data): what lies outside the
// caller's scope gets the same answer as what does not exist "by every path:
// lookups, lists, cursors, counts, referrals, findings, batch answers and
// their error messages, and (as far as the hub can help it) their timing".
// Each refusal is asked twice, about something that exists out of scope and
// about something that does not exist: the two answers are equal (up to the
// caller's own input echoed back) and cost the same number of SQL statements
// (a count, not a clock: the work done cannot differ). Each has its allowed
// twin: the same request in scope still works. Through the gateway over real
// HTTP with real tokens.
import { ingest } from '../../src/ingest/service';
import type { Prisma } from '../../src/db/client/prisma/client';
import { idNumberFor } from '../helpers/exchange';
import { startTestHub, type GraphqlResponse, type TestHub } from '../helpers/hub';
import { CHENGDU, HOUSEHOLD_A, HOUSEHOLD_B, ID, keyOf, NANCHONG, seedWorld, seen } from './accessWorld';

let hub: TestHub;
const statements: string[] = [];
const token = {} as Record<
  'admin' | 'adminPurpose' | 'chengdu' | 'nanchong' | 'caChengdu' | 'caNanchong' | 'cwChengdu' | 'cwNanchong' | 'auditorChengdu',
  string
>;

/** Households beside the world's: the order of source ids is A, B, B2, B3, C (A and C in Chengdu, the Bs in Nanchong). */
const HOUSEHOLD_B2 = 'HH-SEC-B2';
const HOUSEHOLD_B3 = 'HH-SEC-B3';
const HOUSEHOLD_C = 'HH-SEC-C';
/** Source ids of no household, at the same places in the order as A (just after it) and C (just before it). */
const NO_HOUSEHOLD_AFTER_A = 'HH-SEC-A0';
const NO_HOUSEHOLD_BEFORE_C = 'HH-SEC-B9';

const extraPerson = (region: string, sequence: number) => ({ type: 'person', idNumber: idNumberFor(region, '1970-01-01', sequence), residenceRegionCode: region });
const extraHousehold = (sourceId: string, region: string, sequence: number) => ({
  type: 'household', sourceId, regionCode: region, area: 'URBAN', members: [{ idNumber: idNumberFor(region, '1970-01-01', sequence), relation: 'HEAD' }],
});
const EXTRA = [
  extraPerson(NANCHONG, 51), extraPerson(NANCHONG, 52), extraPerson(CHENGDU, 53),
  extraHousehold(HOUSEHOLD_B2, NANCHONG, 51), extraHousehold(HOUSEHOLD_B3, NANCHONG, 52), extraHousehold(HOUSEHOLD_C, CHENGDU, 53),
  // A cancelled dibao in Nanchong: out of a Chengdu caller's scope, it would have been refused "is CANCELLED".
  {
    type: 'record', department: 'CIVIL_AFFAIRS', sourceRecordId: 'SEC-CA-B-X', program: 'DIBAO', beneficiaryIdNumber: ID.wangWu,
    householdSourceId: HOUSEHOLD_B, regionCode: NANCHONG, amount: '980.00', frequency: 'MONTHLY', startDate: '2026-02-01', endDate: null,
    status: 'CANCELLED', needCategory: 'LIVING', eventRef: null, expenseBasis: null, charityProgramCode: null,
  },
];

/** Findings as the detection runner stores them. */
const finding = (key: string, fields: Omit<Prisma.FindingUncheckedCreateInput, 'findingKey' | 'asOf' | 'firstFoundAsOf' | 'regionCodes'> & { regionCodes?: string[] }) => ({
  findingKey: key, regionCodes: [fields.regionCode], asOf: new Date('2026-11-20T00:00:00Z'), firstFoundAsOf: new Date('2026-11-20T00:00:00Z'), ...fields,
});
const FINDINGS = {
  gapChengdu: finding('T|G1|A', { rule: 'G1', kind: 'GAP', regionCode: CHENGDU, suggestedPrograms: ['EDU_GRANT'], departments: ['EDUCATION'] }),
  gapNanchong: finding('T|G1|B', { rule: 'G1', kind: 'GAP', regionCode: NANCHONG, suggestedPrograms: ['EDU_GRANT'], departments: ['EDUCATION'] }),
  // Filed under Nanchong, involving Chengdu too: both counties' caseworkers see it.
  gapBoth: finding('T|G1|X', { rule: 'G1', kind: 'GAP', regionCode: NANCHONG, regionCodes: [NANCHONG, CHENGDU], suggestedPrograms: ['EDU_GRANT'], departments: ['EDUCATION'] }),
  duplicateChengdu: finding('T|D1|A', { rule: 'D1', kind: 'DUPLICATE', regionCode: CHENGDU, records: ['CIVIL_AFFAIRS:SEC-CA-A', 'CIVIL_AFFAIRS:SEC-CA-X'], departments: ['CIVIL_AFFAIRS'], overpayment: '100.00' }),
  // Nanchong, EDUCATION only: a Chengdu civil-affairs officer sees neither its region nor its department.
  duplicateNanchong: finding('T|D1|B', { rule: 'D1', kind: 'DUPLICATE', regionCode: NANCHONG, records: ['EDUCATION:E-1', 'EDUCATION:E-2'], departments: ['EDUCATION'], overpayment: '100.00' }),
};
const findingId = {} as Record<keyof typeof FINDINGS, string>;
const referralId = {} as Record<'nanchongOpen' | 'nanchongAccepted' | 'forward' | 'accept' | 'reject' | 'closeByCaseworker' | 'closeByOfficer', string>;

const MISSING_ID = '999999';

beforeAll(async () => {
  hub = await startTestHub({ onStatement: (sql) => statements.push(sql) });
  await seedWorld(hub);
  const stored = await ingest(hub.db.prisma, EXTRA.map((input, position) => ({ position, input })), {
    sender: { name: 'test:admin', department: null },
    personKeyPepper: hub.config.idPepper,
  });
  expect(stored.rejected).toBe(0);
  const people = { gapChengdu: ID.zhangXiaoming, gapNanchong: ID.wangWu, gapBoth: ID.zhaoLiu } as Record<string, string>;
  for (const [name, row] of Object.entries(FINDINGS)) {
    const data = { ...row, personKey: people[name] ? keyOf(hub, people[name]) : null };
    findingId[name as keyof typeof FINDINGS] = String((await hub.db.prisma.finding.create({ data })).id);
  }

  token.admin = await hub.token({ role: 'ADMIN' });
  token.adminPurpose = await hub.token({ role: 'ADMIN', purpose: 'seeding the audit log' });
  token.chengdu = await hub.token({ role: 'OFFICER', department: 'EDUCATION', regions: ['5101'] });
  token.nanchong = await hub.token({ role: 'OFFICER', department: 'EDUCATION', regions: ['5113'] });
  token.caChengdu = await hub.token({ role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['5101'], sub: 'ca-chengdu' });
  token.caNanchong = await hub.token({ role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['5113'], sub: 'ca-nanchong' });
  token.cwChengdu = await hub.token({ role: 'CASEWORKER', regions: ['5101'], sub: 'cw-chengdu' });
  token.cwNanchong = await hub.token({ role: 'CASEWORKER', regions: ['5113'], sub: 'cw-nanchong' });
  token.auditorChengdu = await hub.token({ role: 'AUDITOR', regions: ['5101'] });

  // Referrals of household A (Chengdu) and B (Nanchong) to civil affairs, opened by their caseworkers.
  const open = async (caseworker: string, household: string) => {
    const { body } = await hub.graphql(OPEN, { token: caseworker, variables: { input: { householdSourceId: household, toDepartment: 'CIVIL_AFFAIRS' } } });
    expect(body.errors).toBeUndefined();
    return body.data!.openReferral.id as string;
  };
  const accept = async (officer: string, id: string) => {
    const { body } = await hub.graphql(ACCEPT, { token: officer, variables: { id } });
    expect(body.data?.acceptReferral.status).toBe('ACCEPTED');
  };
  referralId.nanchongOpen = await open(token.cwNanchong, HOUSEHOLD_B);
  referralId.nanchongAccepted = await open(token.cwNanchong, HOUSEHOLD_B);
  await accept(token.caNanchong, referralId.nanchongAccepted);
  for (const name of ['forward', 'accept', 'reject', 'closeByCaseworker', 'closeByOfficer'] as const) referralId[name] = await open(token.cwChengdu, HOUSEHOLD_A);
  await accept(token.caChengdu, referralId.closeByCaseworker);
  await accept(token.caChengdu, referralId.closeByOfficer);
}, 120_000);
afterAll(() => hub.stop());

const OPEN = `mutation($input: OpenReferralInput!) { openReferral(input: $input) { id status regionCode } }`;
const FORWARD = `mutation($id: ID!) { forwardReferral(id: $id, toDepartment: EDUCATION, note: "转教育局") { id status toDepartment } }`;
const ACCEPT = `mutation($id: ID!) { acceptReferral(id: $id, note: "受理") { id status } }`;
const REJECT = `mutation($id: ID!) { rejectReferral(id: $id, reason: "不符合条件") { id status reason } }`;
const CLOSE = `mutation($id: ID!, $record: String!) { closeReferral(id: $id, closingRecord: $record) { id status closingRecord } }`;
const REVIEW = `mutation($id: ID!) { reviewFinding(id: $id, status: CONFIRMED, note: "核实") { id status } }`;

/** One request, and how many SQL statements it cost. */
async function ask(query: string, caller: string, variables: Record<string, unknown>): Promise<{ response: GraphqlResponse; cost: number }> {
  statements.length = 0;
  const response = await hub.graphql(query, { token: caller, variables });
  return { response, cost: statements.length };
}

/**
 * Asks about something out of the caller's scope and about something that
 * does not exist: the same answer and the same number of statements. An
 * error may echo the caller's own input (`no referral 17`): `echo` names the
 * two inputs, and the outside one is read as the missing one before comparing.
 */
async function expectLookAlike(
  query: string,
  caller: string,
  outside: Record<string, unknown>,
  missing: Record<string, unknown>,
  echo?: [outside: string, missing: string],
): Promise<GraphqlResponse> {
  const away = await ask(query, caller, outside);
  const unknown = await ask(query, caller, missing);
  const text = JSON.stringify(seen(away.response));
  const asMissing = echo ? text.split(echo[0]).join(echo[1]) : text;
  expect(JSON.parse(asMissing)).toEqual(seen(unknown.response));
  expect(away.cost).toBe(unknown.cost);
  return unknown.response;
}

const cursorOf = (sourceId: string) => Buffer.from(`GPC:S:${sourceId}`).toString('base64');
const sourceIds = (response: GraphqlResponse) => response.body.data!.households.edges.map((e: any) => e.node.sourceId);

describe('cursors name a place in the order, not a row', () => {
  const AFTER = `query($after: String, $n: Int = 5) { households(first: $n, after: $after) { totalCount edges { cursor node { sourceId } } pageInfo { hasNextPage endCursor } } }`;
  const BEFORE = `query($before: String, $n: Int = 5) { households(last: $n, before: $before) { totalCount edges { cursor node { sourceId } } pageInfo { hasPreviousPage startCursor } } }`;

  test('households after the cursor of a household in another county page exactly like after the cursor of one that does not exist', async () => {
    const answer = await expectLookAlike(AFTER, token.nanchong, { after: cursorOf(HOUSEHOLD_A) }, { after: cursorOf(NO_HOUSEHOLD_AFTER_A) });
    expect(answer.body.errors).toBeUndefined();
    // Neither drops the first household after that place, nor stops there.
    expect(sourceIds(answer)).toEqual([HOUSEHOLD_B, HOUSEHOLD_B2, HOUSEHOLD_B3]);
  });

  test('households before the cursor of a household in another county page exactly like before the cursor of one that does not exist', async () => {
    const answer = await expectLookAlike(BEFORE, token.nanchong, { before: cursorOf(HOUSEHOLD_C) }, { before: cursorOf(NO_HOUSEHOLD_BEFORE_C) });
    expect(answer.body.errors).toBeUndefined();
    expect(sourceIds(answer)).toEqual([HOUSEHOLD_B, HOUSEHOLD_B2, HOUSEHOLD_B3]);
  });

  test('allowed twin: the cursors the connection gives out page on, forwards and backwards, each household once', async () => {
    const walk = async (query: string, variable: 'after' | 'before', next: (r: GraphqlResponse) => string | null) => {
      const seenIds: string[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 10; pages += 1) {
        const response = await hub.graphql(query, { token: token.nanchong, variables: { [variable]: cursor, n: 1 } });
        expect(response.body.errors).toBeUndefined();
        const ids = sourceIds(response);
        if (ids.length === 0) break;
        seenIds.push(...ids);
        cursor = next(response);
      }
      return seenIds;
    };
    expect(await walk(AFTER, 'after', (r) => r.body.data!.households.pageInfo.endCursor)).toEqual([HOUSEHOLD_B, HOUSEHOLD_B2, HOUSEHOLD_B3]);
    expect(await walk(BEFORE, 'before', (r) => r.body.data!.households.pageInfo.startCursor)).toEqual([HOUSEHOLD_B3, HOUSEHOLD_B2, HOUSEHOLD_B]);
    const inScope = await hub.graphql(AFTER, { token: token.nanchong, variables: { after: cursorOf(HOUSEHOLD_B) } });
    expect(sourceIds(inScope)).toEqual([HOUSEHOLD_B2, HOUSEHOLD_B3]);
  });

  test('a cursor of a household the regionCode argument leaves out pages from its place without dropping a household', async () => {
    const { body } = await hub.graphql(`query($after: String) { households(regionCode: "${NANCHONG}", first: 5, after: $after) { edges { node { sourceId } } } }`, {
      token: token.admin,
      variables: { after: cursorOf(HOUSEHOLD_A) },
    });
    expect(body.data!.households.edges.map((e: any) => e.node.sourceId)).toEqual([HOUSEHOLD_B, HOUSEHOLD_B2, HOUSEHOLD_B3]);
  });

  test('a forged cursor (a number where a source id belongs) is refused as BAD_USER_INPUT naming after, exactly like a cursor never given out', async () => {
    const forged = Buffer.from('GPC:N:5').toString('base64');
    const answer = await expectLookAlike(AFTER, token.nanchong, { after: forged }, { after: 'garbage' }, [forged, 'garbage']);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  test.each([['a negative offset', 'OffsetConnection:-5'], ['a fraction', 'OffsetConnection:1.5'], ['a huge offset', 'OffsetConnection:99999999999999999999'], ['no offset', 'OffsetConnection:abc']])(
    'records: an offset cursor holding %s is refused as BAD_USER_INPUT naming after, like a cursor never given out, before any statement',
    async (_what, text) => {
      const RECORDS = `query($after: String) { assistanceRecords(first: 2, after: $after) { totalCount edges { node { id } } } }`;
      const forged = Buffer.from(text).toString('base64');
      const answer = await expectLookAlike(RECORDS, token.caChengdu, { after: forged }, { after: 'garbage' }, [forged, 'garbage']);
      expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      expect((await ask(RECORDS, token.caChengdu, { after: forged })).cost).toBe(0);
    },
  );

  test('records: allowed twin: the offset cursors the connection gives out page on', async () => {
    const RECORDS = `query($after: String) { assistanceRecords(first: 1, after: $after) { totalCount edges { node { id } } pageInfo { endCursor } } }`;
    const first = await hub.graphql(RECORDS, { token: token.caChengdu, variables: { after: null } });
    const second = await hub.graphql(RECORDS, { token: token.caChengdu, variables: { after: first.body.data!.assistanceRecords.pageInfo.endCursor } });
    expect(second.body.errors).toBeUndefined();
    const ids = [first, second].map((r) => r.body.data!.assistanceRecords.edges[0].node.id);
    expect(new Set(ids).size).toBe(2);
  });

  test('regions: a cursor outside the level asked for pages from its place in the order', async () => {
    const { body } = await hub.graphql(`query($after: String) { regions(level: COUNTY, first: 5, after: $after) { edges { node { code } } } }`, {
      token: token.chengdu,
      variables: { after: Buffer.from('GPC:S:510100').toString('base64') },
    });
    expect(body.data!.regions.edges.map((e: any) => e.node.code)).toEqual([CHENGDU, NANCHONG]);
  });

  test('audit entries (offset cursors): paging the log of a person out of region is the same empty page as of an unknown person; in region it pages on', async () => {
    for (const idNumber of [ID.zhangSan, ID.zhangSan, ID.wangWu, ID.wangWu]) {
      const read = await hub.graphql(`query($k: ID!) { person(personKey: $k) { name } }`, { token: token.adminPurpose, variables: { k: keyOf(hub, idNumber) } });
      expect(read.body.errors).toBeUndefined();
    }
    const LOG = `query($k: ID!, $after: String) { auditEntries(personKey: $k, first: 1, after: $after) { edges { node { personKey fields } } pageInfo { endCursor } } }`;
    const first = await hub.graphql(LOG, { token: token.auditorChengdu, variables: { k: keyOf(hub, ID.zhangSan), after: null } });
    const after = first.body.data!.auditEntries.pageInfo.endCursor;
    const second = await hub.graphql(LOG, { token: token.auditorChengdu, variables: { k: keyOf(hub, ID.zhangSan), after } });
    expect(second.body.data!.auditEntries.edges).toEqual([{ node: { personKey: keyOf(hub, ID.zhangSan), fields: ['Person.name'] } }]);
    const answer = await expectLookAlike(LOG, token.auditorChengdu, { k: keyOf(hub, ID.wangWu), after }, { k: 'f'.repeat(64), after });
    expect(answer.body.data!.auditEntries.edges).toEqual([]);
  });
});

describe('lookups do the same work for an unknown key and for one out of region', () => {
  test.each([
    ['person(personKey)', `query($v: ID!) { person(personKey: $v) { personKey maskedIdNumber } }`, () => keyOf(hub, ID.wangWu), () => 'f'.repeat(64), () => keyOf(hub, ID.zhangSan)],
    ['personByIdNumber', `query($v: String!) { personByIdNumber(idNumber: $v) { personKey maskedIdNumber } }`, () => ID.wangWu, () => ID.nobody, () => ID.zhangSan],
    ['household(sourceId)', `query($v: ID!) { household(sourceId: $v) { sourceId township } }`, () => HOUSEHOLD_B, () => 'HH-SEC-NONE', () => HOUSEHOLD_A],
  ])('%s: null in the same number of statements; in region the row comes back', async (_name, query, outside, unknown, inside) => {
    const answer = await expectLookAlike(query, token.chengdu, { v: outside() }, { v: unknown() });
    expect(answer.body.errors).toBeUndefined();
    expect(Object.values(answer.body.data!)).toEqual([null]);
    const here = await hub.graphql(query, { token: token.chengdu, variables: { v: inside() } });
    expect(here.body.errors).toBeUndefined();
    expect(Object.values(here.body.data!)[0]).not.toBeNull();
  });
});

const notFoundOf = (response: GraphqlResponse) => expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });

describe('referral errors say nothing about what lies out of scope', () => {
  test.each([
    ['forwardReferral', FORWARD, 'cwChengdu', 'nanchongOpen', 'forward', { toDepartment: 'EDUCATION', status: 'OPEN' }],
    ['acceptReferral', ACCEPT, 'caChengdu', 'nanchongOpen', 'accept', { status: 'ACCEPTED' }],
    ['rejectReferral', REJECT, 'caChengdu', 'nanchongOpen', 'reject', { status: 'REJECTED', reason: '不符合条件' }],
  ] as const)('%s of a referral of another county is "no referral" like an unknown id; its twin in region goes through', async (_name, mutation, caller, outside, inside, expected) => {
    notFoundOf(await expectLookAlike(mutation, token[caller], { id: referralId[outside] }, { id: MISSING_ID }, [`referral ${referralId[outside]}`, `referral ${MISSING_ID}`]));
    const here = await hub.graphql(mutation, { token: token[caller], variables: { id: referralId[inside] } });
    expect(here.body.errors).toBeUndefined();
    expect(Object.values(here.body.data!)[0]).toMatchObject(expected);
  });

  test('closeReferral of an accepted referral of another county is "no referral" like an unknown id', async () => {
    for (const caller of [token.caChengdu, token.cwChengdu]) {
      const variables = (id: string) => ({ id, record: 'CIVIL_AFFAIRS:SEC-CA-B' });
      notFoundOf(await expectLookAlike(CLOSE, caller, variables(referralId.nanchongAccepted), variables(MISSING_ID), [`referral ${referralId.nanchongAccepted}`, `referral ${MISSING_ID}`]));
    }
  });

  test.each([
    // Each of these was refused with what it is: "does not cover the referred household", "is a record of CHARITY", "is CANCELLED".
    ['a civil-affairs record of another household in another county', 'CIVIL_AFFAIRS:SEC-CA-B'],
    ['a record of another department in another county', 'CHARITY:SEC-OF-1'],
    ['a cancelled record in another county', 'CIVIL_AFFAIRS:SEC-CA-B-X'],
    ['a health record named without a purpose', 'HEALTHCARE_SECURITY:SEC-HS-A'],
  ])('closing with %s is "no record" like a record that does not exist, for the officer and the caseworker', async (_what, closingRecord) => {
    const missing = 'CIVIL_AFFAIRS:SEC-CA-NONE';
    for (const [caller, id] of [[token.caChengdu, referralId.closeByOfficer], [token.cwChengdu, referralId.closeByCaseworker]] as const) {
      const answer = await expectLookAlike(CLOSE, caller, { id, record: closingRecord }, { id, record: missing }, [closingRecord, missing]);
      expect(answer.body.errors?.[0]).toMatchObject({ message: `closingRecord: no record ${missing}`, extensions: { code: 'BAD_USER_INPUT', field: 'closingRecord' } });
    }
  });

  test('allowed twins: a record in scope keeps its reason for refusal, and one that covers the household closes the referral (officer and caseworker)', async () => {
    const cancelled = await hub.graphql(CLOSE, { token: token.cwChengdu, variables: { id: referralId.closeByCaseworker, record: 'CIVIL_AFFAIRS:SEC-CA-CANCELLED' } });
    expect(cancelled.body.errors?.[0]?.message).toBe('closingRecord: CIVIL_AFFAIRS:SEC-CA-CANCELLED is CANCELLED; a cancelled record closes nothing');
    for (const [caller, id] of [[token.caChengdu, referralId.closeByOfficer], [token.cwChengdu, referralId.closeByCaseworker]] as const) {
      const closed = await hub.graphql(CLOSE, { token: caller, variables: { id, record: 'CIVIL_AFFAIRS:SEC-CA-A' } });
      expect(closed.body.errors).toBeUndefined();
      expect(closed.body.data!.closeReferral).toEqual({ id, status: 'CLOSED', closingRecord: 'CIVIL_AFFAIRS:SEC-CA-A' });
    }
  });

  test('openReferral from a finding of another county is "no finding" like an unknown id; from one in region it opens', async () => {
    const input = (id: string) => ({ input: { findingId: id } });
    const answer = await expectLookAlike(OPEN, token.cwChengdu, input(findingId.gapNanchong), input(MISSING_ID), [`finding ${findingId.gapNanchong}`, `finding ${MISSING_ID}`]);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'findingId' });
    const here = await hub.graphql(OPEN, { token: token.cwChengdu, variables: input(findingId.gapChengdu) });
    expect(here.body.errors).toBeUndefined();
    expect(here.body.data!.openReferral).toMatchObject({ status: 'OPEN', regionCode: CHENGDU });
  });

  test.each([
    ['person', 'personKey', () => keyOf(hub, ID.wangWu), () => 'f'.repeat(64), () => keyOf(hub, ID.zhangSan)],
    ['household', 'householdSourceId', () => HOUSEHOLD_B, () => 'HH-SEC-NONE', () => HOUSEHOLD_C],
  ])('openReferral for a %s of another county is "no such" like an unknown one; in region it opens', async (_what, field, outside, unknown, inside) => {
    const input = (value: string) => ({ input: { [field]: value, toDepartment: 'CIVIL_AFFAIRS' } });
    const answer = await expectLookAlike(OPEN, token.cwChengdu, input(outside()), input(unknown()));
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field });
    const here = await hub.graphql(OPEN, { token: token.cwChengdu, variables: input(inside()) });
    expect(here.body.errors).toBeUndefined();
  });

  test('a finding already referred in the other county it involves is refused without naming that referral, which answers like an unknown one; its own caseworker is told which', async () => {
    const input = { input: { findingId: findingId.gapBoth } };
    const first = await hub.graphql(OPEN, { token: token.cwNanchong, variables: input });
    expect(first.body.data!.openReferral).toMatchObject({ status: 'OPEN', regionCode: NANCHONG });
    const elsewhere = await hub.graphql(OPEN, { token: token.cwChengdu, variables: input });
    expect(elsewhere.body.errors?.[0]).toMatchObject({
      message: `findingId: finding ${findingId.gapBoth} is already referred`,
      extensions: { code: 'BAD_USER_INPUT', field: 'findingId' },
    });
    // The referral opened from a finding is as unknown to the other county as any: the same answer, the same statements.
    const referral = first.body.data!.openReferral.id;
    notFoundOf(await expectLookAlike(FORWARD, token.cwChengdu, { id: referral }, { id: MISSING_ID }, [`referral ${referral}`, `referral ${MISSING_ID}`]));
    const own = await hub.graphql(OPEN, { token: token.cwNanchong, variables: input });
    expect(own.body.errors?.[0]?.message).toBe(`findingId: finding ${findingId.gapBoth} is already referred: referral ${first.body.data!.openReferral.id} is OPEN`);
  });
});

describe('reviewFinding errors say nothing about findings out of scope', () => {
  test('a finding of another county and department is "no finding" like an unknown id; the twin in scope is reviewed', async () => {
    const answer = await expectLookAlike(REVIEW, token.caChengdu, { id: findingId.duplicateNanchong }, { id: MISSING_ID }, [
      `finding ${findingId.duplicateNanchong}`,
      `finding ${MISSING_ID}`,
    ]);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    const here = await hub.graphql(REVIEW, { token: token.caChengdu, variables: { id: findingId.duplicateChengdu } });
    expect(here.body.errors).toBeUndefined();
    expect(here.body.data!.reviewFinding).toEqual({ id: findingId.duplicateChengdu, status: 'CONFIRMED' });
  });
});
