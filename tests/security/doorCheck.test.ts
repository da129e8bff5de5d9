// The check at the door leaks nothing it need not (ACCESS.md v2, "Checks
// before paying"). Sending a record runs the duplicate rules; the answer
// (`duplicateCheck` of submitExchangeBatch) is a read of the beneficiary's
// data: it needs a purpose, writes an audit entry per person it tells of, and
// tells only what avoids a double payment: the rule, the other record's
// department, program, county and common days, and the overpayment estimate.
// Never the other record's id, amount or details. The probe of the defect: a
// county's system sends a record for a person of another county to learn what
// is paid there, then re-sends it CANCELLED to hide it; the audit entry stays.
import { startTestHub, type TestHub } from '../helpers/hub';
import { auditedDuring, CHENGDU, firstError, ID, keyOf, NANCHONG, ONE_FOUNDATION, ONE_FOUNDATION_PROGRAM, seedWorld } from './accessWorld';

let hub: TestHub;
const PURPOSE = 'check before paying 2026-12';
const tokens = {} as Record<'caNoPurpose' | 'ca' | 'hs' | 'auditor' | 'charity', string>;

beforeAll(async () => {
  hub = await startTestHub();
  await seedWorld(hub);
  // The civil-affairs system of Chengdu: it may pay in Chengdu whoever applies there.
  tokens.caNoPurpose = await hub.token({ role: 'SYSTEM', department: 'CIVIL_AFFAIRS', regions: ['5101'], sub: 'ca-chengdu-system' });
  tokens.ca = await hub.token({ role: 'SYSTEM', department: 'CIVIL_AFFAIRS', regions: ['5101'], sub: 'ca-chengdu-system', purpose: PURPOSE });
  tokens.hs = await hub.token({ role: 'SYSTEM', department: 'HEALTHCARE_SECURITY', regions: ['5101'], sub: 'hs-chengdu-system', purpose: PURPOSE });
  tokens.auditor = await hub.token({ role: 'AUDITOR', regions: ['51'], sub: 'auditor-1', purpose: 'audit of door checks' });
  tokens.charity = await hub.token({ role: 'CHARITY', org: ONE_FOUNDATION, sub: 'one-foundation', purpose: PURPOSE });
}, 120_000);
afterAll(() => hub.stop());

const SUBMIT = `mutation($o: [JSON!]!) { submitExchangeBatch(objects: $o) { stored unchanged rejected
  duplicateCheck { asOf findings { findingId rule ruleName status batchRecords
    others { department program regionCode overlapFrom overlapTo } overpayment } } } }`;
const submit = (token: string, objects: object[]) => hub.graphql(SUBMIT, { token, variables: { o: objects } });

const none = { eventRef: null, expenseBasis: null, charityProgramCode: null, details: {} };
/**
 * 特困 for 王五, paid in Chengdu. 王五 lives in Nanchong, where his household
 * draws 低保 (SEC-CA-B, 980.00 a month, open-ended): D1 for the months given.
 */
const probe = (sourceRecordId: string, startDate: string, endDate: string, status = 'ACTIVE') => ({
  type: 'record', department: 'CIVIL_AFFAIRS', sourceRecordId, program: 'TEKUN', beneficiaryIdNumber: ID.wangWu, regionCode: CHENGDU,
  amount: '1300.00', frequency: 'MONTHLY', startDate, endDate, status, needCategory: 'LIVING', ...none,
});

/** The stored findings that involve a record, straight from the table. */
const findingsOf = (recordId: string) =>
  hub.db.prisma.finding.findMany({ where: { records: { has: recordId } }, select: { id: true, rule: true, status: true, current: true, records: true } });

describe('the answer needs a purpose', () => {
  test('without a purpose duplicateCheck is refused, naming the field and PURPOSE_MISSING; the record is stored, its finding opened, and nothing audited', async () => {
    let response!: Awaited<ReturnType<typeof submit>>;
    const audited = await auditedDuring(hub, async () => {
      response = await submit(tokens.caNoPurpose, [probe('PROBE-1', '2026-03-01', '2026-04-30')]);
    });
    expect(response.body.data!.submitExchangeBatch).toEqual({ stored: 1, unchanged: 0, rejected: 0, duplicateCheck: null });
    expect(response.body.errors).toHaveLength(1);
    expect(firstError(response.body)).toMatchObject({
      path: ['submitExchangeBatch', 'duplicateCheck'],
      extensions: { code: 'FORBIDDEN', reason: 'PURPOSE_MISSING', field: 'ExchangeBatchResult.duplicateCheck' },
    });
    expect(audited).toEqual([]);
    expect(await findingsOf('CIVIL_AFFAIRS:PROBE-1')).toEqual([
      { id: expect.any(Number), rule: 'D1', status: 'OPEN', current: true, records: ['CIVIL_AFFAIRS:PROBE-1', 'CIVIL_AFFAIRS:SEC-CA-B'] },
    ]);
  });

  test('with a purpose the answer tells the rule, the other record\'s department, program, county and common days, and the overpayment; never its id or amount', async () => {
    const { body } = await submit(tokens.ca, [probe('PROBE-2', '2026-06-01', '2026-07-31')]);
    expect(body.errors).toBeUndefined();
    const [stored] = await findingsOf('CIVIL_AFFAIRS:PROBE-2');
    expect(body.data!.submitExchangeBatch.duplicateCheck.findings).toEqual([
      {
        findingId: String(stored!.id), rule: 'D1', ruleName: 'EXCLUSIVE_BASIC_LIVING', status: 'OPEN',
        batchRecords: ['CIVIL_AFFAIRS:PROBE-2'],
        others: [{ department: 'CIVIL_AFFAIRS', program: 'DIBAO', regionCode: NANCHONG, overlapFrom: '2026-06-01', overlapTo: '2026-07-31' }],
        // Two months of the smaller amount, Nanchong's 980.00 低保.
        overpayment: '1960.00',
      },
    ]);
    const text = JSON.stringify(body);
    expect(text).not.toContain('SEC-CA-B');
    expect(text).not.toContain('980.00');
  });

  test('the answer writes one audit entry per person it tells of, naming the field, the caller and the purpose', async () => {
    let response!: Awaited<ReturnType<typeof submit>>;
    const audited = await auditedDuring(hub, async () => {
      response = await submit(tokens.ca, [probe('PROBE-3', '2026-09-01', '2026-10-31')]);
    });
    expect(response.body.data!.submitExchangeBatch.duplicateCheck.findings).toHaveLength(1);
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({
      sub: 'ca-chengdu-system', role: 'SYSTEM', department: 'CIVIL_AFFAIRS', purpose: PURPOSE,
      personKey: keyOf(hub, ID.wangWu), householdSourceId: null, fields: ['ExchangeBatchResult.duplicateCheck'],
    });
  });

  test('a batch that makes no duplicate answers an empty list and audits nobody', async () => {
    const clean = {
      type: 'record', department: 'CIVIL_AFFAIRS', sourceRecordId: 'CLEAN-1', program: 'TEMPORARY', beneficiaryIdNumber: ID.liXiaohong, regionCode: CHENGDU,
      amount: '600.00', frequency: 'ONE_OFF', startDate: '2026-08-01', endDate: '2026-08-01', status: 'ACTIVE', needCategory: 'EMERGENCY', ...none,
    };
    let response!: Awaited<ReturnType<typeof submit>>;
    const audited = await auditedDuring(hub, async () => {
      response = await submit(tokens.ca, [clean]);
    });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.submitExchangeBatch.duplicateCheck.findings).toEqual([]);
    expect(audited).toEqual([]);
  });
});

describe('the trace of a probe', () => {
  test('a probe re-sent as CANCELLED resolves its finding, but the auditor still reads who checked the person, when and why', async () => {
    let first!: Awaited<ReturnType<typeof submit>>;
    const written = await auditedDuring(hub, async () => {
      first = await submit(tokens.ca, [probe('PROBE-4', '2027-01-01', '2027-02-28')]);
    });
    expect(first.body.data!.submitExchangeBatch.duplicateCheck.findings).toMatchObject([{ rule: 'D1', others: [{ regionCode: NANCHONG }] }]);
    expect(written).toHaveLength(1);
    const requestOfProbe = written[0]!.requestId;

    // Cancelled: it counts for no rule, and the finding is no longer found.
    const cancel = await hub.graphql(`mutation($o: [JSON!]!) { submitExchangeBatch(objects: $o) { stored } }`, {
      token: tokens.caNoPurpose,
      variables: { o: [probe('PROBE-4', '2027-01-01', '2027-02-28', 'CANCELLED')] },
    });
    expect(cancel.body.data!.submitExchangeBatch.stored).toBe(1);
    expect(await findingsOf('CIVIL_AFFAIRS:PROBE-4')).toMatchObject([{ rule: 'D1', status: 'RESOLVED', current: false }]);

    const query = `query($p: ID!) { auditEntries(personKey: $p, first: 100) { edges { node { requestId sub role department purpose fields } } } }`;
    const { body } = await hub.graphql(query, { token: tokens.auditor, variables: { p: keyOf(hub, ID.wangWu) } });
    expect(body.errors).toBeUndefined();
    const entries = body.data!.auditEntries.edges.map((e: any) => e.node);
    expect(entries).toContainEqual({
      requestId: requestOfProbe, sub: 'ca-chengdu-system', role: 'SYSTEM', department: 'CIVIL_AFFAIRS', purpose: PURPOSE,
      fields: ['ExchangeBatchResult.duplicateCheck'],
    });
  });

  test('the finding behind the answer keeps its own rules: its evidence ids need a purpose, and reading them with one is audited', async () => {
    const [stored] = await findingsOf('CIVIL_AFFAIRS:PROBE-1');
    const query = `query($id: ID!) { finding(id: $id) { rule records } }`;
    const refused = await hub.graphql(query, { token: tokens.caNoPurpose, variables: { id: String(stored!.id) } });
    expect(refused.body.data!.finding).toBeNull();
    expect(firstError(refused.body)).toMatchObject({ path: ['finding', 'records'], extensions: { reason: 'PURPOSE_MISSING', field: 'Finding.records' } });

    let allowed!: Awaited<ReturnType<typeof hub.graphql>>;
    const audited = await auditedDuring(hub, async () => {
      allowed = await hub.graphql(query, { token: tokens.ca, variables: { id: String(stored!.id) } });
    });
    expect(allowed.body.data!.finding).toEqual({ rule: 'D1', records: ['CIVIL_AFFAIRS:PROBE-1', 'CIVIL_AFFAIRS:SEC-CA-B'] });
    expect(audited).toMatchObject([{ sub: 'ca-chengdu-system', personKey: keyOf(hub, ID.wangWu), fields: ['Finding.records'] }]);
  });
});

describe('health at the door', () => {
  test('a second payment for one hospital bill (D3) is told of the first one\'s department, program and county, with no common day', async () => {
    const bill = { eventRef: 'HOSP-ZS-2026-1', charityProgramCode: null, details: {} };
    const temporary = {
      type: 'record', department: 'CIVIL_AFFAIRS', sourceRecordId: 'TEMP-ZS-1', program: 'TEMPORARY', beneficiaryIdNumber: ID.zhangSan, regionCode: CHENGDU,
      amount: '3000.00', frequency: 'ONE_OFF', startDate: '2026-05-25', endDate: '2026-05-25', status: 'ACTIVE', needCategory: 'MEDICAL',
      ...bill, expenseBasis: '4000.00',
    };
    const first = await submit(tokens.ca, [temporary]);
    expect(first.body.data!.submitExchangeBatch.duplicateCheck.findings).toEqual([]);

    const assistance = {
      type: 'record', department: 'HEALTHCARE_SECURITY', sourceRecordId: 'HS-ZS-2', program: 'MEDICAL_ASSISTANCE', beneficiaryIdNumber: ID.zhangSan,
      regionCode: CHENGDU, amount: '2000.00', frequency: 'ONE_OFF', startDate: '2026-06-10', endDate: '2026-06-10', status: 'ACTIVE',
      needCategory: 'MEDICAL', ...bill, expenseBasis: null,
    };
    let response!: Awaited<ReturnType<typeof submit>>;
    const audited = await auditedDuring(hub, async () => {
      response = await submit(tokens.hs, [assistance]);
    });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.submitExchangeBatch.duplicateCheck.findings).toMatchObject([
      {
        rule: 'D3', batchRecords: ['HEALTHCARE_SECURITY:HS-ZS-2'],
        others: [{ department: 'CIVIL_AFFAIRS', program: 'TEMPORARY', regionCode: CHENGDU, overlapFrom: null, overlapTo: null }],
        overpayment: '1000.00',
      },
    ]);
    expect(JSON.stringify(response.body)).not.toMatch(/TEMP-ZS-1|3000\.00|4000\.00/);
    expect(audited).toMatchObject([{ sub: 'hs-chengdu-system', personKey: keyOf(hub, ID.zhangSan), fields: ['ExchangeBatchResult.duplicateCheck'] }]);
  });

  test('a charity\'s grants that pay one bill twice are stored and their finding opened, but the answer is refused to the charity and nothing audited', async () => {
    const grant = (sourceRecordId: string, expenseBasis: string | null) => ({
      type: 'record', department: 'CHARITY', sourceRecordId, program: 'CHARITY_GRANT', beneficiaryIdNumber: ID.wangWu, regionCode: NANCHONG,
      amount: '2000.00', frequency: 'ONE_OFF', startDate: '2026-07-01', endDate: '2026-07-01', status: 'ACTIVE', needCategory: 'MEDICAL',
      eventRef: 'HOSP-WW-2026-1', expenseBasis, charityProgramCode: ONE_FOUNDATION_PROGRAM, details: {},
    });
    let response!: Awaited<ReturnType<typeof submit>>;
    const audited = await auditedDuring(hub, async () => {
      response = await submit(tokens.charity, [grant('OF-W-2', '3000.00'), grant('OF-W-3', null)]);
    });
    expect(response.body.data!.submitExchangeBatch).toEqual({ stored: 2, unchanged: 0, rejected: 0, duplicateCheck: null });
    expect(firstError(response.body)).toMatchObject({ path: ['submitExchangeBatch', 'duplicateCheck'], extensions: { code: 'FORBIDDEN' } });
    expect(audited).toEqual([]);
    expect(await findingsOf('CHARITY:OF-W-2')).toMatchObject([{ rule: 'D3', status: 'OPEN', records: ['CHARITY:OF-W-2', 'CHARITY:OF-W-3'] }]);
  });
});
