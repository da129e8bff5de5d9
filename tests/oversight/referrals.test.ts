// Referrals (一门受理、协同办理) through the gateway over HTTP: the caseworker
// opens one from a gap finding or from scratch and may forward it; the
// department's officer accepts or rejects it; it is closed with the record
// that closed the gap. Every refused step changes nothing.
import { ingest } from '../../src/ingest/service';
import { startTestHub, type GraphqlResponse, type TestHub } from '../helpers/hub';
import { A, B, CHENGDU, LIANGSHAN, keyOf, record, seedFindings, seedWorld, type World } from './fixtures';

let hub: TestHub;
let world: World;
const tokens = {} as Record<
  | 'admin' | 'caseworkerChengdu' | 'caseworkerLiangshan' | 'dpfChengdu' | 'dpfLiangshan' | 'caChengdu' | 'hrChengdu' | 'eduLiangshan'
  | 'systemDpf' | 'auditorChengdu' | 'charity',
  string
>;

/** Records that may or may not close the child's nursing-subsidy referral. */
const CLOSING = [
  record('DISABLED_PERSONS_FEDERATION', 'DPF-A-NURSING', 'DISABILITY_NURSING_SUBSIDY', A.child, CHENGDU, { needCategory: 'DISABILITY_CARE', amount: '100.00', startDate: '2026-12-01' }),
  record('DISABLED_PERSONS_FEDERATION', 'DPF-A-NURSING-X', 'DISABILITY_NURSING_SUBSIDY', A.child, CHENGDU, { needCategory: 'DISABILITY_CARE', amount: '100.00', status: 'CANCELLED' }),
  record('EDUCATION', 'EDU-A-CHILD', 'EDU_GRANT', A.child, CHENGDU, { needCategory: 'EDUCATION', amount: '1250.00', frequency: 'PER_TERM' }),
];

// Referrals and findings of disability or illness rules (G3, D5…) are read with a purpose (ACCESS.md v2).
beforeAll(async () => {
  hub = await startTestHub();
  await seedWorld(hub);
  const stored = await ingest(hub.db.prisma, CLOSING.map((input, position) => ({ position, input })), {
    sender: { name: 'test:admin', department: null },
    personKeyPepper: hub.config.idPepper,
  });
  expect(stored.rejected).toBe(0);
  world = await seedFindings(hub, hub.db.prisma);
  tokens.admin = await hub.token({ purpose: 'oversight work 2026-11', role: 'ADMIN' });
  tokens.caseworkerChengdu = await hub.token({ purpose: 'oversight work 2026-11', role: 'CASEWORKER', regions: [CHENGDU], sub: 'cw-jinjiang-1' });
  tokens.caseworkerLiangshan = await hub.token({ purpose: 'oversight work 2026-11', role: 'CASEWORKER', regions: [LIANGSHAN], sub: 'cw-zhaojue-1' });
  tokens.dpfChengdu = await hub.token({ purpose: 'oversight work 2026-11', role: 'OFFICER', department: 'DISABLED_PERSONS_FEDERATION', regions: ['5101'], sub: 'dpf-chengdu-1' });
  tokens.dpfLiangshan = await hub.token({ purpose: 'oversight work 2026-11', role: 'OFFICER', department: 'DISABLED_PERSONS_FEDERATION', regions: ['5134'] });
  tokens.caChengdu = await hub.token({ purpose: 'oversight work 2026-11', role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['5101'], sub: 'ca-chengdu-1' });
  tokens.hrChengdu = await hub.token({ purpose: 'oversight work 2026-11', role: 'OFFICER', department: 'HUMAN_RESOURCES', regions: ['5101'] });
  tokens.eduLiangshan = await hub.token({ purpose: 'oversight work 2026-11', role: 'OFFICER', department: 'EDUCATION', regions: ['5134'], sub: 'edu-zhaojue-1' });
  tokens.systemDpf = await hub.token({ purpose: 'oversight work 2026-11', role: 'SYSTEM', department: 'DISABLED_PERSONS_FEDERATION', regions: ['51'] });
  tokens.auditorChengdu = await hub.token({ purpose: 'oversight work 2026-11', role: 'AUDITOR', regions: ['5101'] });
  tokens.charity = await hub.token({ purpose: 'oversight work 2026-11', role: 'CHARITY', org: 'RED-CROSS-SC' });
}, 120_000);
afterAll(() => hub.stop());

const FIELDS = `id status toDepartment program personKey householdSourceId regionCode note reason closingRecord openedBy
  finding { id rule } events { action fromStatus toStatus toDepartment note sub role department }`;
const OPEN = `mutation($input: OpenReferralInput!) { openReferral(input: $input) { ${FIELDS} } }`;
const FORWARD = `mutation($id: ID!, $to: Department!, $note: String) { forwardReferral(id: $id, toDepartment: $to, note: $note) { ${FIELDS} } }`;
const ACCEPT = `mutation($id: ID!, $note: String) { acceptReferral(id: $id, note: $note) { ${FIELDS} } }`;
const REJECT = `mutation($id: ID!, $reason: String!) { rejectReferral(id: $id, reason: $reason) { ${FIELDS} } }`;
const CLOSE = `mutation($id: ID!, $record: String!, $note: String) { closeReferral(id: $id, closingRecord: $record, note: $note) { ${FIELDS} } }`;
const ONE = `query($id: ID!) { referral(id: $id) { id status toDepartment } }`;

const errorOf = (response: GraphqlResponse) => response.body.errors?.[0]?.extensions;
const messageOf = (response: GraphqlResponse) => response.body.errors?.[0]?.message;
const ids = { gap: '', household: '', school: '' };

/** A refused step changes nothing: same status, department and number of events. */
async function expectUnchanged(id: string, action: () => Promise<GraphqlResponse>): Promise<GraphqlResponse> {
  const before = await hub.db.prisma.referral.findUniqueOrThrow({ where: { id: Number(id) }, include: { events: true } });
  const response = await action();
  const after = await hub.db.prisma.referral.findUniqueOrThrow({ where: { id: Number(id) }, include: { events: true } });
  expect([after.status, after.toDepartment, after.events.length]).toEqual([before.status, before.toDepartment, before.events.length]);
  return response;
}

describe('opening', () => {
  test('from a gap finding: person, household and region come from it, the department owns its first suggested program', async () => {
    const response = await hub.graphql(OPEN, { token: tokens.caseworkerChengdu, variables: { input: { findingId: world.ids.aG3, note: '家访发现未领护理补贴' } } });
    expect(response.body.errors).toBeUndefined();
    const referral = response.body.data!.openReferral;
    ids.gap = referral.id;
    expect(referral).toMatchObject({
      status: 'OPEN', toDepartment: 'DISABLED_PERSONS_FEDERATION', program: 'DISABILITY_NURSING_SUBSIDY', personKey: keyOf(hub, A.child),
      householdSourceId: null, regionCode: CHENGDU, note: '家访发现未领护理补贴', openedBy: 'cw-jinjiang-1', finding: { id: world.ids.aG3, rule: 'G3' },
      events: [{ action: 'OPENED', fromStatus: null, toStatus: 'OPEN', toDepartment: 'DISABLED_PERSONS_FEDERATION', note: '家访发现未领护理补贴', sub: 'cw-jinjiang-1', role: 'CASEWORKER', department: null }],
    });
    const finding = await hub.graphql(`query($id: ID!) { finding(id: $id) { referrals { id status } } }`, { token: tokens.caseworkerChengdu, variables: { id: world.ids.aG3 } });
    expect(finding.body.data!.finding.referrals).toEqual([{ id: ids.gap, status: 'OPEN' }]);
  });

  test('a finding already referred is refused naming findingId and the open referral', async () => {
    const again = await hub.graphql(OPEN, { token: tokens.caseworkerChengdu, variables: { input: { findingId: world.ids.aG3 } } });
    expect(errorOf(again)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'findingId' });
    expect(messageOf(again)).toContain(`referral ${ids.gap} is OPEN`);
  });

  test('a duplicate finding or a gap outside the caseworker\'s regions is not found; the caseworker there opens it', async () => {
    for (const findingId of [world.ids.aD1, world.ids.bG1, '999999']) {
      const refused = await hub.graphql(OPEN, { token: tokens.caseworkerChengdu, variables: { input: { findingId } } });
      expect(errorOf(refused)).toMatchObject({ code: 'NOT_FOUND', field: 'findingId' });
    }
    const allowed = await hub.graphql(OPEN, { token: tokens.caseworkerLiangshan, variables: { input: { findingId: world.ids.bG1 } } });
    expect(allowed.body.data!.openReferral).toMatchObject({ toDepartment: 'EDUCATION', program: 'EDU_GRANT', regionCode: LIANGSHAN });
    ids.school = allowed.body.data!.openReferral.id;
  });

  test('from scratch for a household in the caseworker\'s region, to a named department', async () => {
    const input = { householdSourceId: A.sourceId, toDepartment: 'HUMAN_RESOURCES', note: '家中两名劳动力均失业' };
    const response = await hub.graphql(OPEN, { token: tokens.caseworkerChengdu, variables: { input } });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.openReferral).toMatchObject({
      status: 'OPEN', toDepartment: 'HUMAN_RESOURCES', program: null, personKey: null, householdSourceId: A.sourceId, regionCode: CHENGDU, finding: null,
    });
    ids.household = response.body.data!.openReferral.id;
  });

  test.each([
    [{ toDepartment: 'HUMAN_RESOURCES' }, 'BAD_USER_INPUT', 'personKey'],
    [{ personKey: '<a person of 昭觉县>', toDepartment: 'HUMAN_RESOURCES' }, 'NOT_FOUND', 'personKey'],
    [{ householdSourceId: 'HH-T-513431-0702', toDepartment: 'HUMAN_RESOURCES' }, 'NOT_FOUND', 'householdSourceId'],
    [{ householdSourceId: 'HH-T-510104-0701', program: 'EDU_GRANT', toDepartment: 'HUMAN_RESOURCES' }, 'BAD_USER_INPUT', 'program'],
    [{ householdSourceId: 'HH-T-510104-0701' }, 'BAD_USER_INPUT', 'toDepartment'],
    [{ personKey: '<a person of 昭觉县>', householdSourceId: 'HH-T-510104-0701', toDepartment: 'HUMAN_RESOURCES' }, 'NOT_FOUND', 'personKey'],
  ])('from scratch %j is refused with %s naming %s, and nothing is opened', async (input, code, field) => {
    const count = await hub.db.prisma.referral.count();
    const resolved = { ...input, ...('personKey' in input ? { personKey: keyOf(hub, B.head) } : {}) };
    const refused = await hub.graphql(OPEN, { token: tokens.caseworkerChengdu, variables: { input: resolved } });
    expect(errorOf(refused)).toMatchObject({ code, field });
    expect(await hub.db.prisma.referral.count()).toBe(count);
  });

  test('officers and auditors may not open referrals', async () => {
    for (const token of [tokens.dpfChengdu, tokens.auditorChengdu]) {
      const refused = await hub.graphql(OPEN, { token, variables: { input: { householdSourceId: A.sourceId, toDepartment: 'HOUSING' } } });
      expect(errorOf(refused)?.code).toBe('FORBIDDEN');
    }
  });
});

describe('forwarding, accepting, rejecting', () => {
  test('a caseworker forwards an OPEN referral to another department: it stays OPEN, and the first department no longer sees it', async () => {
    const response = await hub.graphql(FORWARD, { token: tokens.caseworkerChengdu, variables: { id: ids.household, to: 'CIVIL_AFFAIRS', note: '先核低保' } });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.forwardReferral).toMatchObject({ status: 'OPEN', toDepartment: 'CIVIL_AFFAIRS' });
    expect(response.body.data!.forwardReferral.events.map((e: any) => [e.action, e.toStatus, e.toDepartment])).toEqual([
      ['OPENED', 'OPEN', 'HUMAN_RESOURCES'],
      ['FORWARDED', 'OPEN', 'CIVIL_AFFAIRS'],
    ]);
    const formerDepartment = await hub.graphql(ONE, { token: tokens.hrChengdu, variables: { id: ids.household } });
    expect(formerDepartment.body.data!.referral).toBeNull();
    const newDepartment = await hub.graphql(ONE, { token: tokens.caChengdu, variables: { id: ids.household } });
    expect(newDepartment.body.data!.referral).toMatchObject({ toDepartment: 'CIVIL_AFFAIRS' });
  });

  test('forwarding to the department it is already with is refused naming toDepartment', async () => {
    const refused = await expectUnchanged(ids.household, () =>
      hub.graphql(FORWARD, { token: tokens.caseworkerChengdu, variables: { id: ids.household, to: 'CIVIL_AFFAIRS' } }),
    );
    expect(errorOf(refused)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'toDepartment' });
  });

  test('only an officer of the referral\'s department, in its region, accepts: others get not found or forbidden', async () => {
    for (const token of [tokens.hrChengdu, tokens.dpfLiangshan]) {
      const refused = await expectUnchanged(ids.gap, () => hub.graphql(ACCEPT, { token, variables: { id: ids.gap } }));
      expect(errorOf(refused)).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    }
    for (const token of [tokens.caseworkerChengdu, tokens.systemDpf, tokens.auditorChengdu]) {
      const refused = await expectUnchanged(ids.gap, () => hub.graphql(ACCEPT, { token, variables: { id: ids.gap } }));
      expect(errorOf(refused)?.code).toBe('FORBIDDEN');
    }
    const accepted = await hub.graphql(ACCEPT, { token: tokens.dpfChengdu, variables: { id: ids.gap, note: '已受理，安排评估' } });
    expect(accepted.body.errors).toBeUndefined();
    expect(accepted.body.data!.acceptReferral).toMatchObject({ status: 'ACCEPTED' });
    expect(accepted.body.data!.acceptReferral.events[1]).toEqual({
      action: 'ACCEPTED', fromStatus: 'OPEN', toStatus: 'ACCEPTED', toDepartment: null, note: '已受理，安排评估', sub: 'dpf-chengdu-1', role: 'OFFICER', department: 'DISABLED_PERSONS_FEDERATION',
    });
  });

  test('an ACCEPTED referral cannot be accepted, rejected or forwarded again: the error names its status', async () => {
    const steps: [string, string, Record<string, unknown>][] = [
      [ACCEPT, tokens.dpfChengdu, { id: ids.gap }],
      [REJECT, tokens.dpfChengdu, { id: ids.gap, reason: '不符合条件' }],
      [FORWARD, tokens.caseworkerChengdu, { id: ids.gap, to: 'CIVIL_AFFAIRS' }],
    ];
    for (const [mutation, token, variables] of steps) {
      const refused = await expectUnchanged(ids.gap, () => hub.graphql(mutation, { token, variables }));
      expect(errorOf(refused)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
      expect(messageOf(refused)).toContain('is ACCEPTED');
    }
  });

  test('rejecting needs a reason (error naming reason); with one the referral is REJECTED and the reason kept', async () => {
    for (const reason of ['', '  ']) {
      const refused = await expectUnchanged(ids.school, () => hub.graphql(REJECT, { token: tokens.eduLiangshan, variables: { id: ids.school, reason } }));
      expect(errorOf(refused)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    }
    const rejected = await hub.graphql(REJECT, { token: tokens.eduLiangshan, variables: { id: ids.school, reason: '该生已休学，不在资助范围' } });
    expect(rejected.body.data!.rejectReferral).toMatchObject({ status: 'REJECTED', reason: '该生已休学，不在资助范围' });
    for (const [mutation, token, variables] of [
      [ACCEPT, tokens.eduLiangshan, { id: ids.school }],
      [CLOSE, tokens.eduLiangshan, { id: ids.school, record: 'EDUCATION:EDU-A-CHILD' }],
    ] as const) {
      const refused = await expectUnchanged(ids.school, () => hub.graphql(mutation, { token, variables }));
      expect(messageOf(refused)).toContain('is REJECTED');
    }
  });
});

describe('closing', () => {
  test('an OPEN referral cannot be closed: the error names its status', async () => {
    const refused = await expectUnchanged(ids.household, () =>
      hub.graphql(CLOSE, { token: tokens.caChengdu, variables: { id: ids.household, record: 'CIVIL_AFFAIRS:CA-A-DIBAO' } }),
    );
    expect(errorOf(refused)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(messageOf(refused)).toContain('is OPEN');
  });

  test.each([
    ['DPF-A-NURSING', 'must be "DEPARTMENT:sourceRecordId"'],
    ['DISABLED_PERSONS_FEDERATION:NO-SUCH', 'no record DISABLED_PERSONS_FEDERATION:NO-SUCH'],
    ['EDUCATION:EDU-A-CHILD', 'is a record of EDUCATION; this referral is with DISABLED_PERSONS_FEDERATION'],
    ['DISABLED_PERSONS_FEDERATION:DPF-A-LIVING', 'does not cover the referred person'],
    ['DISABLED_PERSONS_FEDERATION:DPF-A-NURSING-X', 'is CANCELLED'],
  ])('closing with %s is refused naming closingRecord (%s)', async (closingRecord, reason) => {
    const refused = await expectUnchanged(ids.gap, () =>
      hub.graphql(CLOSE, { token: tokens.caseworkerChengdu, variables: { id: ids.gap, record: closingRecord } }),
    );
    expect(errorOf(refused)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'closingRecord' });
    expect(messageOf(refused)).toContain(reason);
  });

  test('the caseworker closes it with a record of the department that covers the person', async () => {
    const closed = await hub.graphql(CLOSE, { token: tokens.caseworkerChengdu, variables: { id: ids.gap, record: 'DISABLED_PERSONS_FEDERATION:DPF-A-NURSING', note: '12月起发放' } });
    expect(closed.body.errors).toBeUndefined();
    expect(closed.body.data!.closeReferral).toMatchObject({ status: 'CLOSED', closingRecord: 'DISABLED_PERSONS_FEDERATION:DPF-A-NURSING' });
    expect(closed.body.data!.closeReferral.events.map((e: any) => e.action)).toEqual(['OPENED', 'ACCEPTED', 'CLOSED']);
  });

  test('the department\'s officer closes a household referral with a record of the household', async () => {
    const accepted = await hub.graphql(ACCEPT, { token: tokens.caChengdu, variables: { id: ids.household } });
    expect(accepted.body.data!.acceptReferral.status).toBe('ACCEPTED');
    const closed = await hub.graphql(CLOSE, { token: tokens.caChengdu, variables: { id: ids.household, record: 'CIVIL_AFFAIRS:CA-A-DIBAO' } });
    expect(closed.body.errors).toBeUndefined();
    expect(closed.body.data!.closeReferral).toMatchObject({ status: 'CLOSED', closingRecord: 'CIVIL_AFFAIRS:CA-A-DIBAO' });
  });
});

describe('reading referrals', () => {
  const LIST = `query($f: ReferralFilter) { referrals(filter: $f, first: 100) { totalCount edges { node { id status toDepartment regionCode } } } }`;
  const listed = async (token: string, filter: object | null = null) => {
    const { body } = await hub.graphql(LIST, { token, variables: { f: filter } });
    expect(body.errors).toBeUndefined();
    return body.data!.referrals;
  };
  const idsOf = (connection: any) => connection.edges.map((e: any) => e.node.id);

  test('caseworkers and auditors see their regions\' referrals, newest first; an administrator all', async () => {
    expect(idsOf(await listed(tokens.caseworkerChengdu))).toEqual([ids.household, ids.gap]);
    expect(idsOf(await listed(tokens.caseworkerLiangshan))).toEqual([ids.school]);
    expect(idsOf(await listed(tokens.auditorChengdu))).toEqual([ids.household, ids.gap]);
    const all = await listed(tokens.admin);
    expect(idsOf(all)).toEqual([ids.household, ids.school, ids.gap]);
    expect(all.totalCount).toBe(3);
  });

  test('officers and systems see the referrals sent to their department in their regions', async () => {
    expect(idsOf(await listed(tokens.dpfChengdu))).toEqual([ids.gap]);
    expect(idsOf(await listed(tokens.systemDpf))).toEqual([ids.gap]);
    expect((await listed(tokens.dpfLiangshan)).totalCount).toBe(0);
    expect((await listed(tokens.hrChengdu)).totalCount).toBe(0);
  });

  test('filters by status, department and region, with totalCount', async () => {
    expect(idsOf(await listed(tokens.admin, { status: 'CLOSED' }))).toEqual([ids.household, ids.gap]);
    expect(idsOf(await listed(tokens.admin, { toDepartment: 'EDUCATION' }))).toEqual([ids.school]);
    const liangshan = await listed(tokens.admin, { regionCode: '5134' });
    expect([idsOf(liangshan), liangshan.totalCount]).toEqual([[ids.school], 1]);
  });

  test('a referral outside your scope is null, as an unknown one; a charity reads none', async () => {
    for (const id of [ids.school, '999999']) {
      const { body } = await hub.graphql(ONE, { token: tokens.caseworkerChengdu, variables: { id } });
      expect(body.errors).toBeUndefined();
      expect(body.data!.referral).toBeNull();
    }
    const charity = await hub.graphql(LIST, { token: tokens.charity });
    expect(errorOf(charity)?.code).toBe('FORBIDDEN');
  });

  test('a finding lists only the referrals its reader may see', async () => {
    const query = `query($id: ID!) { finding(id: $id) { referrals { id } } }`;
    const department = await hub.graphql(query, { token: tokens.dpfChengdu, variables: { id: world.ids.aG3 } });
    expect(department.body.data!.finding.referrals).toEqual([{ id: ids.gap }]);
    // The HR officer of Chengdu sees the finding (their region) but not the DPF referral.
    const other = await hub.graphql(query, { token: tokens.hrChengdu, variables: { id: world.ids.aG3 } });
    expect(other.body.data!.finding.referrals).toEqual([]);
  });
});
