// Findings through the gateway over HTTP: lists, filters, paging, one finding
// with its evidence and person, the summary, and who sees which finding
// (ACCESS.md). Findings are written as the runner writes them.
import { postGraphql, startTestHub, type TestHub } from '../helpers/hub';
import { signedIdentityHeaders, type CallerClaims } from '../helpers/subgraph';
import { A, B, CHENGDU, LIANGSHAN, findingRow, seedFindings, seedWorld, type World } from './fixtures';

let hub: TestHub;
let world: World;
const tokens = {} as Record<'admin' | 'caChengdu' | 'eduChengdu' | 'caseworkerChengdu' | 'auditorLiangshan' | 'charity', string>;

beforeAll(async () => {
  hub = await startTestHub();
  await seedWorld(hub);
  world = await seedFindings(hub, hub.db.prisma);
  // Findings of D5 and G3 imply a disability: their readers state a purpose (ACCESS.md v2).
  const purpose = 'finding review 2026-11';
  tokens.admin = await hub.token({ role: 'ADMIN', purpose });
  tokens.caChengdu = await hub.token({ role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['5101'], purpose });
  tokens.eduChengdu = await hub.token({ role: 'OFFICER', department: 'EDUCATION', regions: ['5101'], purpose });
  tokens.caseworkerChengdu = await hub.token({ role: 'CASEWORKER', regions: [CHENGDU], purpose });
  tokens.auditorLiangshan = await hub.token({ role: 'AUDITOR', regions: ['5134'], purpose });
  tokens.charity = await hub.token({ role: 'CHARITY', org: 'RED-CROSS-SC' });
}, 120_000);
afterAll(() => hub.stop());

const LIST = `query($f: FindingFilter, $first: Int, $after: String) { findings(filter: $f, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id rule regionCode } } } }`;
const ONE = `query($id: ID!) { finding(id: $id) { id rule kind status personKey } }`;

async function list(token: string, filter: object | null = null, first = 100, after?: string) {
  const { body } = await hub.graphql(LIST, { token, variables: { f: filter, first, after } });
  expect(body.errors).toBeUndefined();
  return body.data!.findings;
}
const names = (connection: any) => connection.edges.map((e: any) => nameOf(e.node.id));
/** Exactly what an unknown id gives: null and no error. */
const expectNotFound = (body: any) => {
  expect(body.errors).toBeUndefined();
  expect(body.data).toEqual({ finding: null });
};
const nameOf = (id: string) => Object.entries(world.ids).find(([, value]) => value === id)?.[0];

describe('lists, filters and paging', () => {
  test('an administrator lists every finding, ordered by rule, region and identity', async () => {
    const all = await list(tokens.admin);
    expect(all.totalCount).toBe(7);
    expect(names(all)).toEqual(['aD1', 'aD1old', 'bD1', 'aD5', 'bG1', 'aG3', 'aG5']);
  });

  test.each([
    [{ rule: 'D1' }, ['aD1', 'aD1old', 'bD1']],
    [{ kind: 'GAP' }, ['bG1', 'aG3', 'aG5']],
    [{ status: 'RESOLVED' }, ['aD1old']],
    [{ current: false }, ['aD1old']],
    [{ current: true, rule: 'D1' }, ['aD1', 'bD1']],
    [{ regionCode: '5134' }, ['bD1', 'bG1']],
    [{ department: 'DISABLED_PERSONS_FEDERATION' }, ['aD5', 'aG3']],
  ])('the filter %j keeps exactly the matching findings, and totalCount counts them', async (filter, expected) => {
    const page = await list(tokens.admin, filter);
    expect(names(page)).toEqual(expected);
    expect(page.totalCount).toBe(expected.length);
  });

  test('an unknown rule in the filter is an error naming filter.rule', async () => {
    const { body } = await hub.graphql(LIST, { token: tokens.admin, variables: { f: { rule: 'D9' } } });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.rule' });
  });

  test('pages follow one another without gap or repeat, each with the full totalCount', async () => {
    const first = await list(tokens.admin, null, 3);
    const second = await list(tokens.admin, null, 3, first.pageInfo.endCursor);
    const third = await list(tokens.admin, null, 3, second.pageInfo.endCursor);
    expect([first, second, third].map((p) => p.totalCount)).toEqual([7, 7, 7]);
    expect([...names(first), ...names(second), ...names(third)]).toEqual(['aD1', 'aD1old', 'bD1', 'aD5', 'bG1', 'aG3', 'aG5']);
    expect([first.pageInfo.hasNextPage, second.pageInfo.hasNextPage, third.pageInfo.hasNextPage]).toEqual([true, true, false]);
  });

  test('more than 100 per page is refused naming first; 100 is accepted', async () => {
    const { body } = await hub.graphql(LIST, { token: tokens.admin, variables: { first: 101 } });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect((await list(tokens.admin, null, 100)).totalCount).toBe(7);
  });
});

describe('one finding', () => {
  const FULL = `query($id: ID!) { finding(id: $id) {
    id rule ruleName kind status regionCode regionCodes records overpayment departments suggestedPrograms asOf firstFoundAsOf current
    reviewNote reviewedBy reviewedAt reviews { toStatus } referrals { id }
    person { personKey maskedIdNumber } household { sourceId memberCount }
    evidence { id department sourceRecordId record { __typename ... on CivilAffairsRecord { program amount dibaoGrade } } } } }`;

  test('carries its rule, money as two-decimal text, dates, the person, the household and the evidence records themselves', async () => {
    const { body } = await hub.graphql(FULL, { token: tokens.caChengdu, variables: { id: world.ids.aD1 } });
    expect(body.errors).toBeUndefined();
    const finding = body.data!.finding;
    expect(finding).toMatchObject({
      rule: 'D1', ruleName: 'EXCLUSIVE_BASIC_LIVING', kind: 'DUPLICATE', status: 'OPEN', regionCode: CHENGDU, regionCodes: [CHENGDU],
      records: ['CIVIL_AFFAIRS:CA-A-DIBAO', 'CIVIL_AFFAIRS:CA-A-TEKUN'], overpayment: '1560.00', departments: ['CIVIL_AFFAIRS'],
      suggestedPrograms: [], asOf: '2026-11-20', firstFoundAsOf: '2026-11-20', current: true, reviewNote: null, reviewedBy: null,
      reviews: [], referrals: [], household: { sourceId: A.sourceId, memberCount: 3 },
    });
    expect(finding.person.maskedIdNumber).toBe(`${A.head.slice(0, 4)}**********${A.head.slice(14)}`);
    expect(finding.evidence).toEqual([
      { id: 'CIVIL_AFFAIRS:CA-A-DIBAO', department: 'CIVIL_AFFAIRS', sourceRecordId: 'CA-A-DIBAO', record: { __typename: 'CivilAffairsRecord', program: 'DIBAO', amount: '1140.00', dibaoGrade: null } },
      { id: 'CIVIL_AFFAIRS:CA-A-TEKUN', department: 'CIVIL_AFFAIRS', sourceRecordId: 'CA-A-TEKUN', record: { __typename: 'CivilAffairsRecord', program: 'TEKUN', amount: '1300.00', dibaoGrade: null } },
    ]);
  });

  test('an unknown id and a malformed id are null, like a finding you may not see', async () => {
    for (const id of ['999999', 'abc', '-1']) {
      const { body } = await hub.graphql(ONE, { token: tokens.admin, variables: { id } });
      expectNotFound(body);
    }
  });
});

describe('summary', () => {
  const SUMMARY = `query($f: FindingFilter) { findingSummary(filter: $f) { count overpayment
    byRule { rule ruleName kind count open confirmed dismissed resolved overpayment reviewed precision }
    byRegion { regionCode count overpayment } byDepartment { department count overpayment } } }`;

  test('adds counts and overpayments by rule, region and department, as decimal text', async () => {
    const { body } = await hub.graphql(SUMMARY, { token: tokens.admin });
    expect(body.errors).toBeUndefined();
    const summary = body.data!.findingSummary;
    expect(summary.count).toBe(7);
    expect(summary.overpayment).toBe('4560.50');
    expect(summary.byRule).toEqual([
      { rule: 'D1', ruleName: 'EXCLUSIVE_BASIC_LIVING', kind: 'DUPLICATE', count: 3, open: 2, confirmed: 0, dismissed: 0, resolved: 1, overpayment: '3660.00', reviewed: 0, precision: null },
      { rule: 'D5', ruleName: 'DISABILITY_SUBSIDY_WHILE_TEKUN', kind: 'DUPLICATE', count: 1, open: 1, confirmed: 0, dismissed: 0, resolved: 0, overpayment: '900.50', reviewed: 0, precision: null },
      { rule: 'G1', ruleName: 'SCHOOL_AGE_WITHOUT_EDUCATION_AID', kind: 'GAP', count: 1, open: 1, confirmed: 0, dismissed: 0, resolved: 0, overpayment: '0.00', reviewed: 0, precision: null },
      { rule: 'G3', ruleName: 'SEVERE_DISABILITY_WITHOUT_NURSING_SUBSIDY', kind: 'GAP', count: 1, open: 1, confirmed: 0, dismissed: 0, resolved: 0, overpayment: '0.00', reviewed: 0, precision: null },
      { rule: 'G5', ruleName: 'ZERO_EMPLOYMENT_HOUSEHOLD', kind: 'GAP', count: 1, open: 1, confirmed: 0, dismissed: 0, resolved: 0, overpayment: '0.00', reviewed: 0, precision: null },
    ]);
    expect(summary.byRegion).toEqual([
      { regionCode: CHENGDU, count: 5, overpayment: '2560.50' },
      { regionCode: LIANGSHAN, count: 2, overpayment: '2000.00' },
    ]);
    expect(summary.byDepartment).toEqual([
      { department: 'CIVIL_AFFAIRS', count: 4, overpayment: '4560.50' },
      { department: 'DISABLED_PERSONS_FEDERATION', count: 2, overpayment: '900.50' },
      { department: 'EDUCATION', count: 1, overpayment: '0.00' },
      { department: 'HUMAN_RESOURCES', count: 1, overpayment: '0.00' },
    ]);
  });

  test('takes the same filter as the list', async () => {
    const { body } = await hub.graphql(SUMMARY, { token: tokens.admin, variables: { f: { current: true, kind: 'DUPLICATE' } } });
    expect(body.data!.findingSummary).toMatchObject({ count: 3, overpayment: '4460.50' });
  });

  test('counts only the findings the caller may see', async () => {
    const auditor = await hub.graphql(SUMMARY, { token: tokens.auditorLiangshan });
    expect(auditor.body.data!.findingSummary).toMatchObject({
      count: 2, overpayment: '2000.00', byRegion: [{ regionCode: LIANGSHAN, count: 2, overpayment: '2000.00' }],
    });
    const caseworker = await hub.graphql(SUMMARY, { token: tokens.caseworkerChengdu });
    expect(caseworker.body.data!.findingSummary).toMatchObject({ count: 2, overpayment: '0.00' });
    expect(caseworker.body.data!.findingSummary.byRule.map((r: any) => r.rule)).toEqual(['G3', 'G5']);
  });
});

describe('who sees which finding', () => {
  test('an officer sees the findings of their department anywhere and every finding in their regions', async () => {
    expect(names(await list(tokens.caChengdu))).toEqual(['aD1', 'aD1old', 'bD1', 'aD5', 'aG3', 'aG5']);
    expect(names(await list(tokens.eduChengdu))).toEqual(['aD1', 'aD1old', 'aD5', 'bG1', 'aG3', 'aG5']);
  });

  test('a finding outside the officer\'s department and regions is null, as an unknown one; the administrator gets it', async () => {
    const refused = await hub.graphql(ONE, { token: tokens.caChengdu, variables: { id: world.ids.bG1 } });
    expectNotFound(refused.body);
    const allowed = await hub.graphql(ONE, { token: tokens.admin, variables: { id: world.ids.bG1 } });
    expect(allowed.body.data!.finding).toMatchObject({ rule: 'G1' });
  });

  test('a person or record reached through a finding keeps the registry\'s and the records\' own region rules', async () => {
    const query = `query($id: ID!) { finding(id: $id) { rule person { maskedIdNumber } evidence { id record { ... on CivilAffairsRecord { amount } } } } }`;
    // The civil-affairs officer of Chengdu sees the Liangshan D1 (their department), but not the Liangshan person or records.
    const outside = await hub.graphql(query, { token: tokens.caChengdu, variables: { id: world.ids.bD1 } });
    expect(outside.body.errors).toBeUndefined();
    expect(outside.body.data!.finding.person?.maskedIdNumber ?? null).toBeNull();
    expect(outside.body.data!.finding.evidence.map((e: any) => e.record?.amount ?? null)).toEqual([null, null]);
    // The Liangshan auditor sees both.
    const inside = await hub.graphql(query, { token: tokens.auditorLiangshan, variables: { id: world.ids.bD1 } });
    expect(inside.body.errors).toBeUndefined();
    expect(inside.body.data!.finding.person.maskedIdNumber).toBe(`${B.head.slice(0, 4)}**********${B.head.slice(14)}`);
    expect(inside.body.data!.finding.evidence.map((e: any) => e.record.amount)).toEqual(['760.00', '990.00']);
  });

  test('a caseworker sees only the gap findings of their regions', async () => {
    expect(names(await list(tokens.caseworkerChengdu))).toEqual(['aG3', 'aG5']);
    const duplicate = await hub.graphql(ONE, { token: tokens.caseworkerChengdu, variables: { id: world.ids.aD1 } });
    expectNotFound(duplicate.body);
    const outOfRegion = await hub.graphql(ONE, { token: tokens.caseworkerChengdu, variables: { id: world.ids.bG1 } });
    expectNotFound(outOfRegion.body);
  });

  test('a caseworker reads a gap finding\'s person but not its evidence records; an officer reads both', async () => {
    const query = `query($id: ID!) { finding(id: $id) { rule suggestedPrograms person { maskedIdNumber } records } }`;
    const caseworker = await hub.graphql(query, { token: tokens.caseworkerChengdu, variables: { id: world.ids.aG3 } });
    expect(caseworker.body.errors?.[0]).toMatchObject({ path: ['finding', 'records'], extensions: { code: 'FORBIDDEN' } });
    const officer = await hub.graphql(query, { token: tokens.caChengdu, variables: { id: world.ids.aG3 } });
    expect(officer.body.errors).toBeUndefined();
    expect(officer.body.data!.finding).toMatchObject({ rule: 'G3', suggestedPrograms: ['DISABILITY_NURSING_SUBSIDY'], records: [] });
    expect(officer.body.data!.finding.person.maskedIdNumber).toBe(`${A.child.slice(0, 4)}**********${A.child.slice(14)}`);
  });

  test('an auditor sees every finding of their regions and nothing else', async () => {
    expect(names(await list(tokens.auditorLiangshan))).toEqual(['bD1', 'bG1']);
    const outside = await hub.graphql(ONE, { token: tokens.auditorLiangshan, variables: { id: world.ids.aD1 } });
    expectNotFound(outside.body);
  });

  test('a charity reads no finding, no list and no summary', async () => {
    for (const query of [LIST, ONE, `{ findingSummary { count } }`]) {
      const { body } = await hub.graphql(query, { token: tokens.charity, variables: { id: world.ids.aD1 } });
      expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(Object.values(body.data ?? {}).every((value) => value === null)).toBe(true);
    }
  });

  test('the oversight subgraph served alone gives no more: _entities resolves a finding only for a caller who may see it', async () => {
    const alone = await startTestHub({ mode: { kind: 'subgraph', name: 'oversight' } });
    try {
      const { id } = await alone.db.prisma.finding.create({
        data: findingRow({ rule: 'D1', kind: 'DUPLICATE', regionCode: LIANGSHAN, records: ['CIVIL_AFFAIRS:X-1', 'CIVIL_AFFAIRS:X-2'], departments: ['CIVIL_AFFAIRS'] }),
      });
      const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Finding { rule } } }`;
      const variables = { r: [{ __typename: 'Finding', id: String(id) }] };
      // Called as the gateway calls it: the caller's identity signed with the forwarding secret.
      const as = (claims: CallerClaims) => ({ headers: signedIdentityHeaders(alone.config, claims), variables });
      const outside = await postGraphql(alone.url, query, as({ role: 'OFFICER', department: 'EDUCATION', regions: ['5101'] }));
      expect(outside.body.errors).toBeUndefined();
      expect(outside.body.data!._entities).toEqual([null]);
      const inside = await postGraphql(alone.url, query, as({ role: 'OFFICER', department: 'EDUCATION', regions: ['5134'] }));
      expect(inside.body.data!._entities).toEqual([{ rule: 'D1' }]);
    } finally {
      await alone.stop();
    }
  });
});
