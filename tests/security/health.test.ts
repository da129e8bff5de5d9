// Health is personal data, also where it shows only indirectly (ACCESS.md v2,
// "Personal data"): an expense basis or event reference of a grant, a list of
// a person's disability or medical programs, a finding whose rule implies
// illness or disability (D3, D5, G3, G4, G7), a referral for a health program,
// and what is derived from them. Each case below is asked twice: without a
// purpose the answer is exactly like nothing there (or refused with
// PURPOSE_MISSING naming the field) and nothing is audited; with a purpose
// the value comes back and an audit entry names the person (or household)
// and the fields.
import { ingest } from '../../src/ingest/service';
import type { Prisma } from '../../src/db/client/prisma/client';
import { postGraphql, startTestHub, type TestHub } from '../helpers/hub';
import { signedIdentityHeaders } from '../helpers/subgraph';
import { findingRow } from '../oversight/fixtures';
import { auditedDuring, CHENGDU, firstError, HOUSEHOLD_A, ID, keyOf, seen, seedWorld } from './accessWorld';

let hub: TestHub;
const PURPOSE = 'case review 2026-118';
const tokens = {} as Record<'officer' | 'officerPurpose' | 'dpf' | 'dpfPurpose' | 'auditor' | 'auditorPurpose' | 'caseworker' | 'caseworkerPurpose', string>;
/** Finding ids by rule, and referral ids by name. */
const findings = {} as Record<'D1' | 'D3' | 'D5' | 'G1' | 'G3' | 'G4' | 'G7', string>;
const referrals = {} as Record<'forProgram' | 'fromG7' | 'toFederation' | 'forwardedFromG4' | 'education', string>;

const none = { status: 'ACTIVE', endDate: null, eventRef: null, expenseBasis: null, charityProgramCode: null, details: {} };
/** Records that reveal health only indirectly, added to the security world. */
const EXTRA = [
  // Medical assistance for 张三's second hospital stay: its event reference carries the admission and the hospital, its basis the out-of-pocket cost.
  {
    type: 'record', department: 'HEALTHCARE_SECURITY', sourceRecordId: 'H-HS-MED-1', program: 'MEDICAL_ASSISTANCE', beneficiaryIdNumber: ID.zhangSan,
    regionCode: CHENGDU, amount: '3200.00', frequency: 'ONE_OFF', startDate: '2026-07-20', needCategory: 'MEDICAL',
    ...none, endDate: '2026-07-20', eventRef: 'ADM-2026-07-02-华西医院', expenseBasis: '3200.00',
  },
  // Temporary aid after a fire, for 赵六: an event reference and a basis that reveal no health.
  {
    type: 'record', department: 'CIVIL_AFFAIRS', sourceRecordId: 'H-CA-FIRE-1', program: 'TEMPORARY', beneficiaryIdNumber: ID.zhaoLiu,
    regionCode: CHENGDU, amount: '2000.00', frequency: 'ONE_OFF', startDate: '2026-06-02', needCategory: 'EMERGENCY',
    ...none, endDate: '2026-06-02', eventRef: 'FIRE-2026-06-01', expenseBasis: '2500.00',
  },
  // Temporary aid for 张三's hospital bill: a civil-affairs record that tells of an illness by its need.
  {
    type: 'record', department: 'CIVIL_AFFAIRS', sourceRecordId: 'H-CA-MED-1', program: 'TEMPORARY', beneficiaryIdNumber: ID.zhangSan,
    regionCode: CHENGDU, amount: '800.00', frequency: 'ONE_OFF', startDate: '2026-07-25', needCategory: 'MEDICAL', ...none, endDate: '2026-07-25',
  },
  // The premium subsidy of 张小明, sent with a living need: a medical program all the same.
  {
    type: 'record', department: 'HEALTHCARE_SECURITY', sourceRecordId: 'H-HS-PREMIUM-1', program: 'MEDICAL_PREMIUM_SUBSIDY', beneficiaryIdNumber: ID.zhangXiaoming,
    regionCode: CHENGDU, amount: '380.00', frequency: 'ANNUAL', startDate: '2026-01-01', needCategory: 'LIVING', ...none, endDate: '2026-12-31',
  },
  // Home teaching (送教上门): taught at home because of a severe disability.
  {
    type: 'record', department: 'EDUCATION', sourceRecordId: 'H-EDU-HOME-1', program: 'EDU_HOME_TEACHING', beneficiaryIdNumber: ID.zhangXiaoming,
    regionCode: CHENGDU, amount: '500.00', frequency: 'PER_TERM', startDate: '2026-03-01', needCategory: 'EDUCATION', ...none, endDate: '2026-07-10',
  },
  // A barrier-free renovation of household A's home, for its disabled head.
  {
    type: 'record', department: 'HOUSING', sourceRecordId: 'H-HOUSING-RENO-1', program: 'RURAL_HOUSING_RENOVATION', beneficiaryIdNumber: ID.zhangSan,
    householdSourceId: HOUSEHOLD_A, regionCode: CHENGDU, amount: '8000.00', frequency: 'ONE_OFF', startDate: '2026-04-01', needCategory: 'DISABILITY_CARE',
    ...none, endDate: '2026-04-01',
  },
];

beforeAll(async () => {
  hub = await startTestHub();
  await seedWorld(hub);
  const summary = await ingest(hub.db.prisma, EXTRA.map((input, position) => ({ position, input })), {
    sender: { name: 'test:admin', department: null },
    personKeyPepper: hub.config.idPepper,
  });
  if (summary.rejected > 0) throw new Error(`extra records not stored: ${JSON.stringify(summary.rejections)}`);
  await seedFindingsAndReferrals(hub.db.prisma);

  tokens.officer = await hub.token({ role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['5101'], sub: 'ca-officer' });
  tokens.officerPurpose = await hub.token({ role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['5101'], sub: 'ca-officer', purpose: PURPOSE });
  tokens.dpf = await hub.token({ role: 'OFFICER', department: 'DISABLED_PERSONS_FEDERATION', regions: ['5101'], sub: 'dpf-officer' });
  tokens.dpfPurpose = await hub.token({ role: 'OFFICER', department: 'DISABLED_PERSONS_FEDERATION', regions: ['5101'], sub: 'dpf-officer', purpose: PURPOSE });
  tokens.auditor = await hub.token({ role: 'AUDITOR', regions: ['5101'], sub: 'auditor' });
  tokens.auditorPurpose = await hub.token({ role: 'AUDITOR', regions: ['5101'], sub: 'auditor', purpose: PURPOSE });
  tokens.caseworker = await hub.token({ role: 'CASEWORKER', regions: [CHENGDU], sub: 'caseworker' });
  tokens.caseworkerPurpose = await hub.token({ role: 'CASEWORKER', regions: [CHENGDU], sub: 'caseworker', purpose: PURPOSE });
}, 120_000);
afterAll(() => hub.stop());

/** Findings as the runner would store them (the rules themselves are tested in tests/rules), and referrals opened from them. */
async function seedFindingsAndReferrals(prisma: TestHub['db']['prisma']) {
  const zhangSan = keyOf(hub, ID.zhangSan);
  const rows: Record<keyof typeof findings, Prisma.FindingUncheckedCreateInput> = {
    D1: findingRow({ rule: 'D1', kind: 'DUPLICATE', regionCode: CHENGDU, personKey: zhangSan, records: ['CIVIL_AFFAIRS:SEC-CA-A', 'CIVIL_AFFAIRS:H-TEKUN'], departments: ['CIVIL_AFFAIRS'], overpayment: '1000.00' }),
    D3: findingRow({ rule: 'D3', kind: 'DUPLICATE', regionCode: CHENGDU, personKey: zhangSan, records: ['CIVIL_AFFAIRS:H-CA-MED-1', 'HEALTHCARE_SECURITY:H-HS-MED-1'], departments: ['CIVIL_AFFAIRS', 'HEALTHCARE_SECURITY'], overpayment: '800.00' }),
    D5: findingRow({ rule: 'D5', kind: 'DUPLICATE', regionCode: CHENGDU, personKey: zhangSan, records: ['CIVIL_AFFAIRS:H-TEKUN', 'DISABLED_PERSONS_FEDERATION:SEC-DPF-A'], departments: ['CIVIL_AFFAIRS', 'DISABLED_PERSONS_FEDERATION'], overpayment: '300.00' }),
    G1: findingRow({ rule: 'G1', kind: 'GAP', regionCode: CHENGDU, personKey: keyOf(hub, ID.zhangXiaoming), departments: ['EDUCATION'], suggestedPrograms: ['EDU_GRANT', 'EDU_FEE_WAIVER'] }),
    G3: findingRow({ rule: 'G3', kind: 'GAP', regionCode: CHENGDU, personKey: zhangSan, departments: ['DISABLED_PERSONS_FEDERATION'], suggestedPrograms: ['DISABILITY_NURSING_SUBSIDY'] }),
    G4: findingRow({ rule: 'G4', kind: 'GAP', regionCode: CHENGDU, personKey: zhangSan, departments: ['DISABLED_PERSONS_FEDERATION'], suggestedPrograms: ['DISABILITY_LIVING_SUBSIDY'] }),
    G7: findingRow({ rule: 'G7', kind: 'GAP', regionCode: CHENGDU, householdSourceId: HOUSEHOLD_A, departments: ['CIVIL_AFFAIRS', 'HEALTHCARE_SECURITY'], suggestedPrograms: ['TEMPORARY', 'MEDICAL_ASSISTANCE'] }),
  };
  for (const [rule, data] of Object.entries(rows)) findings[rule as keyof typeof findings] = String((await prisma.finding.create({ data })).id);
  const referral = async (data: Omit<Prisma.ReferralUncheckedCreateInput, 'regionCode' | 'openedBy'>) =>
    String((await prisma.referral.create({ data: { regionCode: CHENGDU, openedBy: 'caseworker', ...data } })).id);
  referrals.forProgram = await referral({ findingId: Number(findings.G3), personKey: zhangSan, toDepartment: 'DISABLED_PERSONS_FEDERATION', program: 'DISABILITY_NURSING_SUBSIDY' });
  // G7's first suggestion is TEMPORARY aid: a referral to civil affairs, opened because of medical costs.
  referrals.fromG7 = await referral({ findingId: Number(findings.G7), householdSourceId: HOUSEHOLD_A, toDepartment: 'CIVIL_AFFAIRS', program: 'TEMPORARY' });
  referrals.toFederation = await referral({ personKey: zhangSan, toDepartment: 'DISABLED_PERSONS_FEDERATION', program: null });
  // A G4 referral forwarded from the federation to civil affairs loses its program.
  referrals.forwardedFromG4 = await referral({ findingId: Number(findings.G4), personKey: zhangSan, toDepartment: 'CIVIL_AFFAIRS', program: null });
  referrals.education = await referral({ findingId: Number(findings.G1), personKey: keyOf(hub, ID.zhangXiaoming), toDepartment: 'EDUCATION', program: 'EDU_GRANT' });
}

/** The audit entries of a run, as subject → fields. */
async function auditOf(run: () => Promise<unknown>) {
  const entries = await auditedDuring(hub, run);
  return Object.fromEntries(entries.map((e) => [e.personKey ?? e.householdSourceId, e.fields]));
}

describe('expenseBasis and eventRef of a record', () => {
  const RECORD = `query($id: ID!) { assistanceRecord(id: $id) { id program eventRef expenseBasis } }`;

  test('without a purpose a medical grant is not there, exactly like an unknown record, and nothing is audited', async () => {
    let medical!: Awaited<ReturnType<typeof hub.graphql>>;
    const audit = await auditOf(async () => {
      medical = await hub.graphql(RECORD, { token: tokens.officer, variables: { id: 'HEALTHCARE_SECURITY:H-HS-MED-1' } });
    });
    const unknown = await hub.graphql(RECORD, { token: tokens.officer, variables: { id: 'HEALTHCARE_SECURITY:NO-SUCH-RECORD' } });
    expect(seen(medical)).toEqual(seen(unknown));
    expect(medical.body.data).toEqual({ assistanceRecord: null });
    expect(audit).toEqual({});
  });

  test('without a purpose the event reference and expense basis of any record are refused, naming the field', async () => {
    let fire!: Awaited<ReturnType<typeof hub.graphql>>;
    const audit = await auditOf(async () => {
      fire = await hub.graphql(`{ assistanceRecord(id: "CIVIL_AFFAIRS:H-CA-FIRE-1") { program eventRef expenseBasis } }`, { token: tokens.officer });
    });
    expect(fire.body.data).toEqual({ assistanceRecord: { program: 'TEMPORARY', eventRef: null, expenseBasis: null } });
    expect(fire.body.errors!.map((e) => e.extensions)).toEqual([
      expect.objectContaining({ code: 'FORBIDDEN', reason: 'PURPOSE_MISSING', field: 'CivilAffairsRecord.eventRef' }),
      expect.objectContaining({ code: 'FORBIDDEN', reason: 'PURPOSE_MISSING', field: 'CivilAffairsRecord.expenseBasis' }),
    ]);
    expect(audit).toEqual({});
  });

  test('with a purpose both come back, and the read is audited for the beneficiary', async () => {
    let medical!: Awaited<ReturnType<typeof hub.graphql>>;
    const audit = await auditOf(async () => {
      medical = await hub.graphql(RECORD, { token: tokens.officerPurpose, variables: { id: 'HEALTHCARE_SECURITY:H-HS-MED-1' } });
    });
    expect(medical.body.errors).toBeUndefined();
    expect(medical.body.data!.assistanceRecord).toEqual({
      id: 'HEALTHCARE_SECURITY:H-HS-MED-1', program: 'MEDICAL_ASSISTANCE', eventRef: 'ADM-2026-07-02-华西医院', expenseBasis: '3200.00',
    });
    expect(audit).toEqual({
      [keyOf(hub, ID.zhangSan)]: [
        'HealthcareSecurityRecord.eventRef', 'HealthcareSecurityRecord.expenseBasis', 'HealthcareSecurityRecord.id', 'HealthcareSecurityRecord.program',
      ],
    });
    const fire = await auditOf(() => hub.graphql(`{ assistanceRecord(id: "CIVIL_AFFAIRS:H-CA-FIRE-1") { eventRef expenseBasis } }`, { token: tokens.officerPurpose }));
    expect(fire).toEqual({ [keyOf(hub, ID.zhaoLiu)]: ['CivilAffairsRecord.eventRef', 'CivilAffairsRecord.expenseBasis'] });
  });
});

describe('a person\'s disability and medical programs', () => {
  const PROGRAMS = `query($p: ID!) { person(personKey: $p) { disabilityRecords { id program } healthcareSecurityRecords { id program } educationRecords { id program } } }`;

  test('without a purpose they are empty, exactly like for a person who has none, and nothing is audited', async () => {
    let zhangSan!: Awaited<ReturnType<typeof hub.graphql>>;
    const audit = await auditOf(async () => {
      zhangSan = await hub.graphql(PROGRAMS, { token: tokens.officer, variables: { p: keyOf(hub, ID.zhangSan) } });
    });
    // 李小红 has no disability, medical or education record of her own.
    const liXiaohong = await hub.graphql(PROGRAMS, { token: tokens.officer, variables: { p: keyOf(hub, ID.liXiaohong) } });
    expect(seen(zhangSan)).toEqual(seen(liXiaohong));
    expect(audit).toEqual({});
    // The child's home teaching and premium subsidy, the same.
    const child = await hub.graphql(PROGRAMS, { token: tokens.officer, variables: { p: keyOf(hub, ID.zhangXiaoming) } });
    expect(seen(child)).toEqual(seen(liXiaohong));
  });

  test('with a purpose they are listed, and each person\'s entry names the fields read, the record ids included', async () => {
    let zhangSan!: Awaited<ReturnType<typeof hub.graphql>>;
    const audit = await auditOf(async () => {
      zhangSan = await hub.graphql(PROGRAMS, { token: tokens.officerPurpose, variables: { p: keyOf(hub, ID.zhangSan) } });
    });
    expect(zhangSan.body.errors).toBeUndefined();
    expect(zhangSan.body.data!.person).toEqual({
      disabilityRecords: [{ id: 'DISABLED_PERSONS_FEDERATION:SEC-DPF-A', program: 'DISABILITY_NURSING_SUBSIDY' }],
      healthcareSecurityRecords: [
        { id: 'HEALTHCARE_SECURITY:H-HS-MED-1', program: 'MEDICAL_ASSISTANCE' },
        { id: 'HEALTHCARE_SECURITY:SEC-HS-A', program: 'MEDICAL_ASSISTANCE' },
      ],
      educationRecords: [],
    });
    expect(audit).toEqual({
      [keyOf(hub, ID.zhangSan)]: ['DisabilityRecord.id', 'DisabilityRecord.program', 'HealthcareSecurityRecord.id', 'HealthcareSecurityRecord.program'],
    });
    const child = await auditOf(async () => {
      const { body } = await hub.graphql(PROGRAMS, { token: tokens.officerPurpose, variables: { p: keyOf(hub, ID.zhangXiaoming) } });
      expect(body.data!.person).toMatchObject({
        healthcareSecurityRecords: [{ id: 'HEALTHCARE_SECURITY:H-HS-PREMIUM-1', program: 'MEDICAL_PREMIUM_SUBSIDY' }],
        educationRecords: [{ id: 'EDUCATION:H-EDU-HOME-1', program: 'EDU_HOME_TEACHING' }],
      });
    });
    expect(Object.keys(child)).toEqual([keyOf(hub, ID.zhangXiaoming)]);
  });

  test('a household\'s housing records: a barrier-free renovation is not there without a purpose, and listed with one', async () => {
    const HOUSING = `{ household(sourceId: "${HOUSEHOLD_A}") { housingRecords { id } } }`;
    const withoutPurpose = await auditOf(async () => {
      const { body } = await hub.graphql(HOUSING, { token: tokens.officer });
      expect(body.errors).toBeUndefined();
      expect(body.data).toEqual({ household: { housingRecords: [] } });
    });
    expect(withoutPurpose).toEqual({});
    const withPurpose = await auditOf(async () => {
      const { body } = await hub.graphql(HOUSING, { token: tokens.officerPurpose });
      expect(body.data!.household.housingRecords).toEqual([{ id: 'HOUSING:H-HOUSING-RENO-1' }]);
    });
    expect(withPurpose).toEqual({ [keyOf(hub, ID.zhangSan)]: ['HousingRecord.id'] });
  });
});

describe('lists of records and their totals', () => {
  const PERSON = `query($p: ID!) { person(personKey: $p) { assistanceRecords(first: 50) { totalCount edges { node { id } } } } }`;
  const HOUSEHOLD = `{ household(sourceId: "${HOUSEHOLD_A}") { assistanceRecords(first: 50) { totalCount edges { node { id } } } } }`;
  const REGION = `{ assistanceRecords(regionCode: "${CHENGDU}", first: 50) { totalCount edges { node { id } } } }`;
  const ids = (connection: any) => connection.edges.map((e: any) => e.node.id).sort();

  const HEALTH = [
    'DISABLED_PERSONS_FEDERATION:SEC-DPF-A', 'HEALTHCARE_SECURITY:SEC-HS-A', 'HEALTHCARE_SECURITY:H-HS-MED-1', 'CIVIL_AFFAIRS:H-CA-MED-1',
    'HOUSING:H-HOUSING-RENO-1',
  ];
  const CHILD_HEALTH = ['HEALTHCARE_SECURITY:H-HS-PREMIUM-1', 'EDUCATION:H-EDU-HOME-1'];

  test('without a purpose medical and disability records are neither listed nor counted, and nothing is audited', async () => {
    const audit = await auditOf(async () => {
      const person = await hub.graphql(PERSON, { token: tokens.officer, variables: { p: keyOf(hub, ID.zhangSan) } });
      expect(person.body.data!.person.assistanceRecords).toEqual({ totalCount: 1, edges: [{ node: { id: 'CIVIL_AFFAIRS:SEC-CA-A' } }] });
      const household = await hub.graphql(HOUSEHOLD, { token: tokens.officer });
      expect(household.body.data!.household.assistanceRecords.totalCount).toBe(3);
      expect(ids(household.body.data!.household.assistanceRecords)).toEqual(['CHARITY:SEC-RC-1', 'CIVIL_AFFAIRS:SEC-CA-A', 'CIVIL_AFFAIRS:SEC-CA-CANCELLED']);
      const region = await hub.graphql(REGION, { token: tokens.officer });
      const listed = ids(region.body.data!.assistanceRecords);
      expect(region.body.data!.assistanceRecords.totalCount).toBe(listed.length);
      for (const id of [...HEALTH, ...CHILD_HEALTH]) expect(listed).not.toContain(id);
      expect(listed).toContain('CIVIL_AFFAIRS:H-CA-FIRE-1');
    });
    expect(audit).toEqual({});
  });

  test('with a purpose they are listed and counted, and audited for each beneficiary', async () => {
    const audit = await auditOf(async () => {
      const person = await hub.graphql(PERSON, { token: tokens.officerPurpose, variables: { p: keyOf(hub, ID.zhangSan) } });
      expect(person.body.data!.person.assistanceRecords.totalCount).toBe(6);
      expect(ids(person.body.data!.person.assistanceRecords)).toEqual(['CIVIL_AFFAIRS:SEC-CA-A', ...HEALTH].sort());
      const household = await hub.graphql(HOUSEHOLD, { token: tokens.officerPurpose });
      expect(household.body.data!.household.assistanceRecords.totalCount).toBe(10);
      const region = await hub.graphql(REGION, { token: tokens.officerPurpose });
      for (const id of [...HEALTH, ...CHILD_HEALTH]) expect(ids(region.body.data!.assistanceRecords)).toContain(id);
    });
    expect(Object.keys(audit).sort()).toEqual([keyOf(hub, ID.zhangSan), keyOf(hub, ID.zhangXiaoming)].sort());
    expect(audit[keyOf(hub, ID.zhangSan)]).toEqual(['CivilAffairsRecord.id', 'DisabilityRecord.id', 'HealthcareSecurityRecord.id', 'HousingRecord.id']);
    expect(audit[keyOf(hub, ID.zhangXiaoming)]).toEqual(['EducationRecord.id', 'HealthcareSecurityRecord.id']);
  });
});

describe('a person\'s expenses', () => {
  const EXPENSES = `query($p: ID!) { person(personKey: $p) { personKey expenses { category amount date } } }`;

  test('without a purpose Person.expenses is refused naming the field, and nothing is audited', async () => {
    let response!: Awaited<ReturnType<typeof hub.graphql>>;
    const audit = await auditOf(async () => {
      response = await hub.graphql(EXPENSES, { token: tokens.officer, variables: { p: keyOf(hub, ID.zhangSan) } });
    });
    expect(response.body.data!.person).toEqual({ personKey: keyOf(hub, ID.zhangSan), expenses: null });
    expect(firstError(response.body)).toMatchObject({ path: ['person', 'expenses'], extensions: { reason: 'PURPOSE_MISSING', field: 'Person.expenses' } });
    expect(audit).toEqual({});
  });

  test('with a purpose they come back, audited for the person', async () => {
    let response!: Awaited<ReturnType<typeof hub.graphql>>;
    const audit = await auditOf(async () => {
      response = await hub.graphql(EXPENSES, { token: tokens.officerPurpose, variables: { p: keyOf(hub, ID.zhangSan) } });
    });
    expect(response.body.data!.person.expenses).toEqual([{ category: 'MEDICAL', amount: '4000.00', date: '2026-05-16' }]);
    expect(audit).toEqual({ [keyOf(hub, ID.zhangSan)]: ['Person.expenses'] });
  });
});

describe('findings whose rule implies illness or disability (D3, D5, G3, G4, G7)', () => {
  const LIST = `query($f: FindingFilter) { findings(filter: $f, first: 50) { totalCount edges { node { id rule } } } }`;
  const SUMMARY = `query($f: FindingFilter) { findingSummary(filter: $f) { count overpayment byRule { rule count overpayment }
    byRegion { regionCode count overpayment } byDepartment { department count overpayment } } }`;
  const ONE = `query($id: ID!) { finding(id: $id) { id rule personKey householdSourceId } }`;
  const rulesOf = (connection: any) => connection.edges.map((e: any) => e.node.rule);

  test('without a purpose they are not listed, counted, summed or found by id, exactly like findings that do not exist, and nothing is audited', async () => {
    const audit = await auditOf(async () => {
      const listed = await hub.graphql(LIST, { token: tokens.auditor, variables: { f: null } });
      expect(listed.body.data!.findings.totalCount).toBe(2);
      expect(rulesOf(listed.body.data!.findings)).toEqual(['D1', 'G1']);
      const federation = await hub.graphql(LIST, { token: tokens.dpf, variables: { f: { department: 'DISABLED_PERSONS_FEDERATION' } } });
      expect(federation.body.data!.findings).toEqual({ totalCount: 0, edges: [] });

      const summary = await hub.graphql(SUMMARY, { token: tokens.auditor, variables: { f: null } });
      expect(summary.body.data!.findingSummary).toEqual({
        count: 2, overpayment: '1000.00',
        byRule: [{ rule: 'D1', count: 1, overpayment: '1000.00' }, { rule: 'G1', count: 1, overpayment: '0.00' }],
        byRegion: [{ regionCode: CHENGDU, count: 2, overpayment: '1000.00' }],
        byDepartment: [{ department: 'CIVIL_AFFAIRS', count: 1, overpayment: '1000.00' }, { department: 'EDUCATION', count: 1, overpayment: '0.00' }],
      });
      // Filtered to a health rule: the same answer as a rule that found nothing.
      const g3 = await hub.graphql(SUMMARY, { token: tokens.auditor, variables: { f: { rule: 'G3' } } });
      const g6 = await hub.graphql(SUMMARY, { token: tokens.auditor, variables: { f: { rule: 'G6' } } });
      expect(seen(g3)).toEqual(seen(g6));

      for (const rule of ['D3', 'D5', 'G3', 'G4', 'G7'] as const) {
        const one = await hub.graphql(ONE, { token: tokens.auditor, variables: { id: findings[rule] } });
        const unknown = await hub.graphql(ONE, { token: tokens.auditor, variables: { id: '999999' } });
        expect({ rule, ...seen(one) }).toEqual({ rule, ...seen(unknown) });
      }
    });
    expect(audit).toEqual({});
  });

  test('with a purpose they are listed, counted, summed and found, and each read is audited for the finding\'s person or household', async () => {
    const listed = await hub.graphql(LIST, { token: tokens.auditorPurpose, variables: { f: null } });
    expect(listed.body.data!.findings.totalCount).toBe(7);
    const federation = await hub.graphql(LIST, { token: tokens.dpfPurpose, variables: { f: { department: 'DISABLED_PERSONS_FEDERATION' } } });
    expect(rulesOf(federation.body.data!.findings)).toEqual(['D5', 'G3', 'G4']);

    // A summary names nobody: it counts with a purpose, and audits nobody.
    const summaryAudit = await auditOf(async () => {
      const summary = await hub.graphql(SUMMARY, { token: tokens.auditorPurpose, variables: { f: null } });
      expect(summary.body.data!.findingSummary).toMatchObject({ count: 7, overpayment: '2100.00' });
      expect(summary.body.data!.findingSummary.byDepartment).toContainEqual({ department: 'DISABLED_PERSONS_FEDERATION', count: 3, overpayment: '300.00' });
    });
    expect(summaryAudit).toEqual({});

    const audit = await auditOf(async () => {
      for (const rule of ['D3', 'D5', 'G3', 'G4', 'G7'] as const) {
        const one = await hub.graphql(ONE, { token: tokens.auditorPurpose, variables: { id: findings[rule] } });
        expect(one.body.errors).toBeUndefined();
        expect(one.body.data!.finding).toMatchObject({ id: findings[rule], rule });
      }
    });
    const fields = ['Finding.householdSourceId', 'Finding.id', 'Finding.personKey', 'Finding.rule'];
    expect(audit).toEqual({ [keyOf(hub, ID.zhangSan)]: fields, [HOUSEHOLD_A]: fields });

    // A finding of another rule is read without an entry.
    expect(await auditOf(() => hub.graphql(ONE, { token: tokens.auditorPurpose, variables: { id: findings.G1 } }))).toEqual({});
  });

  test('the oversight subgraph served alone gives no more: _entities resolves a G3 finding only with a purpose, and audits it', async () => {
    const alone = await startTestHub({ mode: { kind: 'subgraph', name: 'oversight' } });
    try {
      const { id } = await alone.db.prisma.finding.create({
        data: findingRow({ rule: 'G3', kind: 'GAP', regionCode: CHENGDU, personKey: 'a'.repeat(64), departments: ['DISABLED_PERSONS_FEDERATION'] }),
      });
      const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Finding { rule personKey } } }`;
      const ask = (purpose: string | null, ids: string[]) =>
        postGraphql(alone.url, query, {
          headers: signedIdentityHeaders(alone.config, { role: 'AUDITOR', regions: ['5101'], purpose }),
          variables: { r: ids.map((value) => ({ __typename: 'Finding', id: value })) },
        });
      const before = await alone.db.prisma.auditEntry.count();
      const refused = await ask(null, [String(id)]);
      const unknown = await ask(null, ['999999']);
      expect(seen(refused)).toEqual(seen(unknown));
      expect(refused.body.data!._entities).toEqual([null]);
      expect(await alone.db.prisma.auditEntry.count()).toBe(before);

      const allowed = await ask(PURPOSE, [String(id)]);
      expect(allowed.body.data!._entities).toEqual([{ rule: 'G3', personKey: 'a'.repeat(64) }]);
      const entries = await alone.db.prisma.auditEntry.findMany({ where: { personKey: 'a'.repeat(64) } });
      expect(entries).toMatchObject([{ role: 'AUDITOR', purpose: PURPOSE, fields: ['Finding.personKey', 'Finding.rule'] }]);
    } finally {
      await alone.stop();
    }
  });
});

describe('referrals that tell of illness or disability', () => {
  const LIST = `{ referrals(first: 50) { totalCount edges { node { id toDepartment program } } } }`;
  const ONE = `query($id: ID!) { referral(id: $id) { id toDepartment program personKey householdSourceId } }`;
  const idsOf = (connection: any) => connection.edges.map((e: any) => e.node.id).sort();

  test('without a purpose a referral for a health program, to the federation, or opened from a health finding is not there, exactly like an unknown one', async () => {
    const audit = await auditOf(async () => {
      const listed = await hub.graphql(LIST, { token: tokens.caseworker });
      expect(listed.body.errors).toBeUndefined();
      expect(listed.body.data!.referrals).toEqual({
        totalCount: 1,
        edges: [{ node: { id: referrals.education, toDepartment: 'EDUCATION', program: 'EDU_GRANT' } }],
      });
      for (const name of ['forProgram', 'fromG7', 'toFederation', 'forwardedFromG4'] as const) {
        const one = await hub.graphql(ONE, { token: tokens.caseworker, variables: { id: referrals[name] } });
        const unknown = await hub.graphql(ONE, { token: tokens.caseworker, variables: { id: '999999' } });
        expect({ name, ...seen(one) }).toEqual({ name, ...seen(unknown) });
      }
      // The gap finding the caseworker may read lists only the referrals they may read.
      const g1 = await hub.graphql(`query($id: ID!) { finding(id: $id) { referrals { id } } }`, { token: tokens.caseworker, variables: { id: findings.G1 } });
      expect(g1.body.data!.finding).toEqual({ referrals: [{ id: referrals.education }] });
    });
    expect(audit).toEqual({});
  });

  test('with a purpose they are listed and read, audited for the person or household referred; the education referral without an entry', async () => {
    const audit = await auditOf(async () => {
      const listed = await hub.graphql(LIST, { token: tokens.caseworkerPurpose });
      expect(listed.body.data!.referrals.totalCount).toBe(5);
      expect(idsOf(listed.body.data!.referrals)).toEqual(Object.values(referrals).sort());
      const one = await hub.graphql(ONE, { token: tokens.caseworkerPurpose, variables: { id: referrals.fromG7 } });
      expect(one.body.data!.referral).toEqual({ id: referrals.fromG7, toDepartment: 'CIVIL_AFFAIRS', program: 'TEMPORARY', personKey: null, householdSourceId: HOUSEHOLD_A });
    });
    expect(audit).toEqual({
      [keyOf(hub, ID.zhangSan)]: ['Referral.id', 'Referral.program', 'Referral.toDepartment'],
      [HOUSEHOLD_A]: ['Referral.householdSourceId', 'Referral.id', 'Referral.personKey', 'Referral.program', 'Referral.toDepartment'],
    });
  });
});
