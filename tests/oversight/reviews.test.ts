// Reviewing findings through the gateway over HTTP: who may review which
// finding, the transitions, a dismissal's reason, the kept history, the
// precision it gives each rule, and review states surviving a detection run.
import { runDetection } from '../../src/detection/detect';
import { startTestHub, type GraphqlResponse, type TestHub } from '../helpers/hub';
import { seedFindings, seedWorld, type FindingName, type World } from './fixtures';

let hub: TestHub;
let world: World;
const tokens = {} as Record<
  'admin' | 'caChengdu' | 'caLiangshan' | 'dpfChengdu' | 'eduChengdu' | 'eduLiangshan' | 'systemCa' | 'auditorChengdu' | 'auditorLiangshan' | 'caseworkerChengdu',
  string
>;

// Referrals and findings of disability or illness rules (G3, D5…) are read with a purpose (ACCESS.md v2).
beforeAll(async () => {
  hub = await startTestHub();
  await seedWorld(hub);
  world = await seedFindings(hub, hub.db.prisma);
  tokens.admin = await hub.token({ purpose: 'oversight work 2026-11', role: 'ADMIN', sub: 'admin-1' });
  tokens.caChengdu = await hub.token({ purpose: 'oversight work 2026-11', role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['5101'], sub: 'ca-chengdu-1' });
  tokens.caLiangshan = await hub.token({ purpose: 'oversight work 2026-11', role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['5134'], sub: 'ca-liangshan-1' });
  tokens.dpfChengdu = await hub.token({ purpose: 'oversight work 2026-11', role: 'OFFICER', department: 'DISABLED_PERSONS_FEDERATION', regions: ['5101'], sub: 'dpf-chengdu-1' });
  tokens.eduChengdu = await hub.token({ purpose: 'oversight work 2026-11', role: 'OFFICER', department: 'EDUCATION', regions: ['5101'] });
  tokens.eduLiangshan = await hub.token({ purpose: 'oversight work 2026-11', role: 'OFFICER', department: 'EDUCATION', regions: ['5134'] });
  tokens.systemCa = await hub.token({ purpose: 'oversight work 2026-11', role: 'SYSTEM', department: 'CIVIL_AFFAIRS', regions: ['51'] });
  tokens.auditorChengdu = await hub.token({ purpose: 'oversight work 2026-11', role: 'AUDITOR', regions: ['5101'] });
  tokens.auditorLiangshan = await hub.token({ purpose: 'oversight work 2026-11', role: 'AUDITOR', regions: ['5134'] });
  tokens.caseworkerChengdu = await hub.token({ purpose: 'oversight work 2026-11', role: 'CASEWORKER', regions: ['510104'] });
}, 120_000);
afterAll(() => hub.stop());

const REVIEW = `mutation($id: ID!, $status: ReviewDecision!, $note: String) { reviewFinding(id: $id, status: $status, note: $note) {
  id status reviewNote reviewedBy reviewedAt reviews { fromStatus toStatus note sub role department at } } }`;

const review = (token: string, name: FindingName, status: string, note?: string) =>
  hub.graphql(REVIEW, { token, variables: { id: world.ids[name], status, note } });

const stateOf = async (name: FindingName) =>
  hub.db.prisma.finding.findUniqueOrThrow({ where: { id: Number(world.ids[name]) }, include: { reviews: true } });

const errorOf = (response: GraphqlResponse) => response.body.errors?.[0]?.extensions;

/** A refused review changes nothing: same state, no review row. */
async function expectUnchanged(name: FindingName, before: Awaited<ReturnType<typeof stateOf>>) {
  const after = await stateOf(name);
  expect(after.status).toBe(before.status);
  expect(after.reviews).toHaveLength(before.reviews.length);
}

describe('a review', () => {
  test('by an officer of the department involved, in their regions, sets the state and keeps who, when, from and to', async () => {
    const { body } = await review(tokens.caChengdu, 'aD1', 'CONFIRMED', '两项待遇同时领取，已核实');
    expect(body.errors).toBeUndefined();
    const finding = body.data!.reviewFinding;
    expect(finding).toMatchObject({ status: 'CONFIRMED', reviewNote: '两项待遇同时领取，已核实', reviewedBy: 'ca-chengdu-1' });
    expect(finding.reviews).toEqual([
      { fromStatus: 'OPEN', toStatus: 'CONFIRMED', note: '两项待遇同时领取，已核实', sub: 'ca-chengdu-1', role: 'OFFICER', department: 'CIVIL_AFFAIRS', at: finding.reviewedAt },
    ]);
  });

  test('DISMISSED without a note, or with a blank one, is refused naming note; with a reason it is kept', async () => {
    const before = await stateOf('bD1');
    for (const note of [undefined, '   ']) {
      const refused = await review(tokens.caLiangshan, 'bD1', 'DISMISSED', note);
      expect(errorOf(refused)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
      await expectUnchanged('bD1', before);
    }
    const { body } = await review(tokens.caLiangshan, 'bD1', 'DISMISSED', '特困认定已于2026年1月撤销，系统未同步');
    expect(body.data!.reviewFinding).toMatchObject({ status: 'DISMISSED', reviewNote: '特困认定已于2026年1月撤销，系统未同步' });
  });

  test('only valid transitions pass: the refusal names the current state, the state stays', async () => {
    // aD1 is CONFIRMED (first test).
    const before = await stateOf('aD1');
    const again = await review(tokens.caChengdu, 'aD1', 'CONFIRMED');
    expect(errorOf(again)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status' });
    expect(again.body.errors![0]!.message).toContain('the finding is CONFIRMED');
    await expectUnchanged('aD1', before);

    const resolved = await review(tokens.caChengdu, 'aD1', 'RESOLVED', '已停发特困供养金');
    expect(resolved.body.data!.reviewFinding.status).toBe('RESOLVED');
    const back = await review(tokens.caChengdu, 'aD1', 'DISMISSED', '误报');
    expect(back.body.errors![0]!.message).toContain('the finding is RESOLVED; it can become CONFIRMED');
    expect((await stateOf('aD1')).status).toBe('RESOLVED');
  });

  test('an officer of another department, or outside the finding\'s regions, may not review it; the department\'s officer in region may', async () => {
    // The education officer of Chengdu sees aD5 (their region) but it does not involve education.
    const before = await stateOf('aD5');
    const otherDepartment = await review(tokens.eduChengdu, 'aD5', 'CONFIRMED');
    expect(errorOf(otherDepartment)?.code).toBe('FORBIDDEN');
    // The civil-affairs officer of Liangshan sees aD5 (their department) but it lies in Chengdu.
    const otherRegion = await review(tokens.caLiangshan, 'aD5', 'CONFIRMED');
    expect(errorOf(otherRegion)?.code).toBe('FORBIDDEN');
    await expectUnchanged('aD5', before);
    const allowed = await review(tokens.dpfChengdu, 'aD5', 'CONFIRMED', '残疾人生活补贴应停发');
    expect(allowed.body.errors).toBeUndefined();
    expect(allowed.body.data!.reviewFinding.status).toBe('CONFIRMED');
  });

  test('a finding the officer may not see is refused exactly like an unknown one', async () => {
    const before = await stateOf('aG5');
    const invisible = await review(tokens.eduLiangshan, 'aG5', 'CONFIRMED');
    const unknown = await hub.graphql(REVIEW, { token: tokens.eduLiangshan, variables: { id: '999999', status: 'CONFIRMED' } });
    expect(errorOf(invisible)).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect(errorOf(unknown)).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect(invisible.body.errors![0]!.message.replace(world.ids.aG5, 'N')).toBe(unknown.body.errors![0]!.message.replace('999999', 'N'));
    await expectUnchanged('aG5', before);
  });

  test.each([['auditorChengdu'], ['caseworkerChengdu'], ['systemCa']] as const)('%s may not review at all', async (who) => {
    const before = await stateOf('aG3');
    const refused = await review(tokens[who], 'aG3', 'CONFIRMED', 'x');
    expect(errorOf(refused)?.code).toBe('FORBIDDEN');
    expect(refused.body.data?.reviewFinding ?? null).toBeNull();
    await expectUnchanged('aG3', before);
  });

  test('the review history is read by everyone who may see the finding: an auditor in region, a caseworker for a gap', async () => {
    await review(tokens.dpfChengdu, 'aG3', 'CONFIRMED', '一级肢体残疾，未领护理补贴');
    const query = `query($id: ID!) { finding(id: $id) { status reviews { toStatus sub note } } }`;
    const auditor = await hub.graphql(query, { token: tokens.auditorChengdu, variables: { id: world.ids.aD1 } });
    expect(auditor.body.data!.finding.reviews.map((r: any) => r.toStatus)).toEqual(['CONFIRMED', 'RESOLVED']);
    const caseworker = await hub.graphql(query, { token: tokens.caseworkerChengdu, variables: { id: world.ids.aG3 } });
    expect(caseworker.body.data!.finding).toEqual({ status: 'CONFIRMED', reviews: [{ toStatus: 'CONFIRMED', sub: 'dpf-chengdu-1', note: '一级肢体残疾，未领护理补贴' }] });
    const outside = await hub.graphql(query, { token: tokens.auditorLiangshan, variables: { id: world.ids.aD1 } });
    expect(outside.body.errors).toBeUndefined();
    expect(outside.body.data!.finding).toBeNull();
  });
});

describe('precision', () => {
  const SUMMARY = `query($f: FindingFilter) { findingSummary(filter: $f) { byRule { rule reviewed confirmedByReview dismissedByReview precision confirmed dismissed resolved } } }`;
  const ruleOf = async (rule: string) => {
    const { body } = await hub.graphql(SUMMARY, { token: tokens.admin, variables: { f: { rule } } });
    return body.data!.findingSummary.byRule[0];
  };

  test('is confirmed / (confirmed + dismissed) over each finding\'s latest review; resolving after confirming still counts as right', async () => {
    // D1: aD1 confirmed then resolved (right), bD1 dismissed (wrong), aD1old never reviewed.
    expect(await ruleOf('D1')).toEqual({
      rule: 'D1', reviewed: 2, confirmedByReview: 1, dismissedByReview: 1, precision: 0.5, confirmed: 0, dismissed: 1, resolved: 2,
    });
    expect(await ruleOf('D5')).toMatchObject({ reviewed: 1, precision: 1 });
  });

  test('is null while nothing of the rule was reviewed', async () => {
    expect(await ruleOf('G1')).toMatchObject({ reviewed: 0, precision: null });
  });

  test('follows a changed mind: a dismissed finding confirmed again counts as right', async () => {
    const { body } = await review(tokens.admin, 'bD1', 'CONFIRMED', '复核：撤销手续未办完，仍在领取');
    expect(body.data!.reviewFinding.status).toBe('CONFIRMED');
    expect(await ruleOf('D1')).toMatchObject({ reviewed: 2, confirmedByReview: 2, dismissedByReview: 0, precision: 1 });
  });
});

describe('a detection run', () => {
  test('keeps the review state and history of a finding it finds again, and resolves one it no longer finds', async () => {
    const reviewsBefore = (await stateOf('bD1')).reviews.length;
    const run = await runDetection(hub.db.prisma, { asOf: '2026-11-20', rules: ['D1', 'D2', 'D3', 'D4', 'D5', 'D6'], startedBy: 'test' });
    // The world really holds both D1 duplicates (the fixture's keys are the runner's).
    expect(run.findings.filter((f) => f.rule === 'D1').map((f) => f.findingKey)).toEqual([
      'D1|CIVIL_AFFAIRS:CA-A-DIBAO|CIVIL_AFFAIRS:CA-A-TEKUN',
      'D1|CIVIL_AFFAIRS:CA-B-DIBAO|CIVIL_AFFAIRS:CA-B-TEKUN',
    ]);
    const bD1 = await stateOf('bD1');
    expect(bD1).toMatchObject({ status: 'CONFIRMED', current: true, reviewedBy: 'admin-1' });
    expect(bD1.reviews).toHaveLength(reviewsBefore);
    // A reviewer's RESOLVED stays RESOLVED while the duplicate is still found.
    expect(await stateOf('aD1')).toMatchObject({ status: 'RESOLVED', current: true });
    // aD5 was written by the test without the records for it: the run does not find it.
    expect(await stateOf('aD5')).toMatchObject({ status: 'RESOLVED', current: false });

    const { body } = await hub.graphql(`query($id: ID!) { finding(id: $id) { status current reviews { toStatus } } }`, {
      token: tokens.caLiangshan,
      variables: { id: world.ids.bD1 },
    });
    expect(body.data!.finding).toEqual({ status: 'CONFIRMED', current: true, reviews: [{ toStatus: 'DISMISSED' }, { toStatus: 'CONFIRMED' }] });
  });
});
