// Region scope (ACCESS.md): a caller reaching a person, household or record
// outside their regions gets the same "not found" as for one that does not
// exist, in single lookups, in lists and in their counts. Through the
// gateway over real HTTP with real tokens.
import { startTestHub, type TestHub } from '../helpers/hub';
import { firstError, HOUSEHOLD_A, HOUSEHOLD_B, ID, keyOf, NAME, ONE_FOUNDATION_PROGRAM, RED_CROSS_PROGRAM, seedWorld, seen } from './accessWorld';

let hub: TestHub;
let chengdu: string; // an officer of 成都市 (5101)
let nanchong: string; // an officer of 南充市 (5113)
beforeAll(async () => {
  hub = await startTestHub();
  await seedWorld(hub);
  chengdu = await hub.token({ role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['5101'], purpose: 'case 2026-8' });
  nanchong = await hub.token({ role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['5113'], purpose: 'case 2026-9' });
});
afterAll(() => hub.stop());

/** Asks `query` about something outside the caller's regions and about something that does not exist: the answers are identical. */
async function outOfScopeLooksUnknown(query: string, outside: string, unknown: string, inside: string) {
  const away = await hub.graphql(query, { token: chengdu, variables: { v: outside } });
  const missing = await hub.graphql(query, { token: chengdu, variables: { v: unknown } });
  expect(away.body.errors).toBeUndefined();
  expect(seen(away)).toEqual(seen(missing));
  const here = await hub.graphql(query, { token: chengdu, variables: { v: inside } });
  expect(here.body.errors).toBeUndefined();
  return { away: away.body.data!, here: here.body.data! };
}

describe('single lookups', () => {
  test('person by key: out of region is null like an unknown key; in region the person comes back', async () => {
    const { away, here } = await outOfScopeLooksUnknown(
      `query($v: ID!) { person(personKey: $v) { personKey name } }`,
      keyOf(hub, ID.wangWu),
      'f'.repeat(64),
      keyOf(hub, ID.zhangSan),
    );
    expect(away).toEqual({ person: null });
    expect(here).toEqual({ person: { personKey: keyOf(hub, ID.zhangSan), name: NAME.zhangSan } });
  });

  test('person by ID number: out of region is null like a number never sent; in region the person comes back', async () => {
    const { away, here } = await outOfScopeLooksUnknown(
      `query($v: String!) { personByIdNumber(idNumber: $v) { name } }`,
      ID.wangWu,
      ID.nobody,
      ID.liXiaohong,
    );
    expect(away).toEqual({ personByIdNumber: null });
    expect(here).toEqual({ personByIdNumber: { name: NAME.liXiaohong } });
  });

  test('household: out of region is null like an unknown id; in region it comes back with its income', async () => {
    const { away, here } = await outOfScopeLooksUnknown(
      `query($v: ID!) { household(sourceId: $v) { sourceId monthlyIncomePerCapita } }`,
      HOUSEHOLD_B,
      'HH-SEC-NONE',
      HOUSEHOLD_A,
    );
    expect(away).toEqual({ household: null });
    expect(here).toEqual({ household: { sourceId: HOUSEHOLD_A, monthlyIncomePerCapita: '420.00' } });
  });

  test('record by id: paid out of region for a person out of region is null like an unknown id', async () => {
    const { away, here } = await outOfScopeLooksUnknown(
      `query($v: ID!) { assistanceRecord(id: $v) { id amount } }`,
      'CIVIL_AFFAIRS:SEC-CA-B',
      'CIVIL_AFFAIRS:SEC-NONE',
      'CIVIL_AFFAIRS:SEC-CA-A',
    );
    expect(away).toEqual({ assistanceRecord: null });
    expect(here).toEqual({ assistanceRecord: { id: 'CIVIL_AFFAIRS:SEC-CA-A', amount: '1140.00' } });
  });

  test('charity program: one serving other regions is null like an unknown code', async () => {
    const { away, here } = await outOfScopeLooksUnknown(
      `query($v: ID!) { charityProgram(code: $v) { code } }`,
      ONE_FOUNDATION_PROGRAM,
      'SEC-NO-PROGRAM',
      RED_CROSS_PROGRAM,
    );
    expect(away).toEqual({ charityProgram: null });
    expect(here).toEqual({ charityProgram: { code: RED_CROSS_PROGRAM } });
  });

  test('a record paid in region does not open its out-of-region beneficiary', async () => {
    // The record is in region (paid in 锦江区); the person it pays is not: their entity resolves like an unknown one.
    const { body } = await hub.graphql(`{ assistanceRecord(id: "CIVIL_AFFAIRS:SEC-CA-X") { id amount beneficiary { name disabilityGrade } } }`, { token: chengdu });
    expect(body.data!.assistanceRecord).toEqual({ id: 'CIVIL_AFFAIRS:SEC-CA-X', amount: '2000.00', beneficiary: { name: null, disabilityGrade: null } });
    expect(JSON.stringify(body)).not.toContain(NAME.zhaoLiu);
    // The Nanchong officer, in the person's region, reads the name.
    const there = await hub.graphql(`{ assistanceRecord(id: "CIVIL_AFFAIRS:SEC-CA-X") { beneficiary { name } } }`, { token: nanchong });
    expect(there.body.data!.assistanceRecord).toEqual({ beneficiary: { name: NAME.zhaoLiu } });
  });

  test('the audit log of a person out of region is empty, like that of an unknown person', async () => {
    await hub.graphql(`query($v: ID!) { person(personKey: $v) { name } }`, { token: nanchong, variables: { v: keyOf(hub, ID.wangWu) } });
    const query = `query($v: ID!) { auditEntries(personKey: $v) { edges { node { fields } } } }`;
    const auditor = (regions: string[]) => hub.token({ role: 'AUDITOR', regions });
    const away = await hub.graphql(query, { token: await auditor(['5101']), variables: { v: keyOf(hub, ID.wangWu) } });
    const missing = await hub.graphql(query, { token: await auditor(['5101']), variables: { v: 'f'.repeat(64) } });
    expect(away.body.data).toEqual({ auditEntries: { edges: [] } });
    expect(seen(away)).toEqual(seen(missing));
    const here = await hub.graphql(query, { token: await auditor(['5113']), variables: { v: keyOf(hub, ID.wangWu) } });
    expect(here.body.data!.auditEntries.edges).toContainEqual({ node: { fields: ['Person.name'] } });
  });
});

describe('lists and counts', () => {
  const HOUSEHOLDS = `query($r: String) { households(first: 50, regionCode: $r) { totalCount edges { node { sourceId } } } }`;
  const RECORDS = `query($r: String) { assistanceRecords(first: 50, regionCode: $r) { totalCount edges { node { id } } } }`;

  test('households: only those in region are listed and counted, whatever regionCode asks for', async () => {
    const mine = await hub.graphql(HOUSEHOLDS, { token: chengdu });
    expect(mine.body.data!.households).toEqual({ totalCount: 1, edges: [{ node: { sourceId: HOUSEHOLD_A } }] });
    const asked = await hub.graphql(HOUSEHOLDS, { token: chengdu, variables: { r: '5113' } });
    expect(asked.body.data!.households).toEqual({ totalCount: 0, edges: [] });
    const theirs = await hub.graphql(HOUSEHOLDS, { token: nanchong, variables: { r: '5113' } });
    expect(theirs.body.data!.households).toEqual({ totalCount: 1, edges: [{ node: { sourceId: HOUSEHOLD_B } }] });
  });

  test('records: only those paid in region are listed and counted', async () => {
    const mine = await hub.graphql(RECORDS, { token: chengdu });
    const ids = mine.body.data!.assistanceRecords.edges.map((e: any) => e.node.id).sort();
    expect(ids).toEqual(['CHARITY:SEC-RC-1', 'CIVIL_AFFAIRS:SEC-CA-A', 'CIVIL_AFFAIRS:SEC-CA-CANCELLED', 'CIVIL_AFFAIRS:SEC-CA-X', 'DISABLED_PERSONS_FEDERATION:SEC-DPF-A', 'HEALTHCARE_SECURITY:SEC-HS-A']);
    expect(mine.body.data!.assistanceRecords.totalCount).toBe(6);
    const asked = await hub.graphql(RECORDS, { token: chengdu, variables: { r: '511302' } });
    expect(asked.body.data!.assistanceRecords).toEqual({ totalCount: 0, edges: [] });
    const theirs = await hub.graphql(RECORDS, { token: nanchong });
    expect(theirs.body.data!.assistanceRecords.totalCount).toBe(2);
  });

  test('charity programs: those serving other regions are neither listed nor counted', async () => {
    const query = `{ charityPrograms(first: 50) { totalCount edges { node { code } } } }`;
    expect((await hub.graphql(query, { token: chengdu })).body.data!.charityPrograms).toEqual({ totalCount: 1, edges: [{ node: { code: RED_CROSS_PROGRAM } }] });
    expect((await hub.graphql(query, { token: nanchong })).body.data!.charityPrograms).toEqual({ totalCount: 1, edges: [{ node: { code: ONE_FOUNDATION_PROGRAM } }] });
  });

  test('a token with no regions sees nothing scoped; ADMIN sees every region', async () => {
    const none = await hub.token({ role: 'AUDITOR', regions: [] });
    const empty = await hub.graphql(`{ households(first: 50) { totalCount } assistanceRecords(first: 50) { totalCount } charityPrograms(first: 5) { totalCount } }`, { token: none });
    expect(empty.body.data).toEqual({ households: { totalCount: 0 }, assistanceRecords: { totalCount: 0 }, charityPrograms: { totalCount: 0 } });
    // With a purpose: medical and disability records are not there at all without one (ACCESS.md v2).
    const admin = await hub.token({ role: 'ADMIN', regions: [], purpose: 'province overview' });
    const all = await hub.graphql(`{ households(first: 50) { totalCount } assistanceRecords(first: 50) { totalCount } charityPrograms(first: 5) { totalCount } }`, { token: admin });
    expect(all.body.data).toEqual({ households: { totalCount: 2 }, assistanceRecords: { totalCount: 8 }, charityPrograms: { totalCount: 2 } });
  });

  test('a household\'s records and a person\'s households stay within what the caller may see', async () => {
    const query = `query($v: ID!) { household(sourceId: $v) { assistanceRecords(first: 50) { totalCount } members { person { households { household { sourceId } } } } } }`;
    const away = await hub.graphql(query, { token: chengdu, variables: { v: HOUSEHOLD_B } });
    expect(away.body.errors).toBeUndefined();
    expect(away.body.data).toEqual({ household: null });
    const here = await hub.graphql(query, { token: nanchong, variables: { v: HOUSEHOLD_B } });
    expect(here.body.data!.household).toEqual({
      assistanceRecords: { totalCount: 2 }, // its dibao and the One Foundation grant to its head
      members: [{ person: { households: [{ household: { sourceId: HOUSEHOLD_B } }] } }],
    });
  });
});

describe('loaders are per request', () => {
  test('two callers asking for the same people at the same time each get only their own regions', async () => {
    const query = `query($a: ID!, $b: ID!) { a: person(personKey: $a) { personKey name } b: person(personKey: $b) { personKey name } }`;
    const variables = { a: keyOf(hub, ID.zhangSan), b: keyOf(hub, ID.wangWu) };
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => hub.graphql(query, { token: i % 2 ? nanchong : chengdu, variables })),
    );
    answers.forEach((answer, i) => {
      expect(answer.body.errors).toBeUndefined();
      const data = answer.body.data!;
      if (i % 2) expect([data.a, data.b?.name]).toEqual([null, NAME.wangWu]);
      else expect([data.a?.name, data.b]).toEqual([NAME.zhangSan, null]);
    });
  });
});
