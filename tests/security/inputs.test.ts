// What a caller sends: personal details asked for without a purpose, filters
// that could work as oracles on fields the caller may not read, and fields a
// caller must not set (mass assignment). Through the gateway over real HTTP.
import { startTestHub, type TestHub } from '../helpers/hub';
import { auditedDuring, firstError, HOUSEHOLD_A, ID, keyOf, NAME, RED_CROSS, RED_CROSS_PROGRAM, seedWorld } from './accessWorld';

let hub: TestHub;
let withPurpose: string;
let withoutPurpose: string;
beforeAll(async () => {
  hub = await startTestHub();
  await seedWorld(hub);
  withPurpose = await hub.token({ role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['5101'], purpose: 'case 2026-40' });
  withoutPurpose = await hub.token({ role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['5101'] });
});
afterAll(() => hub.stop());

describe('every kind of personal detail needs a purpose', () => {
  const person = (selection: string) => () => `{ person(personKey: "${keyOf(hub, ID.zhangSan)}") { personKey ${selection} } }`;
  const record = (id: string, type: string, selection: string) => () => `{ assistanceRecord(id: "${id}") { id ... on ${type} { ${selection} } } }`;
  const medical = (field: string) => record('HEALTHCARE_SECURITY:SEC-HS-A', 'HealthcareSecurityRecord', field);

  // [field, query, path of the value, the value a caller with a purpose reads]
  const cases: [string, () => string, string[], unknown][] = [
    ['Person.name', person('name'), ['person', 'name'], NAME.zhangSan],
    ['Person.disabilityGrade', person('disabilityGrade'), ['person', 'disabilityGrade'], 2],
    ['Person.disabilityType', person('disabilityType'), ['person', 'disabilityType'], 'PHYSICAL'],
    ['Household.monthlyIncomePerCapita', () => `{ household(sourceId: "${HOUSEHOLD_A}") { sourceId monthlyIncomePerCapita } }`, ['household', 'monthlyIncomePerCapita'], '420.00'],
    ['Person.expenses', person('expenses { amount }'), ['person', 'expenses'], [{ amount: '4000.00' }]],
    ['CivilAffairsRecord.assessedIncomePerCapita', record('CIVIL_AFFAIRS:SEC-CA-A', 'CivilAffairsRecord', 'assessedIncomePerCapita'), ['assistanceRecord', 'assessedIncomePerCapita'], '420.00'],
    ['CivilAffairsRecord.temporaryAssistanceReason', record('CIVIL_AFFAIRS:SEC-CA-X', 'CivilAffairsRecord', 'temporaryAssistanceReason'), ['assistanceRecord', 'temporaryAssistanceReason'], '住房失火'],
    ['CharityGrant.purpose', record('CHARITY:SEC-RC-1', 'CharityGrant', 'purpose'), ['assistanceRecord', 'purpose'], '秋季学期助学金'],
  ];

  test.each(cases)('%s: refused without a purpose, naming the field; read and audited with one', async (field, query, path, value) => {
    const refusedAudit = await auditedDuring(hub, async () => {
      const { body } = await hub.graphql(query(), { token: withoutPurpose });
      expect(firstError(body)).toMatchObject({
        message: `${field}: personal data is read only with a purpose (token claim \`purpose\`)`,
        path,
        extensions: { code: 'FORBIDDEN', reason: 'PURPOSE_MISSING' },
      });
      expect(path.reduce((node: any, key) => node?.[key], body.data) ?? null).toBeNull();
    });
    expect(refusedAudit).toEqual([]);

    const allowedAudit = await auditedDuring(hub, async () => {
      const { body } = await hub.graphql(query(), { token: withPurpose });
      expect(body.errors).toBeUndefined();
      expect(path.reduce((node: any, key) => node[key], body.data)).toEqual(value);
    });
    expect(allowedAudit.map((e) => e.fields)).toEqual([[field]]);
  });

  // A medical or disability record reveals health by existing (ACCESS.md v2): without a purpose it is
  // not there at all, exactly like an unknown id; with one, its details are read and audited.
  const healthCases: [string, () => string, string[], unknown][] = [
    ['DisabilityRecord.disabilityGrade', record('DISABLED_PERSONS_FEDERATION:SEC-DPF-A', 'DisabilityRecord', 'disabilityGrade'), ['assistanceRecord', 'disabilityGrade'], 2],
    ['HealthcareSecurityRecord.hospitalName', medical('hospitalName'), ['assistanceRecord', 'hospitalName'], '四川大学华西医院'],
    ['HealthcareSecurityRecord.billTotal', medical('billTotal'), ['assistanceRecord', 'billTotal'], '12000.00'],
    ['HealthcareSecurityRecord.outOfPocket', medical('outOfPocket'), ['assistanceRecord', 'outOfPocket'], '4000.00'],
    ['HealthcareSecurityRecord.admissionDate', medical('admissionDate'), ['assistanceRecord', 'admissionDate'], '2026-05-02'],
  ];

  test.each(healthCases)('%s: its record is absent without a purpose, like an unknown id; read and audited with one', async (field, query, path, value) => {
    const unknown = query().replace(/"(HEALTHCARE_SECURITY|DISABLED_PERSONS_FEDERATION):SEC-[A-Z-]+"/, '"$1:SEC-NONE"');
    const refusedAudit = await auditedDuring(hub, async () => {
      const hidden = await hub.graphql(query(), { token: withoutPurpose });
      const missing = await hub.graphql(unknown, { token: withoutPurpose });
      expect(hidden.body).toEqual(missing.body);
      expect(hidden.body).toEqual({ data: { assistanceRecord: null }, extensions: expect.anything() });
    });
    expect(refusedAudit).toEqual([]);

    const allowedAudit = await auditedDuring(hub, async () => {
      const { body } = await hub.graphql(query(), { token: withPurpose });
      expect(body.errors).toBeUndefined();
      expect(path.reduce((node: any, key) => node[key], body.data)).toEqual(value);
    });
    // The record's id is audited too: reaching a health record at all reveals health.
    expect(allowedAudit.map((e) => e.fields)).toEqual([[field, `${field.split('.')[0]}.id`].sort()]);
  });

  test('a record\'s history (snapshots with department details) needs a purpose too', async () => {
    const query = `{ assistanceRecord(id: "CIVIL_AFFAIRS:SEC-CA-A") { id history { current } } }`;
    const refused = await hub.graphql(query, { token: withoutPurpose });
    expect(firstError(refused.body)).toMatchObject({
      message: 'CivilAffairsRecord.history: personal data is read only with a purpose (token claim `purpose`)',
      extensions: { code: 'FORBIDDEN', reason: 'PURPOSE_MISSING' },
    });
    expect(JSON.stringify(refused.body)).not.toContain('assessedIncomePerCapita');
    const allowed = await hub.graphql(query, { token: withPurpose });
    expect(allowed.body.data!.assistanceRecord.history[0].current.details).toMatchObject({ assessedIncomePerCapita: '420.00' });
  });

  test('fields that are not personal details come without a purpose', async () => {
    const { body } = await hub.graphql(`{ person(personKey: "${keyOf(hub, ID.zhangSan)}") { maskedIdNumber sex birthDate } }`, { token: withoutPurpose });
    expect(body.errors).toBeUndefined();
    expect(body.data!.person).toEqual({ maskedIdNumber: `${ID.zhangSan.slice(0, 4)}**********${ID.zhangSan.slice(14)}`, sex: 'MALE', birthDate: '1980-05-17' });
  });
});

describe('filter oracles', () => {
  const TYPE = 'kind name ofType { kind name ofType { kind name ofType { kind name } } }';
  const named = (type: any): string => (type.ofType ? named(type.ofType) : type.name);

  /**
   * Every way a read can select or order by a value: the arguments of every
   * field but mutations, the fields of the input types they take (nested),
   * and the values of any enum an order or sort argument takes.
   */
  async function readArguments(): Promise<string[]> {
    const admin = await hub.token({ role: 'ADMIN' });
    const { body } = await hub.graphql(
      `{ __schema { mutationType { name } types { name kind fields { name args { name type { ${TYPE} } } } inputFields { name type { ${TYPE} } } enumValues { name } } } }`,
      { token: admin },
    );
    const types = new Map<string, any>(body.data!.__schema.types.map((t: any) => [t.name, t]));
    const seen = new Set<string>();
    const found: string[] = [];
    const walk = (where: string, name: string, type: any) => {
      found.push(`${where}(${name})`);
      const inner = types.get(named(type));
      if (inner?.kind === 'INPUT_OBJECT' && !seen.has(inner.name)) {
        seen.add(inner.name);
        for (const field of inner.inputFields) walk(inner.name, field.name, field.type);
      }
      if (inner?.kind === 'ENUM' && /order|sort/i.test(name)) for (const value of inner.enumValues) found.push(`${where}(${name}=${value.name})`);
    };
    for (const type of types.values()) {
      if (type.kind !== 'OBJECT' || type.name.startsWith('__') || type.name === body.data!.__schema.mutationType?.name) continue;
      for (const field of type.fields) for (const arg of field.args) walk(`${type.name}.${field.name}`, arg.name, arg.type);
    }
    return found;
  }

  test('no read filters or sorts on a personal detail: no argument names one', async () => {
    const args = await readArguments();
    // The API has read arguments at all (the walk works), among them the record filter's fields.
    expect(args).toEqual(expect.arrayContaining(['Query.assistanceRecords(filter)', 'AssistanceRecordFilter(programs)', 'Query.assistancePreCheck(needCategory)']));
    // Names, disability, income, expenses, medical details and free text about a family (ACCESS.md).
    const personal = /name|disab|income|expense|hospital|bill|insur|pocket|admission|discharge|reason|purpose|grade/i;
    expect(args.filter((arg) => personal.test(arg.replace(/^[^(]*\(/, '')))).toEqual([]);
  });

  test.each([
    ['households(name)', `{ households(first: 5, name: "张三") { totalCount } }`, /Unknown argument "name" on field "Query.households"/],
    ['households(orderBy)', `{ households(first: 5, orderBy: monthlyIncomePerCapita) { totalCount } }`, /Unknown argument "orderBy" on field "Query.households"/],
    ['filter.disabilityGrade', `{ assistanceRecords(first: 5, filter: { disabilityGrade: 1 }) { totalCount } }`, /"disabilityGrade" is not defined by type "AssistanceRecordFilter"/],
    ['filter.beneficiaryName', `{ assistanceRecords(first: 5, filter: { beneficiaryName: "张" }) { totalCount } }`, /"beneficiaryName" is not defined by type "AssistanceRecordFilter"/],
  ])('filtering on a personal field (%s) is refused by validation, naming the argument', async (_what, query, message) => {
    const { status, body } = await hub.graphql(query, { token: withPurpose });
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(firstError(body)).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(firstError(body)?.message).toMatch(message);
  });

  test('a CASEWORKER may not filter records it may not read: the filter is refused, not applied; an OFFICER\'s is', async () => {
    const query = `{ household(sourceId: "${HOUSEHOLD_A}") { sourceId assistanceRecords(filter: { programs: [DISABILITY_NURSING_SUBSIDY] }) { totalCount } } }`;
    const caseworker = await hub.graphql(query, { token: await hub.token({ role: 'CASEWORKER', regions: ['5101'], purpose: 'x' }) });
    expect(firstError(caseworker.body)).toMatchObject({ path: ['household', 'assistanceRecords'], extensions: { code: 'FORBIDDEN' } });
    expect(JSON.stringify(caseworker.body)).not.toContain('totalCount');
    const officer = await hub.graphql(query, { token: withPurpose });
    expect(officer.body.data!.household).toEqual({ sourceId: HOUSEHOLD_A, assistanceRecords: { totalCount: 1 } });
  });
});

describe('mass assignment', () => {
  const GRANT = `mutation($input: CharityGrantInput!) { recordCharityGrant(input: $input) { id } }`;
  const grant = (extra: Record<string, unknown> = {}) => ({
    sourceRecordId: 'SEC-MA-1', charityProgramCode: RED_CROSS_PROGRAM, beneficiaryIdNumber: ID.zhangXiaoming, regionCode: '510104',
    amount: '80.00', frequency: 'ONE_OFF', startDate: '2026-10-08', ...extra,
  });

  test.each([
    ['department', 'CIVIL_AFFAIRS'],
    ['sender', 'someone-else'],
    ['organization', 'ONE-FOUNDATION-SC'],
    ['needCategory', 'LIVING'],
    ['program', 'DIBAO'],
  ])('a grant input carrying %s is refused by validation and nothing is stored', async (field, value) => {
    const charity = await hub.token({ role: 'CHARITY', org: RED_CROSS, regions: [] });
    const { status, body } = await hub.graphql(GRANT, { token: charity, variables: { input: grant({ [field]: value }) } });
    expect(status).toBe(400);
    expect(firstError(body)?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(firstError(body)?.message).toContain(`Field "${field}" is not defined by type "CharityGrantInput"`);
    expect(await hub.db.prisma.assistanceRecord.count({ where: { sourceRecordId: 'SEC-MA-1' } })).toBe(0);
  });

  test('the same grant without them is stored, with the program\'s need category and the token\'s subject as sender', async () => {
    const charity = await hub.token({ role: 'CHARITY', org: RED_CROSS, regions: [], sub: 'rc-clerk' });
    const { body } = await hub.graphql(GRANT, { token: charity, variables: { input: grant() } });
    expect(body.data!.recordCharityGrant).toEqual({ id: 'CHARITY:SEC-MA-1' });
    const stored = await hub.db.prisma.assistanceRecord.findUniqueOrThrow({ where: { department_sourceRecordId: { department: 'CHARITY', sourceRecordId: 'SEC-MA-1' } } });
    expect([stored.needCategory, stored.sender, stored.program]).toEqual(['EDUCATION', 'rc-clerk', 'CHARITY_GRANT']);
  });

  const SUBMIT = `mutation($o: [JSON!]!) { submitExchangeBatch(objects: $o) { stored rejections { index problems { field reason } } } }`;
  const temporary = (extra: Record<string, unknown> = {}) => ({
    type: 'record', department: 'CIVIL_AFFAIRS', sourceRecordId: 'SEC-MA-2', program: 'TEMPORARY', beneficiaryIdNumber: ID.liXiaohong,
    regionCode: '510104', amount: '300.00', frequency: 'ONE_OFF', startDate: '2026-10-09', status: 'ACTIVE', needCategory: 'EMERGENCY', ...extra,
  });

  test.each([
    ['a record', 'sender', temporary({ sender: 'someone-else' })],
    ['a record', 'beneficiaryKey', temporary({ beneficiaryKey: 'f'.repeat(64) })],
    ['a record', 'receivedAt', temporary({ receivedAt: '2020-01-01T00:00:00Z' })],
    ['a person', 'personKey', { type: 'person', idNumber: ID.liXiaohong, personKey: 'f'.repeat(64) }],
    ['a person', 'maskedIdNumber', { type: 'person', idNumber: ID.liXiaohong, maskedIdNumber: '5101**********0000' }],
    ['a charity program', 'id', { type: 'charityProgram', code: 'SEC-MA-P', name: 'x', organization: RED_CROSS, needCategory: 'LIVING', regionCodes: ['51'], budget: '1.00', startDate: '2026-01-01', id: 7 }],
  ])('%s carrying %s is rejected naming it as an unknown field', async (_what, field, object) => {
    const officer = await hub.token({ role: 'ADMIN' });
    const { body } = await hub.graphql(SUBMIT, { token: officer, variables: { o: [object] } });
    expect(body.data!.submitExchangeBatch).toEqual({
      stored: 0,
      rejections: [{ index: 0, problems: [{ field, reason: 'unknown field (not in EXCHANGE.md for this type)' }] }],
    });
  });

  test('the record without them is stored as sent by the token\'s subject, under its own key', async () => {
    const officer = await hub.token({ role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['5101'], sub: 'officer-chen' });
    const { body } = await hub.graphql(SUBMIT, { token: officer, variables: { o: [temporary()] } });
    expect(body.data!.submitExchangeBatch).toEqual({ stored: 1, rejections: [] });
    const stored = await hub.db.prisma.assistanceRecord.findUniqueOrThrow({ where: { department_sourceRecordId: { department: 'CIVIL_AFFAIRS', sourceRecordId: 'SEC-MA-2' } } });
    expect([stored.sender, stored.beneficiaryKey]).toEqual(['officer-chen', keyOf(hub, ID.liXiaohong)]);
    const history = await hub.db.prisma.changeEvent.findMany({ where: { entityType: 'record', entityKey: 'CIVIL_AFFAIRS:SEC-MA-2' } });
    expect(history.map((h) => h.sender)).toEqual(['officer-chen']);
  });

  test('a charity naming another organisation on its program is rejected; its own is stored', async () => {
    const charity = await hub.token({ role: 'CHARITY', org: RED_CROSS, regions: [] });
    const program = (organization: string) => ({
      type: 'charityProgram', code: 'SEC-MA-PROGRAM', name: '助学', organization, needCategory: 'EDUCATION', regionCodes: ['5101'], budget: '10.00', startDate: '2026-01-01',
    });
    const foreign = await hub.graphql(SUBMIT, { token: charity, variables: { o: [program('ONE-FOUNDATION-SC')] } });
    expect(foreign.body.data!.submitExchangeBatch).toEqual({
      stored: 0,
      rejections: [{ index: 0, problems: [{ field: 'organization', reason: `must be your own organisation (${RED_CROSS})` }] }],
    });
    const own = await hub.graphql(SUBMIT, { token: charity, variables: { o: [program(RED_CROSS)] } });
    expect(own.body.data!.submitExchangeBatch).toEqual({ stored: 1, rejections: [] });
    expect((await hub.db.prisma.charityProgram.findUniqueOrThrow({ where: { code: 'SEC-MA-PROGRAM' } })).organization).toBe(RED_CROSS);
  });
});
